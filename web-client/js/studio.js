// Seller studio /studio: RTMP URL + key (copy, QR, rotate), ingest health,
// products (create, edit, stock, pin with or without a deal), the live order
// feed with status changes, and chat moderation.
import { api } from './api.js';
import { clearFieldErrors, errorText, showFieldError } from './errors.js';
import './i18n_staff.js';
import { amountInput } from './amount_input.js';
import { ocopBadge, productCard, productImage } from './card.js';
import { setupAccount } from './account.js';
import { every, startSignedIn } from './common.js';
import { CertPhoto, PhotoEditor } from './studio_photos.js';
import { parseAmount } from './vn_number.js';
import { $, $$, copyText, h, toast } from './dom.js';
import { clockSec, dmy, nowSec, num, vnd } from './format.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { ModeratedChat } from './moderation.js';
import { GROUPS, groupLabel, sortedProvinces } from './ocop.js';
import { BankAccountPanel } from './studio_bank.js';
import { OrderFeed } from './studio_orders.js';

const HEALTH_MS = 3000;

let me = null;
let boothId = 0;
let booth = null;
let products = [];
let card = null;
let feed = null;
let hub = null;
let bitrates = [];
let liveState = 'offline';
let modChat = null;

// ---------- header and state ----------
function renderState(state, viewers) {
  liveState = state;
  const b = $('#state-badge');
  b.className = `badge ${state === 'live' ? 'live' : state === 'reconnecting' ? 'wait' : 'off'}`;
  b.replaceChildren(state === 'live' ? h('span', { class: 'dot' }) : '', t(`state.${state}`));
  if (viewers !== undefined) $('#viewers-n').textContent = num(viewers);
}

// ---------- stream key ----------
async function loadKey() {
  const k = await api(`/api/v1/booths/${boothId}/stream-key`);
  $('#rtmp-url').value = k.rtmp_url;
  $('#stream-key').value = k.stream_key;
  $('#publish-url').value = k.publish_url;
  $('#larix-link').href = k.larix_url;
  // The QR holds the key too: drawn only once the seller asked to see it.
  qrSrc = `/api/v1/booths/${boothId}/stream-key/qr.svg?k=${encodeURIComponent(k.stream_key.slice(0, 6))}`;
  if (!$('#qr-box').hidden) $('#qr').src = qrSrc;
}
let qrSrc = '';

function setupKey() {
  for (const b of $$('[data-copy]')) {
    b.addEventListener('click', async () => {
      const input = $(b.dataset.copy);
      const wasPassword = input.type === 'password';
      if (wasPassword) input.type = 'text';
      const ok = await copyText(input.value, input);
      if (wasPassword) input.type = 'password';
      toast(ok ? t('common.copied') : t('common.copy_failed'), ok ? 'ok' : 'warn');
    });
  }
  $('#show-key').addEventListener('click', () => {
    const show = $('#qr-box').hidden;
    for (const id of ['#stream-key', '#publish-url']) $(id).type = show ? 'text' : 'password';
    $('#qr-box').hidden = !show;
    if (show && qrSrc) $('#qr').src = qrSrc;
    const b = $('#show-key');
    b.dataset.i18n = show ? 'studio.hide_all' : 'studio.show_all';
    b.textContent = t(b.dataset.i18n);
    b.setAttribute('aria-expanded', String(show));
  });
  const confirmBox = $('#rotate-confirm');
  $('#rotate-key').addEventListener('click', () => { confirmBox.hidden = false; $('#rotate-no').focus(); });
  $('#rotate-no').addEventListener('click', () => { confirmBox.hidden = true; });
  $('#rotate-yes').addEventListener('click', async () => {
    confirmBox.hidden = true;
    try {
      await api(`/api/v1/booths/${boothId}/stream-key/rotate`, { method: 'POST' });
      await loadKey();
      toast(t('studio.rotated'), 'ok');
    } catch (e) { toast(errorText(e), 'warn'); }
  });
}

