// Replay page /replays/{id}: the recorded live with its chapters (one per
// product the seller pinned) as marks on a bar under the video and as a
// list. Tapping a chapter seeks there; the card of the chapter playing shows
// with an order button, and orders go through the booth's hub as on the
// live page, at today's price and stock.
import { api } from './api.js';
import { productCard, productImage } from './card.js';
import { initPage } from './common.js';
import { $, h } from './dom.js';
import { day } from './format.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { OrderSheet } from './order.js';
import { mountOrderSheet } from './order_sheet.js';

const replayId = Number(location.pathname.split('/')[2]);
const video = $('#replay-video');
let replay = null;
let booth = null;
let products = new Map();
let current = null;  // the chapter playing
let sheet = null;

const mmss = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

function chapterAt(time) {
  let found = null;
  for (const c of replay.chapters) if (c.offset <= time + 0.25) found = c;
  return found;
}

function showChapter(c) {
  current = c;
  for (const el of document.querySelectorAll('[data-chapter]')) el.classList.toggle('on', c && Number(el.dataset.chapter) === replay.chapters.indexOf(c));
  const p = c && products.get(c.product_id);
  $('#card-slot').replaceChildren(p ? productCard(p, { onOrder: (x) => sheet.open(x) }) : '');
}

function seek(c) {
  video.currentTime = c.offset;
  video.play().catch(() => { /* a tap on play starts it */ });
  showChapter(c);
}

function render() {
  const total = replay.duration || 1;
  $('#chapter-bar').replaceChildren(...replay.chapters.map((c, i) => {
    const mark = h('button', { class: 'chapter-mark', testid: 'chapter-mark', dataset: { chapter: i }, attrs: { type: 'button', tabindex: '-1' }, onclick: () => seek(c) });
    mark.style.left = `${Math.min(100, (c.offset / total) * 100)}%`;
    return mark;
  }));
  const list = $('#chapter-list');
  if (!replay.chapters.length) { list.replaceChildren(h('li', { class: 'muted', text: t('replay.no_chapters') })); return; }
  list.replaceChildren(...replay.chapters.map((c, i) => {
    const p = products.get(c.product_id);
    return h('li', {}, h('button', { class: 'chapter', testid: 'chapter', dataset: { chapter: i, productId: c.product_id }, attrs: { type: 'button' }, onclick: () => seek(c) },
      p ? productImage(p, 'chapter-img') : '',
      h('span', { class: 'chapter-name', text: p ? p.name : t('replay.product_gone') }),
      h('span', { class: 'chapter-time', text: mmss(c.offset) })));
  }));
}

async function start() {
  mountOrderSheet();
  initPage();
  try {
    if (!Number.isInteger(replayId) || replayId < 1) throw Object.assign(new Error('bad id'), { status: 404 });
    replay = await api(`/api/v1/replays/${replayId}`);
    booth = await api(`/api/v1/booths/${replay.booth_id}`);
  } catch (e) {
    $('#replay-missing').hidden = false;
    return;
  }
  products = new Map((booth.products || []).map((p) => [p.id, p]));
  $('#booth-name').textContent = booth.name;
  $('#replay-sub').textContent = `${t('replay.title_short')} · ${day(replay.started_at)}`;
  $('#back').href = `/booths/${booth.id}`;
  document.title = `${t('replay.title_short')}: ${booth.name} – OCOP Live`;
  if (replay.thumbnail_url) video.poster = replay.thumbnail_url;
  video.src = replay.media_url;
  render();
  video.addEventListener('timeupdate', () => {
    const c = chapterAt(video.currentTime);
    if (c !== current) showChapter(c);
  });

  const hub = new Hub(booth.id, t('chat.guest'));
  sheet = new OrderSheet(hub, () => (current && products.get(current.product_id)) || null, () => booth);
  hub.on('welcome', (m) => { if (m.booth) booth = { ...booth, bank_transfer: !!m.booth.bank_transfer }; });
  hub.on('stock', (m) => {
    const p = products.get(m.product_id);
    if (p) p.stock = m.stock;
    if (current && current.product_id === m.product_id) showChapter(current);
  });
  hub.connect();
  document.addEventListener('langchange', () => { render(); showChapter(current); });
}

start();
