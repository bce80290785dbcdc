// The organizers' moderation of a whole market day: one chat feed of every
// booth (/ws/market-days/{id}/moderation), delete and mute from it, and the
// muted buyers of each booth with "Bỏ khóa".
import { ChatView, chatErrorText } from './chat.js';
import { h, toast } from './dom.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { HubPanel, MUTE_MINUTES, mutedItem } from './moderation.js';

const KEEP = 300;  // lines kept for re-filtering; the list itself shows the newest

export class MarketFeed extends HubPanel {
  // els: {list, status, mute (minutes select), filter (booth select), muted (ul)}
  constructor(els, nickname) {
    super();
    this.els = els;
    this.nickname = nickname;
    this.hub = null;
    this.booths = new Map();  // id -> {id, name, province, state}
    this.lines = [];
    this.mutes = new Map();   // booth id -> [{viewer_id, nickname, until}]
    this.view = new ChatView(els.list, {
      moderate: true,
      boothName: (m) => (this.booths.get(m.booth_id) || {}).name || `#${m.booth_id}`,
      onDelete: (m) => this.act({ type: 'delete_message', booth_id: m.booth_id, id: m.id }),
      onMute: (m) => {
        const minutes = Number(els.mute.value) || 5;
        if (this.act({ type: 'mute', booth_id: m.booth_id, viewer_id: m.from.viewer_id, minutes })) {
          toast(t('mod.muted', { name: m.from.nickname, n: minutes }), 'ok');
        }
      },
    });
    els.filter.addEventListener('change', () => this.renderLines());
    this.fillMute();
  }

  open(dayId) {
    if (this.hub) this.hub.close();
    this.booths.clear();
    this.lines = [];
    this.mutes.clear();
    this.view.reset([]);
    this.renderMuted();
    const hub = new Hub(0, this.nickname, `/ws/market-days/${dayId}/moderation`);
    this.hub = hub;
    hub.on('welcome', (m) => {
      this.booths = new Map((m.booths || []).map((b) => [b.id, b]));
      this.mutes.clear();
      this.lines = (m.chat || []).slice(-KEEP);
      this.fillFilter();
      this.renderLines();
      this.renderMuted();
    });
    hub.on('chat', (m) => {
      this.lines.push(m);
      if (this.lines.length > KEEP) this.lines.shift();
      if (this.shows(m)) this.view.add(m);
    });
    hub.on('message_deleted', (m) => {
      this.lines = this.lines.filter((x) => x.id !== m.id);
      this.view.remove(m.id);
    });
    hub.on('live', (m) => {
      const b = this.booths.get(m.booth_id);
      if (b) { b.state = m.state; this.fillFilter(); }
    });
    hub.on('mutes', (m) => { this.mutes.set(m.booth_id, m.mutes || []); this.renderMuted(); });
    hub.on('error', (m) => this.status(chatErrorText(m)));
    hub.on('status', (s) => this.status(s.state === 'closed' ? t('chat.reconnecting') : ''));
    hub.connect();
  }

  shows(m) {
    const f = this.els.filter.value;
    return !f || String(m.booth_id) === f;
  }

  renderLines() { this.view.reset(this.lines.filter((m) => this.shows(m))); }

  // Live booths first: those are where the chat is.
  fillFilter() {
    const sel = this.els.filter, keep = sel.value;
    const rank = (b) => (b.state === 'live' ? 0 : b.state === 'reconnecting' ? 1 : 2);
    const list = [...this.booths.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi'));
    sel.replaceChildren(h('option', { value: '', text: t('feed.all') }),
      ...list.map((b) => h('option', { value: b.id, text: b.state === 'offline' ? b.name : `● ${b.name}` })));
    sel.value = this.booths.has(Number(keep)) ? keep : '';
  }

  fillMute() {
    const sel = this.els.mute, keep = sel.value || '5';
    sel.replaceChildren(...MUTE_MINUTES.map((m) => h('option', { value: m, text: m >= 60 ? t('mod.hours', { n: m / 60 }) : t('mod.minutes', { n: m }) })));
    sel.value = keep;
  }

  renderMuted() {
    const items = [];
    for (const [boothId, list] of this.mutes) {
      const booth = (this.booths.get(boothId) || {}).name || `#${boothId}`;
      for (const m of list) {
        items.push(mutedItem(m, booth, () => {
          if (this.act({ type: 'unmute', booth_id: boothId, viewer_id: m.viewer_id })) toast(t('feed.unmuted', { name: m.nickname || m.viewer_id }), 'ok');
        }));
      }
    }
    this.els.muted.replaceChildren(...items);
    this.els.muted.dataset.empty = t('feed.none_muted');
  }

  relabel() { this.view.label(); this.fillMute(); this.fillFilter(); this.renderMuted(); }
}