// ---------- rehearsal (a private booth) ----------
function renderStopped() {
  const note = $('#stopped-note');
  note.hidden = !booth.stopped_reason;
  if (booth.stopped_reason) note.textContent = t('studio.stopped', { reason: booth.stopped_reason });
}

function renderVisibility() {
  const priv = booth.visibility === 'private';
  $('#visibility-toggle').checked = priv;
  $('#rehearsal-note').hidden = !priv;
}

function setupRehearsal() {
  renderVisibility();
  const box = $('#visibility-toggle');
  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      const b = await api(`/api/v1/booths/${boothId}`, { method: 'PUT', body: { visibility: box.checked ? 'private' : 'public' } });
      booth.visibility = b.visibility;
      toast(t(b.visibility === 'private' ? 'studio.rehearsal_started' : 'studio.rehearsal_ended'), 'ok');
    } catch (e) { toast(errorText(e), 'warn'); }
    box.disabled = false;
    renderVisibility();
  });
}

// ---------- ingest health ----------
const CODECS = { h264: 'H.264', avc: 'H.264', aac: 'AAC', opus: 'Opus', mp3: 'MP3', hevc: 'H.265', h265: 'H.265' };
const codecName = (c) => (c ? CODECS[String(c).toLowerCase()] || String(c).toUpperCase() : '');

// What viewers' players report (RTCP receiver reports), averaged over the
// booth's connected viewers; null until one has reported.
function renderDelivery(d) {
  const loss = $('#h-loss'), rtt = $('#h-rtt');
  loss.textContent = d ? `${d.loss_pct} %` : '–';
  loss.dataset.level = !d ? '' : d.loss_pct < 2 ? 'good' : d.loss_pct < 8 ? 'fair' : 'poor';
  rtt.textContent = d && d.rtt_ms !== null ? `${Math.round(d.rtt_ms)} ms` : '–';
}

function renderHealth(ingest) {
  const grid = $('#health-grid'), none = $('#health-none'), warn = $('#h-warn');
  $('#health-time').textContent = t('studio.updated', { time: clockSec(nowSec()) });
  if (!ingest) {
    grid.hidden = true;
    none.hidden = false;
    warn.hidden = true;
    bitrates = [];
    $('#h-bars').replaceChildren();
    return;
  }
  grid.hidden = false;
  none.hidden = true;
  const kbps = Math.round(ingest.bitrate_kbps || 0);
  const rate = $('#h-bitrate');
  rate.textContent = `${num(kbps)} kbps`;
  rate.dataset.level = kbps >= 800 ? 'good' : kbps >= 300 ? 'fair' : 'poor';
  $('#h-fps').textContent = ingest.fps ? String(Math.round(ingest.fps * 10) / 10) : '–';
  $('#h-res').textContent = ingest.width ? `${ingest.width}×${ingest.height}` : '–';
  $('#h-key').textContent = ingest.keyframe_interval_s ? `${Math.round(ingest.keyframe_interval_s * 10) / 10} s` : '–';
  $('#h-codec').textContent = [codecName(ingest.video_codec), codecName(ingest.audio_codec)].filter(Boolean).join(' + ') || '–';
  const bf = $('#h-bf');
  bf.textContent = t(ingest.bframes ? 'studio.bf_yes' : 'studio.bf_no');
  bf.dataset.level = ingest.bframes ? 'fair' : 'good';
  const warnings = [];
  if (ingest.bframes) warnings.push(t('studio.warn_bframes'));
  if (ingest.keyframe_interval_s > 4) warnings.push(t('studio.warn_gop', { n: Math.round(ingest.keyframe_interval_s) }));
  if (kbps && kbps < 300) warnings.push(t('studio.warn_low'));
  warn.replaceChildren(...warnings.map((w) => h('span', { class: 'warn-line' }, icon('warning'), w)));
  warn.hidden = warnings.length === 0;
  bitrates.push(kbps);
  if (bitrates.length > 40) bitrates.shift();
  const max = Math.max(1000, ...bitrates);
  $('#h-bars').replaceChildren(...bitrates.map((v) => {
    const bar = h('span', { class: 'bar' });
    bar.style.height = `${Math.max(4, (v / max) * 100)}%`;
    return bar;
  }));
}

