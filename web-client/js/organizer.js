// Organizer console /organizer: market days, booths and their sellers,
// seller accounts, chat moderation in any booth, and a live board of
// viewers, orders and revenue per booth, province and product group.
import './i18n_staff.js';
import { api } from './api.js';
import { clearFieldErrors, errorText, markField, showFieldError } from './errors.js';
import { setupAccount } from './account.js';
import { every, startSignedIn } from './common.js';
import { $, h, toast } from './dom.js';
import { clockSec, fromVnLocal, nowSec, num, schedule, toVnLocal, vnd } from './format.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { ModeratedChat } from './moderation.js';
import { groupLabel, sortedProvinces } from './ocop.js';
import { MarketFeed } from './organizer_feed.js';
import { OcopQueue } from './organizer_ocop.js';
import { boothEditor, dayItem, renderSteps, sellerChoices, sendLogin, setupBoothForm } from './organizer_setup.js';
import { BlockedPhones, setReportLink } from './organizer_risk.js';

const BOARD_MS = 4000;
const MAX_DAY_S = 7 * 24 * 3600;  // the server's limit, said before it refuses

let me = null;
let days = [];
let day = null;
let booths = [];
let sellers = [];
let stats = null;
let modHub = null;
let modChat = null;
let feed = null;

function pickDay(all) {
  const now = nowSec();
  return all.find((d) => d.starts_at <= now && now < d.ends_at)
    || [...all].filter((d) => d.starts_at > now).sort((a, b) => a.starts_at - b.starts_at)[0]
    || [...all].sort((a, b) => b.ends_at - a.ends_at)[0] || null;
}


function stateBadge(state) {
  return h('span', { class: `badge ${state === 'live' ? 'live' : state === 'reconnecting' ? 'wait' : 'off'}` },
    state === 'live' ? h('span', { class: 'dot' }) : '', t(`state.${state}`));
}

// ---------- board ----------
function figure(name, text) { return h('span', { class: 'fig' }, icon(name), text); }

// One line per booth or province: name and revenue, then the small figures
// and a bar of its share, readable on a phone without a wide table.
function boardRow(name, revenue, max, subs) {
  const bar = h('span', { class: 'rev-bar' });
  bar.style.width = `${Math.max(1, (revenue / max) * 100)}%`;
  return h('li', { class: 'brow' },
    h('div', { class: 'brow-top' }, name, h('b', { class: `price${revenue ? '' : ' zero'}`, text: vnd(revenue) })),
    h('div', { class: 'brow-sub' }, ...subs),
    h('span', { class: 'rev-track' }, bar));
}

function renderBoard() {
  if (!stats) return;
  const tot = stats.totals || {};
  $('#t-live').textContent = num(tot.booths_live);
  $('#t-viewers').textContent = num(tot.viewers);
  $('#t-orders').textContent = num(tot.orders);
  $('#t-revenue').textContent = vnd(tot.revenue);
  $('#board-time').textContent = t('org.updated', { time: clockSec(nowSec()) });

  const maxRev = Math.max(1, ...(stats.booths || []).map((b) => b.revenue));
  const liveFirst = (s) => (s === 'live' ? 2 : s === 'reconnecting' ? 1 : 0);
  const rows = [...(stats.booths || [])].sort((a, b) => b.revenue - a.revenue || b.viewers - a.viewers || liveFirst(b.state) - liveFirst(a.state) || a.booth_id - b.booth_id);
  $('#board-booths').replaceChildren(...rows.map((b) => boardRow(
    h('a', { class: 'brow-name', href: `/booths/${b.booth_id}`, text: b.name }), b.revenue, maxRev,
    [stateBadge(b.state), h('span', { text: b.province }), figure('eye', num(b.viewers)), figure('bag', t('org.n_orders', { n: num(b.orders) }))])));
  const provs = [...(stats.provinces || [])].sort((a, b) => b.revenue - a.revenue || b.viewers - a.viewers || b.booths_live - a.booths_live || a.province.localeCompare(b.province, 'vi'));
  const maxProv = Math.max(1, ...provs.map((p) => p.revenue));
  $('#board-provinces').replaceChildren(...provs.map((p) => boardRow(
    h('span', { class: 'brow-name', text: p.province }), p.revenue, maxProv,
    [h('span', { text: t('org.n_live', { n: num(p.booths_live) }) }), figure('eye', num(p.viewers)), figure('bag', t('org.n_orders', { n: num(p.orders) }))])));
  const groups = [...(stats.groups || [])].sort((a, b) => b.revenue - a.revenue);
  const maxG = Math.max(1, ...groups.map((g) => g.revenue));
  $('#board-groups').replaceChildren(...(groups.length ? groups.map((g) => {
    const fill = h('span', { class: 'gbar-fill' });
    fill.style.width = `${Math.max(2, (g.revenue / maxG) * 100)}%`;
    return h('li', {}, h('span', { class: 'gname', text: groupLabel(g.group) }), h('span', { class: 'gbar' }, fill),
      h('span', { class: 'gval' }, h('b', { class: 'price', text: vnd(g.revenue) }), ` · ${t('org.units', { n: num(g.units) })}`));
  }) : [h('li', { class: 'muted', text: t('org.no_sales') })]));
}

