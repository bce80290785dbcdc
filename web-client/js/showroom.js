// Showroom: the market day's booths as tiles linking to their watch pages,
// filtered by province, product group, stars and "live now"; live state and
// viewer counts refresh every few seconds.
import { api } from './api.js';
import { every, initPage } from './common.js';
import { $, clear, h } from './dom.js';
import { nowSec, num, schedule, vnd } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { GROUPS, groupLabel, sortedProvinces } from './ocop.js';
import { replayLinks } from './replays.js';

const REFRESH_MS = 8000;
const list = $('#booths');
const form = $('#filters');
const fDay = $('#f-day'), fProvince = $('#f-province'), fGroup = $('#f-group'), fStars = $('#f-stars'), fLive = $('#f-live');

let days = [];
let day = null;
let booths = [];
const products = new Map();  // booth id -> products (for the tile's picture and stars)

// The market day now running, else the next one, else the latest.
function pickDay(all) {
  const now = nowSec();
  return all.find((d) => d.starts_at <= now && now < d.ends_at)
    || [...all].filter((d) => d.starts_at > now).sort((a, b) => a.starts_at - b.starts_at)[0]
    || [...all].sort((a, b) => b.ends_at - a.ends_at)[0] || null;
}

function renderDay() {
  const title = $('#market-title'), when = $('#market-when'), status = $('#market-status');
  if (!day) {
    title.textContent = t('showroom.no_market');
    when.textContent = '';
    status.hidden = true;
    return;
  }
  title.textContent = day.title;
  title.removeAttribute('data-i18n');
  when.textContent = `${schedule(day.starts_at, day.ends_at)} ${t('time.vn')}`;
  const now = nowSec();
  const st = now < day.starts_at ? 'upcoming' : now < day.ends_at ? 'running' : 'ended';
  status.textContent = t(`market.${st}`);
  status.dataset.state = st;
  status.hidden = false;
  document.title = `${day.title} – OCOP Live`;
}

function query() {
  const q = new URLSearchParams();
  if (day) q.set('market_day', day.id);
  if (fProvince.value) q.set('province', fProvince.value);
  if (fGroup.value) q.set('group', fGroup.value);
  if (fStars.value) q.set('stars', fStars.value);
  if (fLive.checked) q.set('live', 'true');
  return q;
}

function stateBadge(b) {
  const cls = b.state === 'live' ? 'badge live' : b.state === 'reconnecting' ? 'badge wait' : 'badge off';
  const el = h('span', { class: cls }, b.state === 'live' ? h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }) : null,
    t(`state.${b.state}`));
  return el;
}

// A live booth shows its live thumbnail; 5-second buckets in the URL let a
// cache in front serve every showroom the same picture.
const THUMB_MS = 5000;
const thumbUrl = (b) => `${b.thumbnail_url}?t=${Math.floor(Date.now() / THUMB_MS)}`;

function tileImage(b) {
  if (b.live && b.thumbnail_url) return thumbUrl(b);
  const ps = products.get(b.id) || [];
  const src = (b.card && b.card.image_url) || b.cover_image_url || (ps.find((p) => p.image_url) || {}).image_url;
  return src || '/img/logo.svg';
}

function tile(b) {
  const ps = products.get(b.id) || [];
  const best = ps.reduce((m, p) => Math.max(m, p.ocop_verified ? p.stars : 0), 0);
  const img = h('img', { src: tileImage(b), alt: '', loading: 'lazy', width: 400, height: 300, decoding: 'async' });
  if (b.live && b.thumbnail_url) {
    img.dataset.thumb = b.thumbnail_url;
    img.dataset.testid = 'tile-thumb';
    visibleThumbs.observe(img);
  }
  const media = h('div', { class: 'tile-media' }, img, stateBadge(b));
  if (b.live) media.append(h('span', { class: 'viewers', attrs: { 'aria-label': t('viewers.n', { n: b.viewers }) } }, icon('eye'), num(b.viewers)));

  const meta = h('p', { class: 'tile-meta' }, icon('place'), h('span', { text: b.province }));
  if (best) media.append(h('span', { class: 'ocop-mini', attrs: { 'aria-label': t('ocop.stars_label', { n: best }) } }, `OCOP ${best}★`));

  const body = h('div', { class: 'tile-body' }, h('h2', { text: b.name }), meta);
  if (b.card) {
    const price = b.card.deal ? b.card.deal.price : b.card.price;
    body.append(h('p', { class: 'tile-card' }, h('span', { class: 'tile-card-label', text: t('showroom.selling_now') }),
      h('span', { class: 'tile-card-name', text: b.card.name }), h('b', { class: 'price', text: vnd(price) })));
  } else if (ps.length) {
    body.append(h('p', { class: 'tile-products', text: `${t('showroom.n_products', { n: ps.length })} · ${ps.slice(0, 3).map((p) => p.name).join(', ')}` }));
  }
  const a = h('a', { class: `tile${b.live ? ' is-live' : ''}`, href: `/booths/${b.id}`, testid: 'booth-tile', dataset: { boothId: b.id } }, media, body);
  return h('li', {}, a);
}

