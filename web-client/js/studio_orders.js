// The studio's order feed: status changes, transfer payments, risk signals
// (filter by code) and cancelling a cluster (one network or one browser) in
// one action with one confirmation. Risk codes and cluster keys come only in
// the staff's order JSON; the buyer never gets them.
import { api } from './api.js';
import { $, $$, h, toast } from './dom.js';
import { clock, day, vnd } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { parcels } from './parcels.js';

const NEXT = { placed: ['confirmed', 'cancelled'], confirmed: ['shipped', 'cancelled'], shipped: ['delivered', 'returned'], delivered: [], cancelled: [], returned: [] };
export const RISK_CODES = ['many_from_address', 'new_phone', 'phone_refused_before', 'many_phones_one_cookie'];
const OPEN = new Set(['placed', 'confirmed']);

export class OrderFeed {
  // productName(id) -> text; errorText(e) -> text.
  constructor(boothId, { productName, errorText }) {
    this.boothId = boothId;
    this.productName = productName;
    this.errorText = errorText;
    this.orders = new Map();
    this.filter = 'open';
    this.risk = '';  // '' all, 'any', or one code
    this.unseen = 0;
    this.asking = null;  // the cluster whose confirmation is showing: {orderId, by}
  }

  setup() {
    for (const b of $$('.seg-btn')) {
      b.addEventListener('click', () => {
        this.filter = b.dataset.filter;
        for (const x of $$('.seg-btn')) x.classList.toggle('on', x === b);
        this.render();
      });
    }
    const sel = $('#risk-filter');
    sel.addEventListener('change', () => { this.risk = sel.value; this.render(); });
    this.fillRiskFilter();
    $('#orders-csv').href = `/api/v1/booths/${this.boothId}/orders.csv`;
  }

  fillRiskFilter() {
    const sel = $('#risk-filter');
    sel.replaceChildren(h('option', { value: '', text: t('studio.risk_all') }), h('option', { value: 'any', text: t('studio.risk_any') }),
      ...RISK_CODES.map((c) => h('option', { value: c, text: t(`risk.${c}`) })));
    sel.value = this.risk;
  }

  async load() {
    const r = await api(`/api/v1/booths/${this.boothId}/orders`);
    this.orders = new Map((r.orders || []).map((o) => [o.id, o]));
    this.render();
  }

  // The open orders sharing this order's network address or browser cookie.
  cluster(o, by) {
    const key = by === 'address' ? o.client_key : o.viewer_id;
    if (!key) return [];
    return [...this.orders.values()].filter((x) => OPEN.has(x.status) && (by === 'address' ? x.client_key : x.viewer_id) === key);
  }

  shown() {
    const all = [...this.orders.values()].sort((a, b) => b.created_at - a.created_at || b.id - a.id);
    return all.filter((o) => (this.filter !== 'open' || OPEN.has(o.status)) &&
      (!this.risk || (this.risk === 'any' ? (o.risk || []).length > 0 : (o.risk || []).includes(this.risk))));
  }

  render() {
    const all = [...this.orders.values()];
    this.parcelOf = parcels(all);
    const shown = this.shown();
    $('[data-testid=order-feed]').replaceChildren(...shown.map((o) => this.item(o)));
    $('#orders-none').hidden = shown.length > 0;
    const fresh = all.filter((o) => o.status === 'placed').length;
    const revenue = all.filter((o) => o.status !== 'cancelled' && o.status !== 'returned').reduce((s, o) => s + o.total, 0);
    $('#orders-sum').textContent = t('studio.orders_sum', { n: all.length, fresh, revenue: vnd(revenue) });
    const badge = $('#orders-badge');
    badge.textContent = String(fresh);
    badge.hidden = !fresh;
  }

  upsert(o, isNew = false) {
    const known = this.orders.has(o.id);
    this.orders.set(o.id, o);
    this.render();
    if (isNew && !known) {
      this.unseen += 1;
      document.title = `(${this.unseen}) ${t('studio.title')}`;
      toast(t('studio.new_order', { code: o.code, total: vnd(o.total) }), 'ok');
      const li = document.querySelector(`.order[data-order-id="${o.id}"]`);
      if (li) li.classList.add('fresh');
    }
  }

  async patch(o, body, button) {
    button.disabled = true;
    try { this.upsert(await api(`/api/v1/orders/${o.id}`, { method: 'PATCH', body })); } catch (e) { button.disabled = false; toast(this.errorText(e), 'warn'); }
  }

  statusButtons(o) {
    const out = [];
    for (const to of NEXT[o.status] || []) {
      const b = h('button', { type: 'button', class: `btn small ${to === 'cancelled' || to === 'returned' ? 'ghost danger-text' : 'primary'}`, dataset: { to }, text: t(`order.act.${to}`) });
      let armed = 0;
      b.addEventListener('click', () => {
        if (to === 'cancelled' && !armed) {
          b.textContent = t('order.act.cancel_confirm');
          armed = setTimeout(() => { armed = 0; b.textContent = t('order.act.cancelled'); }, 4000);
          return;
        }
        clearTimeout(armed);
        this.patch(o, { status: to }, b);
      });
      out.push(b);
    }
    return out;
  }

