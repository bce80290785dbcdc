// A booth's chat list, shared by the watch page, the studio and the
// organizer console. Nicknames and messages are user text: textContent only.
import { h } from './dom.js';
import { clock, duration } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';

const MAX_ITEMS = 200;

export class ChatView {
  // opts: {moderate: bool, onDelete(msg), onMute(msg), selfId: () => viewer id,
  //        boothName(msg): the booth a line came from, in a market day's feed}
  constructor(list, opts = {}) {
    this.list = list;
    this.opts = opts;
    this.items = new Map();
    this.label();
  }

  // The empty-list hint is CSS (content: attr(data-empty)), so no fake item
  // ever sits in the list.
  label() { this.list.dataset.empty = t(this.opts.moderate ? 'chat.empty_staff' : 'chat.empty'); }

  nearBottom() {
    const l = this.list;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 60;
  }

  item(m) {
    const from = m.from || {};
    const staff = from.role === 'seller' || from.role === 'organizer';
    const mine = this.opts.selfId && from.viewer_id === this.opts.selfId();
    const li = h('li', { class: `chat-item${staff ? ' staff' : ''}${mine ? ' mine' : ''}${this.opts.moderate ? ' mod' : ''}`, dataset: { id: m.id, viewer: from.viewer_id } });
    if (this.opts.boothName) li.append(h('span', { class: 'booth-tag', testid: 'chat-booth', text: this.opts.boothName(m) }));
    const head = h('span', { class: 'chat-name', text: from.nickname || '?' });
    li.append(head);
    if (staff) li.append(h('span', { class: `role-tag ${from.role}`, text: t(`role.${from.role}`) }));
    li.append(h('span', { class: 'chat-text', text: m.text }));
    // The server read this line as an order for the pinned product: the seller sees it at a glance.
    if (m.order && this.opts.moderate) {
      li.classList.add('wants');
      li.append(h('span', { class: 'chat-order', dataset: { testid: 'chat-order-mark' }, text: t('chat.order_mark', { n: m.order.qty }) }));
    }
    if (this.opts.moderate) {
      li.append(h('time', { class: 'chat-time', text: clock(m.ts) }));
      const tools = h('span', { class: 'chat-tools' },
        h('button', { type: 'button', class: 'tool', title: t('mod.delete'), attrs: { 'aria-label': t('mod.delete') }, onclick: () => this.opts.onDelete(m) }, icon('trash')));
      if (!staff) {
        tools.append(h('button', { type: 'button', class: 'tool', title: t('mod.mute'), attrs: { 'aria-label': t('mod.mute_who', { name: from.nickname }) }, onclick: () => this.opts.onMute(m) }, icon('block')));
      }
      li.append(tools);
    }
    return li;
  }

  reset(messages) {
    this.items.clear();
    this.list.replaceChildren();
    for (const m of messages) this.add(m, false);
    this.list.scrollTop = this.list.scrollHeight;
  }

  add(m, scroll = true) {
    if (this.items.has(m.id)) return;
    const stick = this.nearBottom();
    const li = this.item(m);
    this.items.set(m.id, li);
    this.list.append(li);
    while (this.list.children.length > MAX_ITEMS) {
      const first = this.list.firstElementChild;
      this.items.delete(Number(first.dataset.id));
      first.remove();
    }
    if (scroll && stick) this.list.scrollTop = this.list.scrollHeight;
  }

  remove(id) {
    const li = this.items.get(id);
    if (li) { li.remove(); this.items.delete(id); }
  }

  // A local line (not from the server), e.g. "you are muted".
  system(text) {
    const stick = this.nearBottom();
    this.list.append(h('li', { class: 'chat-item system', text }));
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }
}

// Hub error codes a chatter can see, in the page's language.
export function chatErrorText(msg) {
  const known = ['muted', 'slow_mode', 'rate_limited', 'forbidden'];
  const seconds = (/(\d+)/.exec(msg.message || '') || [])[1];
  if (known.includes(msg.code)) return t(`chat.err.${msg.code}`, { s: seconds === undefined ? '' : duration(seconds) });
  if (msg.code === 'invalid' && /blocked word/.test(msg.message || '')) return t('chat.err.blocked');
  return t('chat.err.generic');
}
