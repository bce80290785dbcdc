// Watch page /booths/{id}: WHEP video (HLS when WebRTC is full, does not
// connect within 4 s, or with ?hls=1), the booth's hub (chat, pinned card,
// hearts, viewers, live state), the order sheet and the booth's products.
import { api } from './api.js';
import { productCard, productRow, safeUrl, stockText, tickCountdowns } from './card.js';
import { ChatView, chatErrorText } from './chat.js';
import { every, initPage } from './common.js';
import { $, h } from './dom.js';
import { num } from './format.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { OrderSheet } from './order.js';
import { mountOrderSheet } from './order_sheet.js';
import { replayLinks } from './replays.js';
import { LivePlayer, renderLiveBadge } from './live_player.js';
import { onVerticalSwipe } from './swipe.js';

let boothId = Number(location.pathname.split('/')[2]);
let video = $('#live-video');
const NICK_KEY = 'ocop.nickname';

let booth = null;
let products = new Map();
let card = null;
let boothState = 'offline';
let viewerId = null;
let hub = null;
let sheet = null;

// ---------- nickname ----------
function nickname() {
  let n = '';
  try { n = localStorage.getItem(NICK_KEY) || ''; } catch { /* private mode */ }
  n = n.trim().slice(0, 32);
  if (!n) {
    n = `${t('chat.guest')} ${Math.floor(1000 + Math.random() * 9000)}`;
    try { localStorage.setItem(NICK_KEY, n); } catch { /* private mode */ }
  }
  return n;
}

function renderNick() {
  const b = $('#nick-button');
  b.replaceChildren(icon('person'), h('span', { text: nickname() }), h('span', { class: 'muted', text: ` · ${t('chat.rename')}` }));
}

function setupNick() {
  const form = $('#nick-form'), input = $('#nick-input');
  $('#nick-button').addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) { input.value = nickname(); input.focus(); input.select(); }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = input.value.trim().slice(0, 32);
    if (!n) return;
    try { localStorage.setItem(NICK_KEY, n); } catch { /* private mode */ }
    form.hidden = true;
    renderNick();
    hub.setNickname(n);
  });
}

// ---------- player ----------
let overlayKind = 'connecting';
const forceHls = new URLSearchParams(location.search).get('hls') === '1';
// The page hears the player it shows; a player made ahead for a swipe stays silent until then.
function wirePlayer(p) {
  p.onOverlay = (kind) => { if (kind !== null || overlayKind) setOverlay(kind); };
  p.onTransport = (transport) => {
    $('#player').dataset.transport = transport;
    $('#hls-note').hidden = transport !== 'hls';
  };
  p.onFrame = () => {
    if (video.muted) $('#unmute').hidden = false;
    fitPlayer();
  };
  return p;
}
let live = wirePlayer(new LivePlayer(video, boothId, { hls: forceHls }));

function setOverlay(kind) {
  overlayKind = kind;
  const ov = $('#player-overlay');
  ov.hidden = !kind;
  if (!kind) return;
  ov.dataset.kind = kind;
  const busy = kind === 'connecting' || kind === 'reconnecting' || kind === 'full';
  $('#overlay-spinner').hidden = !busy;
  $('#overlay-icon').hidden = busy;
  $('#overlay-text').textContent = t(`watch.overlay.${kind}`);
  $('#overlay-sub').textContent = t(`watch.overlay.${kind}_sub`) === `watch.overlay.${kind}_sub` ? '' : t(`watch.overlay.${kind}_sub`);
}

function renderBadge() {
  renderLiveBadge($('#live-badge'), boothState);
  $('#viewer-count').hidden = boothState === 'offline';
  $('#heart-button').hidden = boothState === 'offline';
}

// Phones stream portrait as often as landscape: follow the video's shape.
function fitPlayer() {
  const portrait = video.videoHeight > video.videoWidth;
  $('#player').classList.toggle('portrait', portrait);
}

function setupUnmute() {
  const btn = $('#unmute');
  btn.addEventListener('click', () => {
    video.muted = !video.muted;
    video.play().catch(() => {});
    renderUnmute();
  });
}

