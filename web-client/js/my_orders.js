// "Đơn của tôi" (/orders): the orders placed from this browser, each asked
// for its status by code and phone every 5 s while the page is visible, and
// a lookup by code and phone for an order placed on another device.
import { api } from './api.js';
import { every, initPage } from './common.js';
import { $, copyText, h, toast } from './dom.js';
import { clock, day, vnd } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { forgetOrder, rememberOrder, rememberedOrders } from './my_orders_store.js';

const POLL_MS = 5000;
const STEPS = ['placed', 'confirmed', 'shipped', 'delivered'];
const lookupPath = (o) => `/api/v1/orders/lookup?code=${encodeURIComponent(o.code)}&phone=${encodeURIComponent(o.phone)}`;

const state = new Map();  // code -> the server's answer, or {missing: true}

function steps(status) {
  if (status === 'cancelled' || status === 'returned') {
    return h('p', { class: 'my-status ended', testid: 'my-order-status', dataset: { status }, text: t(`order.status.${status}`) });
  }
  const at = STEPS.indexOf(status);
  return h('ol', { class: 'my-steps', testid: 'my-order-status', dataset: { status } },
    ...STEPS.map((s, i) => h('li', { class: i < at ? 'done' : i === at ? 'now' : '', text: t(`order.status.${s}`), attrs: { 'aria-current': i === at ? 'step' : null } })));
}

function item(o) {
  const s = state.get(o.code);
  // A read-only field holds the code, so copying works on plain http too.
  const field = h('input', { class: 'order-code', readOnly: true, value: o.code, size: 10, attrs: { 'aria-label': t('my.code') } });
  const copy = h('button', { type: 'button', class: 'btn small ghost', attrs: { 'aria-label': `${t('common.copy')} ${o.code}` }, onclick: async () => {
    const ok = await copyText(o.code, field);
    toast(t(ok ? 'common.copied' : 'common.copy_failed'), ok ? 'ok' : 'warn');
  } }, icon('copy'), t('common.copy'));
  const head = h('div', { class: 'my-head' }, field, copy);
  const li = h('li', { class: 'my-order panel', testid: 'my-order', dataset: { code: o.code } }, head);
  if (!s) { li.append(h('p', { class: 'muted', text: t('my.loading') })); return li; }
  if (s.missing) {
    li.append(h('p', { class: 'notice warn', text: t('my.missing') }),
      h('button', { type: 'button', class: 'btn small ghost', text: t('my.forget'), onclick: () => { forgetOrder(o.code); render(); } }));
    return li;
  }
  li.append(
    h('p', { class: 'my-what' }, h('span', { text: `${s.product_name || o.product_name || ''} × ${s.qty}` }), ' ',
      h('b', { class: 'price', text: vnd(s.total) })),
    h('p', { class: 'muted' }, s.booth_name ? h('a', { href: `/booths/${s.booth_id}`, text: s.booth_name }) : null,
      ` · ${clock(s.created_at)} ${day(s.created_at, { weekday: false })}`),
    steps(s.status));
  return li;
}

function render() {
  const list = rememberedOrders();
  $('#my-orders').replaceChildren(...list.map(item));
  $('#my-none').hidden = list.length > 0;
}

async function refresh() {
  await Promise.all(rememberedOrders().map(async (o) => {
    try {
      state.set(o.code, await api(lookupPath(o)));
    } catch (e) {
      if (e.status === 404) state.set(o.code, { missing: true });
      // Network trouble or a limit: keep what we showed.
    }
  }));
  render();
}

async function lookup(e) {
  e.preventDefault();
  const f = $('#lookup-form'), err = $('#lookup-error');
  const entry = { code: f.code.value.trim().toUpperCase(), phone: f.phone.value.trim() };
  try {
    const found = await api(lookupPath(entry));
    err.hidden = true;
    rememberOrder({ code: found.code, phone: entry.phone, product_name: found.product_name, at: found.created_at });
    state.set(found.code, found);
    f.reset();
    render();
  } catch (ex) {
    err.textContent = t(ex.status === 404 ? 'my.not_found' : ex.status === 400 ? 'my.bad_input' : ex.status === 429 ? 'my.too_many' : 'error.network');
    err.hidden = false;
  }
}

initPage();
render();
refresh();
every(POLL_MS, refresh);
$('#lookup-form').addEventListener('submit', lookup);
document.addEventListener('langchange', render);