async function pollHealth() {
  const b = await api(`/api/v1/booths/${boothId}`);
  renderState(b.state, b.viewers);
  renderHealth(b.ingest || null);
  renderDelivery(b.delivery || null);
}

// ---------- pinned card ----------
function renderPinned() {
  const slot = $('#pinned-card');
  slot.replaceChildren(card ? productCard(card, { compact: true }) : '');
  $('#pinned-none').hidden = !!card;
  $('#unpin').hidden = !card;
  for (const b of $$('[data-testid=pin-button]')) {
    const on = card && Number(b.dataset.productId) === card.id;
    b.classList.toggle('on', !!on);
    b.replaceChildren(icon('pin'), t(on ? 'studio.pinned_now' : 'studio.pin'));
  }
}

function pin(productId, deal) {
  const msg = { type: 'pin', product_id: productId };
  if (deal) msg.deal = deal;
  if (!hub.send(msg)) toast(t('chat.offline'), 'warn');
}

// ---------- products ----------
const DAY_S = 86400;
const EXPIRY_WARN_DAYS = 30;

// Where the seller's OCOP claim stands, and a warning in the last 30 days
// of its certificate.
function claimLine(p) {
  const lines = [];
  if (p.ocop_status === 'rejected') lines.push(h('p', { class: 'claim rejected', testid: 'ocop-claim', text: t('claim.rejected', { reason: p.ocop_reason }) }));
  else lines.push(h('p', { class: `claim ${p.ocop_status}`, testid: 'ocop-claim', text: t(`claim.${p.ocop_status === 'approved' ? 'approved' : 'pending'}`) }));
  if (p.certificate_expires) {
    const left = Math.ceil((Date.parse(`${p.certificate_expires}T00:00:00+07:00`) / 1000 - nowSec()) / DAY_S);
    const date = dmy(p.certificate_expires);
    if (left <= 0) lines.push(h('p', { class: 'claim rejected', testid: 'cert-expiry', text: t('claim.expired', { date }) }));
    else if (left <= EXPIRY_WARN_DAYS) lines.push(h('p', { class: 'claim warn', testid: 'cert-expiry', text: t('claim.expires', { date, n: left }) }));
  }
  return lines;
}