function renderUnmute() {
  const btn = $('#unmute');
  btn.classList.toggle('compact', !video.muted);
  btn.replaceChildren(icon(video.muted ? 'volumeOff' : 'volumeUp'), video.muted ? h('span', { text: t('watch.unmute') }) : '');
  btn.setAttribute('aria-label', t(video.muted ? 'watch.unmute' : 'watch.mute'));
}

// An offline booth points to its latest replays; a live one hides them.
async function renderReplays() {
  const section = $('#booth-replays');
  if (boothState !== 'offline') { section.hidden = true; return; }
  const list = (await api(`/api/v1/booths/${boothId}/replays`).catch(() => ({ replays: [] }))).replays || [];
  if (boothState !== 'offline') return;
  $('#booth-replay-row').replaceChildren(...replayLinks(list.slice(0, 6), () => (booth ? booth.name : '')));
  section.hidden = !list.length;
}

function setLive(state) {
  const was = boothState;
  boothState = state;
  renderBadge();
  if (state !== was || state === 'offline') renderReplays();
  if (state === 'offline' && was !== 'offline') setTimeout(renderReplays, 3000);  // the recording just closing
  if (state === 'offline') $('#unmute').hidden = true;
  // On a phone a live booth is a full-screen room (CSS); offline, a page with its replays.
  document.body.classList.toggle('room', state !== 'offline');
  live.setState(state);
}

// ---------- hearts ----------
let heartsTotal = 0;
let myRecentHearts = 0;
let lastLocalHeart = 0;

function floatHeart() {
  const fx = $('#hearts-fx');
  if (fx.childElementCount > 12) return;
  const el = h('span', { class: 'fx-heart' }, icon('heart'));
  el.style.setProperty('--x', `${Math.round(Math.random() * 40 - 20)}px`);
  el.style.setProperty('--hue', `${Math.round(Math.random() * 30 - 15)}deg`);
  el.addEventListener('animationend', () => el.remove());
  fx.append(el);
}

function setupHearts() {
  $('#heart-button').addEventListener('click', () => {
    const now = Date.now();
    if (now - lastLocalHeart < 150) return;
    lastLocalHeart = now;
    myRecentHearts += 1;
    floatHeart();
    hub.send({ type: 'react', kind: 'heart' });
  });
}

function onReactions(m) {
  const n = (m.counts && m.counts.heart) || 0;
  heartsTotal += n;
  const others = Math.max(0, n - myRecentHearts);
  myRecentHearts = 0;
  for (let i = 0; i < Math.min(others, 8); i++) setTimeout(floatHeart, i * 120);
  $('#heart-n').textContent = heartsTotal ? num(heartsTotal) : '';
}

// ---------- card and products ----------
function renderCard() {
  const slot = $('#card-slot');
  if (!card) { slot.replaceChildren(); return; }
  slot.replaceChildren(productCard(card, { onOrder: (c) => sheet.open(c) }));
}

function renderProducts() {
  const list = $('#product-list');
  const ps = [...products.values()];
  if (!ps.length) { list.replaceChildren(h('li', { class: 'muted', text: t('watch.no_products') })); return; }
  list.replaceChildren(...ps.map((p) => productRow(p, { onOrder: (x) => sheet.open(x) })));
}

function onStock(m) {
  const p = products.get(m.product_id);
  if (p) p.stock = m.stock;
  if (card && card.id === m.product_id) { card.stock = m.stock; renderCard(); }
  for (const el of document.querySelectorAll(`[data-stock-of="${m.product_id}"]`)) {
    el.textContent = stockText(m.stock);
    el.classList.toggle('out', m.stock <= 0);
  }
}

// ---------- chat ----------
let chat;
function setupChat() {
  chat = new ChatView(document.querySelector('[data-testid=chat-list]'), { selfId: () => viewerId });
  const input = $('#chat-input');
  $('#chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (!hub.ready || !hub.send({ type: 'chat', text })) { chatStatus(t('chat.offline')); return; }
    input.value = '';
    chatStatus('');
  });
}

