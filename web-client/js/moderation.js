// Staff side of a booth's chat (the seller in the studio, organizers in the
// console): read, answer, delete a message, mute a viewer, slow mode.
import { ChatView, chatErrorText } from './chat.js';
import { h, toast } from './dom.js';
import { clock } from './format.js';
import { t } from './i18n.js';

export const MUTE_MINUTES = [5, 15, 60, 1440];
export const SLOW_SECONDS = [0, 5, 10, 30, 60];

// One muted buyer with "Bỏ khóa" (44 px); `where` names the booth in the
// market day's feed.
export function mutedItem(m, where, onUnmute) {
  return h('li', { class: 'muted-item', testid: 'muted-item', dataset: { viewer: m.viewer_id } },
    h('span', { class: 'mi-who' }, h('b', { text: m.nickname || t('feed.guest', { id: m.viewer_id }) }),
      where ? h('span', { class: 'muted', text: ` · ${where}` }) : null),
    h('span', { class: 'mi-until muted', text: t('feed.until', { time: clock(m.until) }) }),
    h('button', { type: 'button', class: 'btn small', testid: 'unmute', text: t('feed.unmute'), onclick: onUnmute }));
}

// A staff panel on a hub socket: sends a moderation message or says the
// socket is down in its status line (els.status).
export class HubPanel {
  act(msg) {
    if (this.hub && this.hub.send(msg)) return true;
    this.status(t('chat.offline'));
    return false;
  }

  status(text) {
    const el = this.els.status;
    el.textContent = text;
    el.hidden = !text;
  }
}

export class ModeratedChat extends HubPanel {
  // els: {list, form, input, status, slow, mute, muted?: the muted list}
  constructor(hub, els) {
    super();
    this.hub = null;
    this.els = els;
    this.viewerId = null;
    this.view = new ChatView(els.list, {
      moderate: true,
      selfId: () => this.viewerId,
      onDelete: (m) => this.act({ type: 'delete_message', id: m.id }),
      onMute: (m) => {
        const minutes = Number(els.mute.value) || 5;
        if (this.act({ type: 'mute', viewer_id: m.from.viewer_id, minutes })) {
          toast(t('mod.muted', { name: m.from.nickname, n: minutes }), 'ok');
        }
      },
    });
    this.fillSelects();
    els.slow.addEventListener('change', () => {
      const seconds = Number(els.slow.value) || 0;
      if (this.act({ type: 'slow_mode', seconds })) toast(seconds ? t('mod.slow_on', { n: seconds }) : t('mod.slow_off'), 'ok');
    });
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = els.input.value.trim();
      if (!text) return;
      if (this.act({ type: 'chat', text })) els.input.value = '';
    });
    if (hub) this.attach(hub);
  }

  // Follows another booth's hub (the console switches rooms).
  attach(hub) {
    this.hub = hub;
    this.viewerId = null;
    this.view.reset([]);
    hub.on('welcome', (m) => { this.viewerId = m.viewer_id; this.view.reset(m.chat || []); });
    hub.on('chat', (m) => this.view.add(m));
    hub.on('message_deleted', (m) => this.view.remove(m.id));
    hub.on('mutes', (m) => this.renderMuted(m.mutes || []));
    hub.on('error', (m) => this.status(chatErrorText(m)));
    hub.on('status', (s) => this.status(s.state === 'closed' ? t('chat.reconnecting') : ''));
  }

  renderMuted(list) {
    const ul = this.els.muted;
    if (!ul) return;
    ul.replaceChildren(...list.map((m) => mutedItem(m, '', () => {
      if (this.act({ type: 'unmute', viewer_id: m.viewer_id })) toast(t('feed.unmuted', { name: m.nickname || m.viewer_id }), 'ok');
    })));
    ul.dataset.empty = t('feed.none_muted');
  }

  fillSelects() {
    const { slow, mute } = this.els;
    const sv = slow.value || '0', mv = mute.value || '5';
    slow.replaceChildren(...SLOW_SECONDS.map((s) => h('option', { value: s, text: s ? t('mod.seconds', { n: s }) : t('mod.off') })));
    mute.replaceChildren(...MUTE_MINUTES.map((m) => h('option', { value: m, text: m >= 60 ? t('mod.hours', { n: m / 60 }) : t('mod.minutes', { n: m }) })));
    slow.value = sv;
    mute.value = mv;
  }

}