function productItem(p) {
  const stockIn = h('input', { value: p.stock, inputMode: 'numeric', class: 'stock-in', attrs: { 'aria-label': t('pf.stock') } });
  const saveStock = h('button', { type: 'button', class: 'btn small ghost', text: t('common.save'), onclick: async () => {
    const stock = parseAmount(stockIn.value);
    if (stock === null) { toast(t('pf.err.stock'), 'warn'); return; }
    try { upsertProduct(await api(`/api/v1/products/${p.id}`, { method: 'PUT', body: { stock } })); toast(t('studio.stock_saved'), 'ok'); } catch (e) { toast(errorText(e), 'warn'); }
  } });
  const del = h('button', { type: 'button', class: 'btn small ghost danger-text icon-only', title: t('common.delete'), attrs: { 'aria-label': `${t('common.delete')} ${p.name}` } }, icon('trash'));
  let armed = 0;
  del.addEventListener('click', async () => {
    if (!armed) {
      del.replaceChildren(icon('trash'), t('studio.delete_confirm'));
      del.classList.remove('icon-only');
      armed = setTimeout(() => { armed = 0; del.replaceChildren(icon('trash')); del.classList.add('icon-only'); }, 4000);
      return;
    }
    clearTimeout(armed);
    try {
      await api(`/api/v1/products/${p.id}`, { method: 'DELETE' });
      products = products.filter((x) => x.id !== p.id);
      renderProducts();
    } catch (e) { toast(errorText(e), 'warn'); }
  });
  return h('li', { class: 'sp-item', dataset: { productId: p.id } },
    productImage(p, 'sp-img', { small: true }),
    h('div', { class: 'sp-body' },
      h('h3', { text: p.name }),
      h('p', { class: 'tags' }, ocopBadge(p), h('span', { class: 'group-tag', text: groupLabel(p.group) })),
      h('p', {}, h('b', { class: 'price', text: vnd(p.price) }), h('span', { class: 'unit', text: ` / ${p.unit}` })),
      ...claimLine(p)),
    h('div', { class: 'stock-row' },
      h('label', { class: 'stock-edit' }, h('span', { text: t('pf.stock') }), stockIn), saveStock,
      h('span', { class: `stock${p.stock > 0 ? '' : ' out'}`, dataset: { stockOf: p.id }, text: p.stock > 0 ? '' : t('stock.out') })),
    h('div', { class: 'sp-actions' },
      h('button', { type: 'button', class: 'btn small primary pin-btn', testid: 'pin-button', dataset: { productId: p.id }, onclick: () => pin(p.id) }, icon('pin'), t('studio.pin')),
      h('button', { type: 'button', class: 'btn small', onclick: () => openDeal(p) }, icon('timer'), t('studio.deal')),
      h('button', { type: 'button', class: 'btn small ghost icon-only', testid: 'product-edit', title: t('common.edit'), attrs: { 'aria-label': `${t('common.edit')} ${p.name}` }, onclick: () => openProduct(p) }, icon('edit')),
      del));
}

function renderProducts() {
  const list = $('#studio-products');
  list.replaceChildren(...products.map(productItem));
  if (!products.length) list.append(h('li', { class: 'muted', text: t('studio.no_products') }));
  renderPinned();
}

function upsertProduct(p) {
  const i = products.findIndex((x) => x.id === p.id);
  if (i >= 0) products[i] = p; else products.push(p);
  renderProducts();
}

// ---------- product form ----------
const EDITABLE = ['name', 'producer', 'province', 'group', 'stars', 'certificate_date', 'certificate_number', 'price', 'unit', 'stock', 'story', 'traceability_url'];
let photoEditor = null;
let certPhoto = null;
let editing = null;
let priceIn = null, stockField = null, dealPrice = null, dealQty = null;
// A price under 1.000 ₫ is nearly always "250" meant as 250.000: the seller
// confirms it by saving again with the same value.
const LOW_PRICE = 1000;
let lowPriceConfirmed = null;

function amountFields() {
  if (priceIn) return;
  const f = $('#product-form'), d = $('#deal-form');
  priceIn = amountInput(f.price, 'money');
  stockField = amountInput(f.stock, 'count');
  dealPrice = amountInput(d.price, 'money');
  dealQty = amountInput(d.quantity, 'count');
}

function fillProductSelects() {
  const f = $('#product-form');
  f.province.replaceChildren(...sortedProvinces().map((v) => h('option', { value: v, text: v })));
  f.group.replaceChildren(...GROUPS.map((g) => h('option', { value: g, text: groupLabel(g) })));
}

function openProduct(p) {
  editing = p || null;
  const f = $('#product-form');
  fillProductSelects();
  $('#product-h').textContent = t(p ? 'pf.edit' : 'pf.new');
  const defaults = { province: booth.province, group: 'food', stars: 3, certificate_date: '', certificate_number: '', price: '', unit: '', stock: 0, story: '', traceability_url: '' };
  amountFields();
  for (const k of EDITABLE) f[k].value = p ? (p[k] ?? '') : (defaults[k] ?? '');
  if (!photoEditor) photoEditor = new PhotoEditor({ onChange: (saved) => { upsertProduct(saved); if (editing && editing.id === saved.id) editing = saved; } });
  photoEditor.open(p || null);
  if (!certPhoto) certPhoto = new CertPhoto({ onChange: (saved) => { upsertProduct(saved); if (editing && editing.id === saved.id) editing = saved; } });
  certPhoto.open(p || null);
  priceIn.set(p ? p.price : '');
  stockField.set(p ? p.stock : 0);
  lowPriceConfirmed = null;
  f.certificate_date.max = new Date().toISOString().slice(0, 10);
  $('#product-error').hidden = true;
  $('#product-dialog').showModal();
  f.name.focus();
}