let statusTimer = 0;
function chatStatus(text) {
  const el = $('#chat-status');
  el.textContent = text;
  el.hidden = !text;
  clearTimeout(statusTimer);
  if (text) statusTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

// ---------- start ----------
function renderBooth() {
  // Until the video runs, the player shows one of the booth's products.
  const first = (booth.products || []).find((p) => safeUrl(p.image_url));
  if (first) video.poster = safeUrl(first.image_url);
  $('#booth-name').textContent = booth.name;
  $('#booth-sub').textContent = booth.province;
  document.title = `${booth.name} – OCOP Live`;
  live.urls = { whep_url: booth.whep_url, hls_url: booth.hls_url };
}

async function start() {
  mountOrderSheet();
  initPage();
  renderUnmute();
  setOverlay('connecting');
  if (!Number.isInteger(boothId) || boothId < 1) return notFound();
  if (!await loadBooth()) {
    if (!booth) setTimeout(() => location.reload(), 10000);
    return;
  }
  renderNick();
  setupNick();
  setupChat();
  setupUnmute();

  hub = new Hub(boothId, nickname());
  sheet = new OrderSheet(hub, () => card, () => booth);
  setupHearts();
  hub.on('welcome', (m) => {
    viewerId = m.viewer_id;
    if (m.booth) booth = { ...booth, bank_transfer: !!m.booth.bank_transfer };
    card = m.card || null;
    renderCard();
    chat.reset(m.chat || []);
    $('#viewer-n').textContent = num(m.viewers || 0);
    setLive(m.state || (m.live ? 'live' : 'offline'));
  });
  hub.on('chat', (m) => {
    chat.add(m);
    // "lấy 2" from this viewer while that product is pinned: the sheet opens
    // with 2 filled in; nothing is ordered until they confirm it.
    if (m.order && m.from && m.from.viewer_id === viewerId && card && card.id === m.order.product_id) sheet.open(card, { qty: m.order.qty });
  });
  hub.on('message_deleted', (m) => chat.remove(m.id));
  hub.on('card', (m) => { card = m.card || null; renderCard(); });
  hub.on('stock', onStock);
  hub.on('reactions', onReactions);
  hub.on('viewers', (m) => { $('#viewer-n').textContent = num(m.count); });
  hub.on('live', (m) => setLive(m.state || (m.live ? 'live' : 'offline')));
  hub.on('error', (m) => chatStatus(chatErrorText(m)));
  hub.on('status', (s) => { if (s.state === 'closed') chatStatus(t('chat.reconnecting')); else if (s.state === 'open') chatStatus(''); });
  hub.connect();

  setupRoom();
  // Without the hub (a proxy that blocks websockets, a long reconnect) the
  // REST state still starts and stops the video and keeps the card fresh.
  every(10000, async () => {
    if (hub.ready) return;
    const b = await api(`/api/v1/booths/${boothId}`);
    if (JSON.stringify(b.card || null) !== JSON.stringify(card)) { card = b.card || null; renderCard(); }
    $('#viewer-n').textContent = num(b.viewers || 0);
    if (b.state !== boothState) setLive(b.state);
  });

  setInterval(() => { if (tickCountdowns($('#card-slot'))) renderCard(); }, 1000);
  window.addEventListener('pagehide', () => live.release());
  document.addEventListener('langchange', () => {
    renderBadge(); renderCard(); renderProducts(); renderNick(); renderUnmute(); setOverlay(overlayKind); chat.label();
  });
}

// The booth's JSON into the page; false when it could not be had.
async function loadBooth() {
  const id = boothId;
  let b;
  try {
    b = await api(`/api/v1/booths/${id}`);
  } catch (e) {
    if (id !== boothId) return false;
    if (e.status === 404) notFound();
    else setOverlay('error');
    return false;
  }
  if (id !== boothId) return false;  // swiped on meanwhile
  booth = b;
  renderBooth();
  products = new Map((booth.products || []).map((p) => [p.id, p]));
  card = booth.card || null;
  renderProducts();
  renderCard();
  setLive(booth.state || (booth.live ? 'live' : 'offline'));
  return true;
}

// ---------- the room: share, products sheet, swipe between live booths ----------
let liveIds = [];  // the market day's live booths, in the showroom's order
const phoneRoom = () => document.body.classList.contains('room') && matchMedia('(max-width: 600px)').matches;
let pending = null;  // {id, video, player}: the booth a swipe is bringing in

async function refreshLiveIds() {
  const list = await api('/api/v1/booths').catch(() => null);
  if (!list) return;
  liveIds = (list.booths || []).filter((b) => b.live).sort((a, b) => (b.viewers - a.viewers) || (a.id - b.id)).map((b) => b.id);
  const others = liveIds.some((id) => id !== boothId);
  $('#prev-booth').disabled = !others;
  $('#next-booth').disabled = !others;
}

function neighbour(step) {
  const ids = liveIds.includes(boothId) ? liveIds : [boothId, ...liveIds];
  if (ids.length < 2) return null;
  return ids[(ids.indexOf(boothId) + step + ids.length) % ids.length];
}

// Connects to the next booth's video as soon as a swipe starts, behind the current one.
function prepare(id) {
  if (pending && pending.id === id) return pending;
  dropPending();
  const v = h('video', { class: 'next-video', attrs: { playsinline: '', autoplay: '' } });
  v.muted = video.muted;
  v.playsInline = true;
  video.after(v);
  const player = new LivePlayer(v, id, { hls: forceHls });
  player.setState('live');
  pending = { id, video: v, player };
  return pending;
}

function dropPending() {
  if (!pending) return;
  pending.player.close();
  pending.video.remove();
  pending = null;
}

async function switchBooth(id, { push = true } = {}) {
  if (!id || id === boothId) return;
  const next = prepare(id);
  pending = null;
  sheet.close();
  $('#products-panel').classList.remove('open');
  live.close();
  video.remove();
  next.video.id = 'live-video';
  next.video.classList.remove('next-video');
  next.video.style.transform = '';
  video = next.video;
  live = wirePlayer(next.player);
  boothId = id;
  if (push) history.pushState({ booth: id }, '', `/booths/${id}`);
  card = null;
  heartsTotal = 0;
  $('#heart-n').textContent = '';
  chat.reset([]);
  hub.switchTo(id);
  await loadBooth();
  refreshLiveIds();
}

async function share() {
  const url = `${location.origin}/booths/${boothId}`;
  const text = booth ? t('share.text', { name: booth.name, province: booth.province }) : '';
  if (navigator.share) {
    try { await navigator.share({ title: document.title, text, url }); return; } catch (e) { if (e.name === 'AbortError') return; }
  }
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    const tmp = h('textarea', { text: url });
    document.body.append(tmp);
    tmp.select();
    document.execCommand('copy');
    tmp.remove();
  }
  chatStatus(t('share.copied'));
}