async function pollStats() {
  if (!day) return;
  stats = await api(`/api/v1/market-days/${day.id}/stats`);
  renderBoard();
}

// ---------- booths ----------
let syncNewSeller = () => {};

function boothItem(b) {
  const sel = h('select', { attrs: { 'aria-label': t('org.seller_of', { name: b.name }) } }, ...sellerChoices(sellers, b.seller && b.seller.id));
  const save = h('button', { type: 'button', class: 'btn small', text: t('org.assign'), onclick: async () => {
    try {
      await api(`/api/v1/booths/${b.id}`, { method: 'PUT', body: { seller_id: sel.value ? Number(sel.value) : null } });
      toast(t('org.assigned'), 'ok');
      await loadBooths();
    } catch (e) { toast(errorText(e), 'warn'); }
  } });
  const edit = boothEditor(b, loadBooths);
  return h('li', { class: 'booth-row', dataset: { boothId: b.id } },
    h('div', { class: 'br-main' }, h('b', { text: b.name }),
      h('span', { class: 'brow-sub' }, stateBadge(b.state), h('span', { text: b.province }),
        b.visibility === 'private' ? h('span', { class: 'badge wait', testid: 'booth-private', text: t('org.private') }) : null)),
    h('div', { class: 'br-tools' }, sel, save,
      b.seller ? h('button', { type: 'button', class: 'btn small', testid: 'send-login', text: t('card.send'), onclick: (e) => sendLogin(b, e.currentTarget.closest('li')) }) : null,
      edit.toggle,
      h('a', { class: 'btn small ghost icon-only', href: `/booths/${b.id}`, target: '_blank', rel: 'noopener', title: t('org.watch'), attrs: { 'aria-label': `${t('org.watch')}: ${b.name}` } }, icon('eye')),
      h('a', { class: 'btn small ghost icon-only', href: `/studio?booth=${b.id}`, title: t('org.studio'), attrs: { 'aria-label': `${t('org.studio')}: ${b.name}` } }, icon('live'))),
    edit.form,
    stopControls(b));
}

// "Dừng phát gian này" with a reason the seller reads; "Mở lại" undoes it.
function stopControls(b) {
  const act = async (path, body) => {
    try {
      await api(`/api/v1/booths/${b.id}/${path}`, { method: 'POST', body });
      toast(t(path === 'stop' ? 'org.stopped' : 'org.reopened', { name: b.name }), 'ok');
      await loadBooths();
    } catch (e) { toast(errorText(e), 'warn'); }
  };
  if (b.stopped) {
    return h('div', { class: 'stop-box' }, h('span', { class: 'badge off', text: t('org.is_stopped') }),
      h('button', { type: 'button', class: 'btn', testid: 'booth-reopen', text: t('org.reopen'), onclick: () => act('reopen', {}) }));
  }
  const reason = h('input', { maxLength: 300, placeholder: t('org.stop_reason'), attrs: { 'aria-label': t('org.stop_reason') } });
  const confirm = h('div', { class: 'stop-box', hidden: true }, reason,
    h('button', { type: 'button', class: 'btn danger', testid: 'booth-stop-yes', text: t('org.stop_yes'), onclick: () => {
      if (!reason.value.trim()) { toast(t('org.stop_reason_needed'), 'warn'); reason.focus(); return; }
      act('stop', { reason: reason.value.trim() });
    } }));
  return h('div', { class: 'stop-wrap' },
    h('button', { type: 'button', class: 'btn ghost danger-text', testid: 'booth-stop', text: t('org.stop'), onclick: () => { confirm.hidden = false; reason.focus(); } }),
    confirm);
}

