// HLS playback, for when WebRTC is full or cannot connect: hls.js from our
// own origin through MediaSource, or the browser's own HLS (iPhone Safari)
// where MediaSource is missing. Same shape as WhepPlayer: start(), stop(),
// onState('connecting' | 'playing' | 'failed' | 'closed').
const HLS_JS = '/js/vendor/hls.light.min.js';
let loading = null;

function loadHlsJs() {
  if (window.Hls) return Promise.resolve(window.Hls);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = HLS_JS;
      s.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error('hls.js did not define Hls')));
      s.onerror = () => { loading = null; reject(new Error('hls.js did not load')); };
      document.head.append(s);
    });
  }
  return loading;
}

export class HlsPlayer {
  constructor(video, url, { onState = () => {} } = {}) {
    this.video = video;
    this.url = url;
    this.onState = onState;
    this.hls = null;
    this.stopped = false;
    this.onPlaying = () => { if (!this.stopped) this.onState('playing'); };
  }

  async start() {
    const v = this.video;
    this.onState('connecting');
    v.srcObject = null;
    v.addEventListener('playing', this.onPlaying);
    const native = !window.MediaSource && v.canPlayType('application/vnd.apple.mpegurl');
    if (native) {
      v.src = this.url;
      v.play().catch(() => { /* autoplay refused: the unmute tap plays */ });
      return;
    }
    const Hls = await loadHlsJs();
    if (this.stopped) return;
    if (!Hls.isSupported()) throw new Error('this browser cannot play HLS');
    // Low-Latency HLS: hls.js stays the playlist's PART-HOLD-BACK behind the
    // live edge (three parts, about 1.2 s) and fetches parts while a segment
    // grows. A distance set here would override it. After a stall it plays
    // up to 10 % faster until it is back at that distance.
    const hls = new Hls({
      enableWorker: false, lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.1, backBufferLength: 10,
      manifestLoadingMaxRetry: 8, manifestLoadingRetryDelay: 1000, levelLoadingMaxRetry: 8,
    });
    this.hls = hls;
    let recoveries = 0;
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal || this.stopped) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && recoveries++ < 3) { hls.recoverMediaError(); return; }
      this.onState('failed');
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => { v.play().catch(() => {}); });
    hls.loadSource(this.url);
    hls.attachMedia(v);
  }

  stop() {
    this.stopped = true;
    this.video.removeEventListener('playing', this.onPlaying);
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    if (this.video.getAttribute('src')) { this.video.removeAttribute('src'); this.video.load(); }
    this.onState('closed');
  }
}