function setupRoom() {
  $('#share-button').addEventListener('click', share);
  $('#products-button').addEventListener('click', () => $('#products-panel').classList.toggle('open'));
  $('#products-close').addEventListener('click', () => $('#products-panel').classList.remove('open'));
  const go = (step) => { const id = neighbour(step); if (id) switchBooth(id); else chatStatus(t('room.none')); };
  $('#prev-booth').addEventListener('click', () => go(-1));
  $('#next-booth').addEventListener('click', () => go(1));
  document.addEventListener('keydown', (e) => {
    if (!phoneRoom() || e.target.closest('input, textarea, dialog')) return;
    if (e.key === 'ArrowDown' || e.key === 'PageDown') { e.preventDefault(); go(1); }
    if (e.key === 'ArrowUp' || e.key === 'PageUp') { e.preventDefault(); go(-1); }
  });
  const slide = (dy) => {
    video.style.transform = `translateY(${dy}px)`;
    if (pending) pending.video.style.transform = `translateY(calc(${dy < 0 ? '100%' : '-100%'} + ${dy}px))`;
  };
  onVerticalSwipe($('#player'), {
    onStart: (step) => {
      const id = neighbour(step);
      if (!id || !phoneRoom()) return false;
      prepare(id);
      return true;
    },
    onMove: slide,
    onCommit: (step) => { const id = pending ? pending.id : neighbour(step); video.style.transform = ''; switchBooth(id); },
    onCancel: () => { video.style.transform = ''; dropPending(); },
  });
  window.addEventListener('popstate', () => {
    const id = Number(location.pathname.split('/')[2]);
    if (Number.isInteger(id) && id > 0) switchBooth(id, { push: false });
  });
  refreshLiveIds();
  every(15000, refreshLiveIds);
}

function notFound() {
  setOverlay('missing');
  $('#booth-name').textContent = t('watch.missing');
}

start();