// Another day's booths into this one; sellers keep their stream keys.
function renderCopyForm() {
  const f = $('#copy-form');
  const others = days.filter((d) => day && d.id !== day.id);
  f.hidden = !others.length;
  f.from.replaceChildren(...others.map((d) => h('option', { value: d.id, text: d.title })));
}

async function copyBooths(e) {
  e.preventDefault();
  const from = Number($('#copy-form').from.value);
  if (!from || !day) return;
  try {
    const r = await api(`/api/v1/market-days/${day.id}/copy-booths`, { method: 'POST', body: { from_market_day_id: from } });
    toast(t('org.copied', { n: r.booths.length, skipped: r.skipped.length }), 'ok');
    await loadBooths();
  } catch (ex) { toast(errorText(ex), 'warn'); }
}

function renderBooths() {
  renderCopyForm();
  $('#booth-admin').replaceChildren(...(booths.length ? booths.map(boothItem) : [h('li', { class: 'muted', text: t('org.no_booths') })]));
  const f = $('#booth-form');
  const pv = f.province.value;
  f.province.replaceChildren(...sortedProvinces().map((p) => h('option', { value: p, text: p })));
  if (pv) f.province.value = pv;
  const pick = f.seller_id.value;
  f.seller_id.replaceChildren(...sellerChoices(sellers, null, { allowNew: true }));
  f.seller_id.value = pick || (booths.length ? '' : 'new');
  syncNewSeller();
  if (!booths.length) $('#booth-create').open = true;
  renderSteps(day, booths);
  const mod = $('#mod-booth');
  const mv = mod.value;
  mod.replaceChildren(...booths.map((b) => h('option', { value: b.id, text: b.name })));
  if (mv) mod.value = mv;
  $('#seller-list').replaceChildren(...(sellers.length ? sellers.map(sellerRow) : [h('li', { class: 'muted', text: t('org.no_sellers') })]));
}

async function loadBooths() {
  const [b, s] = await Promise.all([
    api(`/api/v1/booths?market_day=${day.id}`),
    api('/api/v1/users?role=seller'),
  ]);
  booths = b.booths || [];
  sellers = s.users || [];
  renderBooths();
}

// One seller account: who, and "Khóa tài khoản" (no login, their sessions
// end at once) or "Mở khóa".
function sellerRow(s) {
  const toggle = async () => {
    try {
      await api(`/api/v1/users/${s.id}`, { method: 'PUT', body: { disabled: !s.disabled } });
      toast(t(s.disabled ? 'acct.enabled' : 'acct.disabled', { name: s.username }), 'ok');
      await loadBooths();
    } catch (e) { toast(errorText(e), 'warn'); }
  };
  return h('li', { class: `seller-row${s.disabled ? ' off' : ''}`, testid: 'seller-row', dataset: { userId: s.id } },
    h('span', { class: 'sr-who' }, h('b', { text: s.display_name || s.username }),
      h('span', { class: 'muted', text: [s.display_name ? s.username : '', s.phone].filter(Boolean).join(' · ') }),
      s.disabled ? h('span', { class: 'badge off', text: t('acct.is_disabled') }) : null),
    h('button', { type: 'button', class: `btn small${s.disabled ? '' : ' ghost danger-text'}`, testid: 'seller-disable', text: t(s.disabled ? 'acct.enable' : 'acct.disable'), onclick: toggle }));
}

// ---------- market days ----------
function renderDays() {
  const sel = $('#day-select');
  sel.replaceChildren(...[...days].sort((a, b) => a.starts_at - b.starts_at).map((d) => h('option', { value: d.id, text: d.title })));
  if (day) sel.value = String(day.id);
  sel.closest('label').hidden = days.length < 2;
  const anyLive = booths.some((b) => b.state !== 'offline');
  $('#day-list').replaceChildren(...days.map((d) => dayItem(d, d === day, { reload: reloadDays, anyLive })));
  if (!days.length) $('#day-create').open = true;
  renderSteps(day, day ? booths : []);
  $('#day-title').textContent = day ? day.title : t('org.no_days');
  $('#day-when').textContent = day ? `${schedule(day.starts_at, day.ends_at)} ${t('time.vn')}` : '';
}

async function reloadDays() {
  days = (await api('/api/v1/market-days')).market_days || [];
  await selectDay(days.find((d) => day && d.id === day.id) || pickDay(days));
}

async function selectDay(d) {
  if (!d || !day || d.id !== day.id) booths = [];
  day = d;
  stats = null;
  renderDays();
  setReportLink(day ? day.id : 0);
  if (!day) { renderBooths(); return; }
  feed.open(day.id);
  await Promise.all([loadBooths(), pollStats()]);
}