async function saveProduct(e) {
  e.preventDefault();
  const f = $('#product-form');
  const body = {};
  for (const k of EDITABLE) body[k] = f[k].value.trim();
  body.stars = Number(body.stars);
  body.price = priceIn.value();
  body.stock = stockField.value();
  const err = $('#product-error');
  err.hidden = true;
  clearFieldErrors(f);
  const fail = (key, field) => { err.textContent = t(key); err.hidden = false; if (field) field.focus(); };
  const missing = ['name', 'producer', 'certificate_date', 'unit'].find((k) => !body[k]);
  if (missing) return fail('pf.err.required', f[missing]);
  if (body.price === null) return fail('pf.err.price', f.price);
  if (body.stock === null) return fail('pf.err.stock', f.stock);
  if (body.price < LOW_PRICE && lowPriceConfirmed !== body.price) {
    lowPriceConfirmed = body.price;
    err.textContent = t('pf.low_price', { price: vnd(body.price) });
    err.hidden = false;
    return;
  }
  try {
    const saved = editing
      ? await api(`/api/v1/products/${editing.id}`, { method: 'PUT', body })
      : await api(`/api/v1/booths/${boothId}/products`, { method: 'POST', body });
    let product = saved.product || saved;
    upsertProduct(product);
    if (!editing) product = await certPhoto.flush(await photoEditor.flush(product));
    $('#product-dialog').close();
    toast(t('pf.saved'), 'ok');
  } catch (ex) {
    if (!showFieldError(f, ex)) {
      err.textContent = errorText(ex);
      err.hidden = false;
    }
  }
}

// ---------- deal ----------
let dealFor = null;
function openDeal(p) {
  dealFor = p;
  const f = $('#deal-form');
  $('#deal-product').replaceChildren(h('b', { text: p.name }), ' · ', h('span', { text: `${t('deal.regular')} ${vnd(p.price)}` }));
  amountFields();
  dealPrice.set(Math.round((p.price * 0.9) / 1000) * 1000);
  dealQty.set(Math.max(1, Math.min(20, p.stock)));
  f.per_buyer.value = '2';
  $('#deal-error').hidden = true;
  $('#deal-dialog').showModal();
  f.price.focus();
}

function submitDeal(e) {
  e.preventDefault();
  const f = $('#deal-form');
  const price = dealPrice.value(), quantity = dealQty.value(), minutes = Number(f.minutes.value);
  const perBuyer = Number(f.per_buyer.value);
  const err = $('#deal-error');
  if (!Number.isInteger(price) || price < 0 || !Number.isInteger(quantity) || quantity < 1 || !(minutes >= 1 && minutes <= 1440)) {
    err.textContent = t('deal.err');
    err.hidden = false;
    return;
  }
  if (!Number.isInteger(perBuyer) || perBuyer < 1) {
    err.textContent = t('deal.err_per_buyer');
    err.hidden = false;
    return;
  }
  pin(dealFor.id, { price, quantity, ends_at: nowSec() + Math.round(minutes * 60), per_buyer: perBuyer });
  $('#deal-dialog').close();
}

// ---------- orders (studio_orders.js) ----------
function productName(id) { const p = products.find((x) => x.id === id); return p ? p.name : `#${id}`; }

// ---------- start ----------

