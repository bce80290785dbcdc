// /embed/booths/{id}: a booth's live video and pinned card for another site's
// <iframe> (server.embed_origins). Watching only: ordering, chat and the
// rest open the booth itself in a new tab, where the buyer's cookie lives.
import { api } from './api.js';
import { productCard, tickCountdowns } from './card.js';
import { initPage } from './common.js';
import { $ } from './dom.js';
import { num } from './format.js';
import { Hub } from './hub.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { LivePlayer, renderLiveBadge } from './live_player.js';

const boothId = Number(location.pathname.split('/')[3]);
const video = $('#live-video');
const boothUrl = `/booths/${boothId}`;
let card = null;

const live = new LivePlayer(video, boothId, {
  onOverlay: (kind) => {
    $('#player-overlay').hidden = !kind;
    if (kind) $('#overlay-text').textContent = t(`watch.overlay.${kind}`);
  },
  onTransport: (transport) => { $('#player').dataset.transport = transport; },
  onFrame: () => {
    if (video.muted) $('#unmute').hidden = false;
    $('#player').classList.toggle('portrait', video.videoHeight > video.videoWidth);
  },
});

function setState(s) {
  renderLiveBadge($('#live-badge'), s);
  $('#viewer-count').hidden = s === 'offline';
  document.body.classList.toggle('room', s !== 'offline');
  live.setState(s);
}

function openBooth() { window.open(new URL(boothUrl, location.origin).href, '_blank', 'noopener'); }

function renderCard() {
  $('#card-slot').replaceChildren(card ? productCard(card, { onOrder: openBooth }) : '');
}

async function start() {
  initPage();
  $('#open-booth').href = boothUrl;
  $('#unmute').addEventListener('click', () => {
    video.muted = !video.muted;
    video.play().catch(() => {});
    $('#unmute').replaceChildren(icon(video.muted ? 'volumeOff' : 'volumeUp'));
  });
  let booth;
  try {
    booth = await api(`/api/v1/booths/${boothId}`);
  } catch {
    $('#overlay-text').textContent = t('watch.missing');
    $('#overlay-spinner').hidden = true;
    return;
  }
  $('#booth-name').textContent = booth.name;
  document.title = `${booth.name} – OCOP Live`;
  live.urls = { whep_url: booth.whep_url, hls_url: booth.hls_url };
  card = booth.card || null;
  renderCard();
  setState(booth.state || (booth.live ? 'live' : 'offline'));

  const hub = new Hub(boothId, t('embed.nickname'));
  hub.on('welcome', (m) => {
    card = m.card || null;
    renderCard();
    $('#viewer-n').textContent = num(m.viewers || 0);
    setState(m.state || (m.live ? 'live' : 'offline'));
  });
  hub.on('card', (m) => { card = m.card || null; renderCard(); });
  hub.on('viewers', (m) => { $('#viewer-n').textContent = num(m.count); });
  hub.on('live', (m) => setState(m.state || (m.live ? 'live' : 'offline')));
  hub.connect();
  setInterval(() => { if (tickCountdowns($('#card-slot'))) renderCard(); }, 1000);
  window.addEventListener('pagehide', () => live.release());
}

start();