function setupForms() {
  $('#day-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target, err = $('#day-error');
    err.hidden = true;
    clearFieldErrors(f);
    const starts = fromVnLocal(f.starts.value), ends = fromVnLocal(f.ends.value);
    const title = f.title.value.trim();
    if (!title) return markField(f, 'title', t('err.required'));
    if (!starts) return markField(f, 'starts', t('err.required'));
    if (!ends) return markField(f, 'ends', t('err.required'));
    if (ends <= starts) return markField(f, 'ends', t('err.ends_at.before_start'));
    if (ends - starts > MAX_DAY_S) return markField(f, 'ends', t('err.ends_at.too_long'));
    try {
      const created = await api('/api/v1/market-days', { method: 'POST', body: { title, starts_at: starts, ends_at: ends } });
      err.hidden = true;
      f.reset();
      days = (await api('/api/v1/market-days')).market_days || [];
      const d = created.market_day || created;
      await selectDay(days.find((x) => x.id === d.id) || day);
      toast(t('org.day_created'), 'ok');
    } catch (ex) {
      if (!showFieldError(f, ex, { starts_at: 'starts', ends_at: 'ends' })) { err.textContent = errorText(ex); err.hidden = false; }
    }
  });
  syncNewSeller = setupBoothForm({ day: () => day, reload: loadBooths });
  $('#seller-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target, err = $('#seller-error');
    err.hidden = true;
    clearFieldErrors(f);
    const username = f.username.value.trim().toLowerCase();
    const password = f.password.value;
    if (!/^[a-z0-9_.-]{3,32}$/.test(username)) return markField(f, 'username', t('err.username.bad_username'));
    if (password.length < 8) return markField(f, 'password', t('err.password.too_short'));
    try {
      await api('/api/v1/users', { method: 'POST', body: { username, password, role: 'seller' } });
      f.reset();
      await loadBooths();
      toast(t('org.seller_created', { name: username }), 'ok');
    } catch (ex) {
      if (!showFieldError(f, ex)) { err.textContent = errorText(ex); err.hidden = false; }
    }
  });
  $('#copy-form').addEventListener('submit', copyBooths);
  $('#day-select').addEventListener('change', (e) => selectDay(days.find((d) => String(d.id) === e.target.value)).catch((x) => toast(errorText(x), 'warn')));
  $('#mod-join').addEventListener('click', () => {
    const id = Number($('#mod-booth').value);
    if (!id) return;
    if (modHub) modHub.close();
    modHub = new Hub(id, me.user.username);
    modChat.attach(modHub);
    modHub.connect();
    $('#mod-room').hidden = false;
    $('#mod-join').textContent = t('org.switch_room');
  });
  const now = nowSec();
  const f = $('#day-form');
  f.starts.value = toVnLocal(now - (now % 3600) + 86400);
  f.ends.value = toVnLocal(now - (now % 3600) + 86400 + 4 * 3600);
}

async function start() {
  me = await startSignedIn();
  if (!me) return;
  if (me.user.role !== 'organizer') {
    const gate = $('#gate');
    gate.replaceChildren(h('span', { text: t('org.only') }), ' ', h('a', { href: '/studio', text: t('login.go_studio') }));
    gate.hidden = false;
    return;
  }
  $('#console').hidden = false;
  feed = new MarketFeed({ list: $('#feed-list'), status: $('#feed-status'), mute: $('#feed-mute'), filter: $('#feed-filter'), muted: $('#muted-list') }, me.user.username);
  modChat = new ModeratedChat(null, { list: $('[data-testid=chat-list]'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status'), slow: $('#slow-mode'), mute: $('#mute-minutes') });
  setupForms();
  setupAccount(me);
  const blocked = new BlockedPhones({ errorText });
  blocked.load().catch((e) => toast(errorText(e), 'warn'));
  const claims = new OcopQueue({ errorText });
  claims.refresh().catch((e) => toast(errorText(e), 'warn'));
  every(BOARD_MS * 5, () => claims.refresh());
  days = (await api('/api/v1/market-days')).market_days || [];
  await selectDay(pickDay(days));
  every(BOARD_MS, pollStats);
  document.addEventListener('langchange', () => { renderDays(); renderBooths(); renderBoard(); blocked.render(); claims.render(); modChat.fillSelects(); modChat.view.label(); feed.relabel(); setupAccount(me); });
}

start();