// Thumbnails on screen refresh; the new picture is loaded before it replaces
// the old one, so nothing blinks.
const onScreen = new Set();
const visibleThumbs = new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (e.isIntersecting) onScreen.add(e.target); else onScreen.delete(e.target);
  }
});
setInterval(() => {
  for (const img of onScreen) {
    if (!img.isConnected) { onScreen.delete(img); visibleThumbs.unobserve(img); continue; }
    const next = thumbUrl({ thumbnail_url: img.dataset.thumb });
    if (img.src.endsWith(next)) continue;
    const pre = new Image();
    pre.onload = () => { if (img.isConnected) img.src = next; };
    pre.src = next;
  }
}, THUMB_MS);

// Tiles are rebuilt only when what they show changed, so a refresh does not
// make pictures blink or steal focus from the tile a thumb is on.
const tiles = new Map();  // booth id -> {sig, li}
function render() {
  const sorted = [...booths].sort((a, b) => (b.live - a.live) || (b.viewers - a.viewers) || (a.id - b.id));
  const lis = sorted.map((b) => {
    const sig = JSON.stringify([b, (products.get(b.id) || []).length, document.documentElement.lang]);
    const old = tiles.get(b.id);
    if (old && old.sig === sig) return old.li;
    const li = tile(b);
    if (old && old.li.parentNode === list) list.replaceChild(li, old.li);
    tiles.set(b.id, { sig, li });
    return li;
  });
  const same = lis.length === list.children.length && lis.every((li, i) => list.children[i] === li);
  if (!same) list.replaceChildren(...lis);
  const live = booths.filter((b) => b.live).length;
  $('#result-count').textContent = booths.length ? t('showroom.count', { n: booths.length, live }) : '';
  $('#empty').hidden = booths.length > 0;
}

async function loadProducts(ids) {
  const missing = ids.filter((id) => !products.has(id));
  await Promise.all(missing.map(async (id) => {
    try { products.set(id, (await api(`/api/v1/booths/${id}/products`)).products || []); } catch { products.set(id, []); }
  }));
}

let seq = 0;
async function loadBooths() {
  const mine = ++seq;
  const data = await api(`/api/v1/booths?${query()}`);
  if (mine !== seq) return;  // a newer filter choice won
  booths = data.booths || [];
  $('#load-error').hidden = true;
  render();
  const before = products.size;
  await loadProducts(booths.map((b) => b.id));
  if (mine === seq && products.size !== before) render();
}

function fillSelect(sel, values, label) {
  const first = sel.options[0];
  clear(sel).append(first, ...values.map((v) => h('option', { value: v, text: label ? label(v) : v })));
}

function fillFilters() {
  const pv = fProvince.value, gv = fGroup.value;
  fillSelect(fProvince, sortedProvinces());
  fillSelect(fGroup, GROUPS, groupLabel);
  fProvince.value = pv;
  fGroup.value = gv;
}

async function start() {
  initPage();
  fillFilters();
  // Both at once: with a single market day (the usual case) the unfiltered
  // booth list is already the answer, one round trip sooner on 3G.
  const [d, first] = await Promise.all([
    api('/api/v1/market-days').catch(() => ({ market_days: [] })),
    api('/api/v1/booths').catch(() => null),
  ]);
  days = d.market_days || [];
  day = pickDay(days);
  if (days.length > 1) {
    $('#day-pick').hidden = false;
    clear(fDay).append(...[...days].sort((a, b) => a.starts_at - b.starts_at).map((d) => h('option', { value: d.id, text: d.title })));
    fDay.value = day ? day.id : '';
    fDay.addEventListener('change', () => { day = days.find((d) => String(d.id) === fDay.value) || null; renderDay(); loadBooths().catch(showError); });
  }
  renderDay();
  form.addEventListener('change', () => loadBooths().catch(showError));
  form.addEventListener('submit', (e) => e.preventDefault());
  $('#clear-filters').addEventListener('click', () => { form.reset(); loadBooths().catch(showError); });
  document.addEventListener('langchange', () => { fillFilters(); renderDay(); render(); });
  if (first && days.length <= 1) {
    booths = first.booths || [];
    render();
    loadProducts(booths.map((b) => b.id)).then(render);
  } else {
    await loadBooths().catch(showError);
  }
  every(REFRESH_MS, loadBooths);
  loadReplays();
  every(REFRESH_MS * 4, loadReplays);
}

// Past lives keep selling: the newest replays of the whole market, under the booths.
async function loadReplays() {
  const list = (await api('/api/v1/replays').catch(() => ({ replays: [] }))).replays || [];
  const names = new Map(booths.map((b) => [b.id, b.name]));
  $('#replay-row').replaceChildren(...replayLinks(list, (id) => names.get(id) || ''));
  $('#replays-section').hidden = !list.length;
}

function showError() {
  const el = $('#load-error');
  el.textContent = t('error.load');
  el.hidden = false;
}

start();
