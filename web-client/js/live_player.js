// A booth's live video, for the watch page and the embed: WebRTC first; HLS
// for the rest of the page once WebRTC is full (WHEP 503) or has not
// connected within 4 s (a later page load tries WebRTC again); retries with
// back-off; and a watchdog that starts afresh when frames stop while the
// booth is live. The page owns what is drawn over the video: it hears
// onOverlay(kind | null), onTransport('webrtc' | 'hls') and onFrame().
import { h } from './dom.js';
import { HlsPlayer } from './hls_player.js';
import { t } from './i18n.js';
import { WhepPlayer } from './whep.js';

const WEBRTC_CONNECT_MS = 4000;

// The badge over the video: live (with a dot), reconnecting, offline.
export function renderLiveBadge(el, state) {
  el.className = `badge ${state === 'live' ? 'live' : state === 'reconnecting' ? 'wait' : 'off'}`;
  el.replaceChildren(state === 'live' ? h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }) : '', t(`state.${state}`));
}
const STALL_MS = 12000;

export class LivePlayer {
  constructor(video, boothId, { hls = false, onOverlay = () => {}, onTransport = () => {}, onFrame = () => {} } = {}) {
    this.video = video;
    this.boothId = boothId;
    this.urls = {};  // whep_url and hls_url from the booth's JSON, when known
    this.transport = hls ? 'hls' : 'webrtc';
    this.onOverlay = onOverlay;
    this.onTransport = onTransport;
    this.onFrame = onFrame;
    this.state = 'offline';
    this.player = null;
    this.retryTimer = 0;
    this.retryDelay = 1500;
    this.lastFrameAt = 0;
    this.disconnectTimer = 0;
    this.connectTimer = 0;
    this.watchFrames();
  }

  framesFlowing() { return Date.now() - this.lastFrameAt < 2500; }

  // The booth's state from the hub or REST: 'live' | 'reconnecting' | 'offline'.
  setState(state) {
    const was = this.state;
    this.state = state;
    if (state === 'offline') {
      this.stop();
      this.video.srcObject = null;
      this.lastFrameAt = 0;
      this.onOverlay('offline');
      return;
    }
    if (state === 'reconnecting') this.onOverlay('reconnecting');
    else if (this.framesFlowing()) this.onOverlay(null);
    else if (!this.player) this.onOverlay('connecting');
    if (!this.player) {
      if (was === 'offline') this.retryDelay = 1500;
      clearTimeout(this.retryTimer);
      this.start();
    }
  }

  stop() {
    clearTimeout(this.retryTimer);
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.connectTimer);
    if (this.player) { const p = this.player; this.player = null; p.stop(); }
  }

  // For good: the page moved to another booth.
  close() {
    this.stop();
    clearInterval(this.watchdog);
    this.state = 'offline';
  }

  // Leaving the page: free the server's viewer slot at once.
  release() { if (this.player && this.player.release) this.player.release(); }

  useHls(why) {
    if (this.transport === 'hls') return;
    this.transport = 'hls';
    console.info(`video: HLS from now on (${why})`);
    this.stop();
    this.start();
  }

  scheduleRetry(ms) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => { this.retryTimer = 0; this.start(); }, ms);
  }

  backOff(overlay) {
    this.onOverlay(overlay);
    this.retryDelay = Math.min(15000, this.retryDelay * 2);
    this.scheduleRetry(this.retryDelay);
  }

  async start() {
    if (this.player || this.state === 'offline') return;
    this.onTransport(this.transport);
    if (!this.framesFlowing()) this.onOverlay(this.state === 'reconnecting' ? 'reconnecting' : 'connecting');
    if (this.transport === 'hls') {
      const p = new HlsPlayer(this.video, this.urls.hls_url || `/hls/booths/${this.boothId}/index.m3u8`, { onState: (s) => this.onPlayerState(p, s) });
      this.player = p;
      try {
        await p.start();
      } catch {
        if (this.player === p) this.player = null;
        this.backOff('error');
      }
      return;
    }
    const p = new WhepPlayer(this.video, this.urls.whep_url || `/whep/booths/${this.boothId}`, { onState: (s) => this.onPlayerState(p, s) });
    this.player = p;
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => { if (this.player === p) this.useHls('WebRTC did not connect within 4 s'); }, WEBRTC_CONNECT_MS);
    try {
      await p.start();
    } catch (e) {
      if (this.player === p) { this.player = null; clearTimeout(this.connectTimer); }
      if (e.code === 'stopped' || this.state === 'offline') return;
      // 409: the hub said live a moment before the media was ready, or it just
      // ended; 503: WebRTC is full, HLS takes the crowd; anything else: try
      // again, more slowly.
      if (e.status === 409) { this.onOverlay('connecting'); this.scheduleRetry(2000); return; }
      if (e.status === 503) { this.useHls('WebRTC is full'); return; }
      this.backOff(e.status === 404 ? 'unavailable' : 'error');
    }
  }

  onPlayerState(p, s) {
    if (p !== this.player) return;
    if (s === 'playing') {
      this.retryDelay = 1500;
      clearTimeout(this.disconnectTimer);
      clearTimeout(this.connectTimer);
    } else if (s === 'failed') {
      this.stop();
      this.scheduleRetry(1000);
    } else if (s === 'disconnected') {
      // ICE often recovers by itself on a mobile network change; give it time.
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = setTimeout(() => {
        if (this.player === p && p.pc && p.pc.connectionState !== 'connected') { this.stop(); this.scheduleRetry(500); }
      }, 5000);
    }
  }

  watchFrames() {
    const v = this.video;
    const onFrame = () => {
      this.lastFrameAt = Date.now();
      if (this.state === 'live') this.onOverlay(null);
      this.onFrame();
    };
    if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) {
      const loop = () => { onFrame(); v.requestVideoFrameCallback(loop); };
      v.requestVideoFrameCallback(loop);
    } else {
      let lastTime = -1;
      v.addEventListener('timeupdate', () => { if (v.currentTime !== lastTime) { lastTime = v.currentTime; onFrame(); } });
    }
    // Stalled while the hub says live (a half-dead connection): start afresh.
    this.watchdog = setInterval(() => {
      if (this.state === 'live' && this.player && this.lastFrameAt && Date.now() - this.lastFrameAt > STALL_MS) {
        this.lastFrameAt = 0;
        this.stop();
        this.start();
      }
    }, 3000);
  }
}