  payment(o) {
    if (o.payment_method !== 'bank_transfer') return h('span', { class: 'pay-tag', text: t('order.pay.cod') });
    const tag = h('span', { class: `pay-tag transfer${o.paid_at ? ' paid' : ''}` }, t('order.pay.bank_transfer'), ' · ',
      o.paid_at ? t('order.paid_at', { time: clock(o.paid_at) }) : t('order.unpaid'));
    return tag;
  }

  clusterButtons(o) {
    const out = [];
    for (const by of ['address', 'cookie']) {
      const n = this.cluster(o, by).length;
      if (n < 2) continue;  // one order is cancelled with its own button
      out.push(h('button', { type: 'button', class: 'btn small ghost danger-text', testid: `cancel-cluster-${by}`,
        text: t(`studio.cluster.${by}`, { n }), onclick: () => { this.asking = { orderId: o.id, by }; this.render(); } }));
    }
    return out;
  }

  // One confirmation for the whole cluster; the server cancels exactly the
  // open orders that share the key, and says which.
  confirmBox(o) {
    const { by } = this.asking;
    const n = this.cluster(o, by).length;
    const yes = h('button', { type: 'button', class: 'btn small danger', testid: 'cluster-yes', text: t('studio.cluster_yes', { n }) });
    const no = h('button', { type: 'button', class: 'btn small ghost', text: t('common.cancel'), onclick: () => { this.asking = null; this.render(); } });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        const r = await api(`/api/v1/booths/${this.boothId}/orders/cancel-cluster`, { method: 'POST', body: { order_id: o.id, by } });
        this.asking = null;
        for (const c of r.cancelled || []) this.orders.set(c.id, c);
        this.render();
        toast(t('studio.cluster_done', { n: (r.cancelled || []).length }), 'ok');
      } catch (e) { yes.disabled = false; toast(this.errorText(e), 'warn'); }
    });
    return h('div', { class: 'confirm', attrs: { role: 'alertdialog' } }, h('p', { text: t(`studio.cluster_q.${by}`, { n }) }), yes, no);
  }

  // "Gộp 1 kiện": this buyer's other open orders of the last half hour.
  parcel(o) {
    const p = this.parcelOf && this.parcelOf.get(o.id);
    if (!p) return null;
    return h('p', { class: 'order-parcel', testid: 'order-parcel' }, icon('bag'), t('studio.parcel', { n: p.size, codes: p.others.join(', ') }));
  }

  item(o) {
    const actions = h('div', { class: 'order-actions' }, ...this.statusButtons(o));
    if (o.payment_method === 'bank_transfer' && !o.paid_at && o.status !== 'cancelled') {
      const b = h('button', { type: 'button', class: 'btn small', testid: 'mark-paid', text: t('order.act.mark_paid') });
      b.addEventListener('click', () => this.patch(o, { paid: true }, b));
      actions.append(b);
    }
    if (OPEN.has(o.status)) actions.append(...this.clusterButtons(o));
    const risk = (o.risk || []).map((c) => h('span', { class: `risk-tag r-${c}`, dataset: { risk: c }, title: c }, icon('warning'), t(`risk.${c}`)));
    const phone = h('a', { href: `tel:${o.phone}`, class: 'tel' }, icon('phone'), o.phone.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3'));
    return h('li', { class: 'order', dataset: { status: o.status, orderId: o.id, payment: o.payment_method, risk: (o.risk || []).join(' ') } },
      h('div', { class: 'order-head' }, h('b', { class: 'order-code-s', text: o.code }), h('time', { class: 'muted', text: `${clock(o.created_at)} · ${day(o.created_at, { weekday: false, year: false })}` }),
        h('span', { class: `status s-${o.status}`, text: t(`order.status.${o.status}`) })),
      h('p', { class: 'order-line' }, h('span', { text: `${o.qty} × ${this.productName(o.product_id)}` }), h('b', { class: 'price', text: vnd(o.total) })),
      h('p', { class: 'order-pay' }, this.payment(o)),
      risk.length ? h('p', { class: 'order-risk', testid: 'order-risk' }, ...risk) : null,
      h('p', { class: 'order-cust' }, icon('person'), h('span', { text: o.name }), phone),
      h('p', { class: 'order-addr' }, icon('place'), h('span', { text: o.address })),
      o.note ? h('p', { class: 'order-note', text: `“${o.note}”` }) : null,
      this.parcel(o),
      actions,
      this.asking && this.asking.orderId === o.id ? this.confirmBox(o) : null);
  }
}