function connectHub() {
  if (hub) hub.close();
  // The seller speaks in chat as the booth, which buyers recognise.
  hub = new Hub(boothId, Array.from(booth.name || me.user.username).slice(0, 32).join(''));
  hub.on('welcome', (m) => {
    card = m.card || null;
    renderPinned();
    renderState(m.state, m.viewers);
    feed.load().catch(() => {});  // catch up on anything missed while away
  });
  hub.on('card', (m) => { card = m.card || null; renderPinned(); });
  hub.on('live', (m) => renderState(m.state));
  hub.on('viewers', (m) => { $('#viewers-n').textContent = num(m.count); });
  hub.on('order', (m) => feed.upsert(m.order, true));
  hub.on('stock', (m) => {
    const p = products.find((x) => x.id === m.product_id);
    if (!p) return;
    p.stock = m.stock;
    const li = document.querySelector(`.sp-item[data-product-id="${m.product_id}"]`);
    const input = li && li.querySelector('.stock-in');
    if (input && document.activeElement !== input) input.value = String(m.stock);
    for (const el of $$(`.sp-item [data-stock-of="${m.product_id}"]`)) el.textContent = m.stock > 0 ? '' : t('stock.out');
  });
  modChat = new ModeratedChat(hub, { list: $('[data-testid=chat-list]'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status'), slow: $('#slow-mode'), mute: $('#mute-minutes'), muted: $('#muted-list') });
  hub.connect();
}

async function chooseBooth() {
  const q = Number(new URLSearchParams(location.search).get('booth'));
  let ids = me.booth_ids || [];
  let names = new Map();
  if (me.user.role === 'organizer') {
    const all = (await api('/api/v1/booths')).booths || [];
    ids = all.map((b) => b.id);
    names = new Map(all.map((b) => [b.id, b.name]));
  }
  if (!ids.length) return 0;
  if (ids.length > 1) {
    const sel = $('#booth-select');
    sel.replaceChildren(...ids.map((id) => h('option', { value: id, text: names.get(id) || `#${id}` })));
    $('#booth-pick').hidden = false;
    sel.addEventListener('change', () => { location.search = `?booth=${sel.value}`; });
    sel.value = String(ids.includes(q) ? q : ids[0]);
  }
  return ids.includes(q) ? q : ids[0];
}

async function start() {
  me = await startSignedIn();
  if (!me) return;
  boothId = await chooseBooth();
  const gate = $('#gate');
  if (!boothId) { gate.textContent = t('studio.no_booth'); gate.hidden = false; return; }
  booth = await api(`/api/v1/booths/${boothId}`);
  products = booth.products || [];
  card = booth.card || null;
  $('#booth-title').textContent = booth.name;
  $('#viewer-link').href = `/booths/${boothId}`;
  $('#studio').hidden = false;
  if (me.user.role !== 'seller') { gate.textContent = t('studio.organizer_note'); gate.hidden = false; }
  renderState(booth.state, booth.viewers);
  renderHealth(booth.ingest || null);
  renderDelivery(booth.delivery || null);
  renderProducts();
  setupKey();
  setupRehearsal();
  renderStopped();
  loadKey().catch((e) => toast(errorText(e), 'warn'));
  feed = new OrderFeed(boothId, { productName, errorText });
  feed.setup();
  feed.load().catch(() => {});
  setupAccount(me);
  const bank = new BankAccountPanel(boothId, { errorText });
  bank.load().catch((e) => toast(errorText(e), 'warn'));

  $('#add-product').addEventListener('click', () => openProduct(null));
  $('#product-form').addEventListener('submit', saveProduct);
  $('#deal-form').addEventListener('submit', submitDeal);
  for (const b of $$('[data-close]')) b.addEventListener('click', () => b.closest('dialog').close());
  $('#unpin').addEventListener('click', () => { if (!hub.send({ type: 'unpin' })) toast(t('chat.offline'), 'warn'); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') { feed.unseen = 0; document.title = t('studio.title'); } });
  document.addEventListener('langchange', () => {
    renderProducts(); feed.fillRiskFilter(); feed.render(); bank.render(); renderState(liveState); document.title = t('studio.title');
    setupAccount(me);
    if (modChat) { modChat.fillSelects(); modChat.view.label(); }
  });
  connectHub();
  every(HEALTH_MS, pollHealth);
}

start();
