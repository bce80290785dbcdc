// In-page WHEP viewers for the benchmark (the same exchange as
// tests/lib/whep_viewer.mjs: POST the offer, 201 + answer + Location, DELETE
// Location to stop), with three extras:
//  - timestamps of each step (POST sent, answer, ICE/DTLS connected, first frame);
//  - `detect`: every presented frame is drawn to a 64x36 canvas in its
//    requestVideoFrameCallback and the flash square and the 16 number blocks
//    of framesource.mjs are read back, with the frame's presentation,
//    expected display and network receive times (ms since the epoch);
//  - `attach: false`: no <video> element at all (load test), so the page does
//    not render; the track still arrives and getStats shows what it decodes;
//  - `hlsUrl`: an HLS viewer instead (hls.js, which the caller put in the
//    page as window.Hls, with `hlsConfig`), read the same way.

function install() {
  if (window.__bench) return;
  const wall = (t) => performance.timeOrigin + t;
  const viewers = new Map();
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 36;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });

  function read(video) {
    ctx.drawImage(video, 0, 0, 64, 36);
    const d = ctx.getImageData(0, 0, 64, 36).data;
    const y = (x, yy) => d[(yy * 64 + x) * 4 + 1]; // green ~ luma for grey content
    const flash = y(32, 14) > 128 ? 1 : 0;
    let c = 0, parity = 0;
    for (let b = 0; b < 16; b++) {
      const on = y(b * 4 + 2, 31) > 128 ? 1 : 0;
      if (b < 15) { c |= on << b; parity ^= on; } else if (on !== parity) return { flash, counter: -1 };
    }
    return { flash, counter: c };
  }

  function watch(v, video, detect, keep) {
    const onFrame = (now, md) => {
      if (!v.t.firstFrame) {
        v.t.firstFrame = wall(md.presentationTime);
        v.t.firstFrameCallback = wall(now);
      }
      v.frames++;
      if (detect) {
        const r = read(video);
        if (r.counter < 0) v.bad++;
        else if (v.records.length < keep) {
          v.records.push([r.counter, r.flash, wall(md.presentationTime), wall(md.expectedDisplayTime),
            md.receiveTime ? wall(md.receiveTime) : NaN, wall(now)]);
        }
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  function startHls(v, { hlsUrl, hlsConfig = {}, detect, keep }) {
    const video = document.createElement('video');
    video.muted = true; video.autoplay = true; video.playsInline = true;
    video.width = 64; video.height = 36;
    document.body.appendChild(video);
    v.video = video;
    const hls = new window.Hls({ enableWorker: false, ...hlsConfig });
    v.hls = hls;
    v.errors = [];
    v.stalls = 0;  // the player ran out of media after it had started: what a too-short distance costs
    let played = false;
    video.addEventListener('playing', () => { played = true; });
    video.addEventListener('waiting', () => { if (played) v.stalls++; });
    hls.on(window.Hls.Events.ERROR, (_e, d) => { v.errors.push(`${d.type}/${d.details}${d.fatal ? ' (fatal)' : ''}`); });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
    hls.loadSource(hlsUrl);
    hls.attachMedia(video);
    watch(v, video, detect, keep);
    return { status: 200 };
  }

  async function start({ name, whepUrl, hlsUrl, hlsConfig, attach = true, detect = false, keep = 100000, stopTracks = false, dropEncoded = false }) {
    const v = { name, t: {}, records: [], frames: 0, bad: 0, status: 0 };
    viewers.set(name, v);
    v.t.start = wall(performance.now());
    if (hlsUrl) return startHls(v, { hlsUrl, hlsConfig, detect, keep });
    const drop = dropEncoded && !attach;
    const pc = new RTCPeerConnection(drop ? { encodedInsertableStreams: true } : {});
    v.pc = pc;
    const transceivers = [pc.addTransceiver('video', { direction: 'recvonly' }), pc.addTransceiver('audio', { direction: 'recvonly' })];
    if (drop) {
      // Receive, decrypt, depacketize, send RTCP feedback, then drop each
      // encoded frame before the decoder: the server's work is the same,
      // Chromium's decode cost is gone.
      v.encodedFrames = 0;
      transceivers.forEach((t, i) => {
        const { readable } = t.receiver.createEncodedStreams();
        readable.pipeTo(new WritableStream({ write() { if (i === 0) v.encodedFrames++; } })).catch(() => {});
      });
    }
    const stream = new MediaStream();
    // stopTracks: end the remote tracks at once (the receiver keeps
    // receiving RTP and sending RTCP; whether Chromium still decodes shows
    // in getStats framesDecoded).
    pc.ontrack = (e) => { if (stopTracks && !attach) e.track.stop(); else stream.addTrack(e.track); };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected' && !v.t.connected) v.t.connected = wall(performance.now());
    };
    await pc.setLocalDescription(await pc.createOffer());
    v.t.post = wall(performance.now());
    const res = await fetch(whepUrl, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    v.t.answer = wall(performance.now());
    v.status = res.status;
    v.location = res.headers.get('location');
    const text = await res.text();
    if (res.status !== 201) return { status: res.status, body: text.slice(0, 300) };
    await pc.setRemoteDescription({ type: 'answer', sdp: text });
    if (!attach) return { status: res.status };
    const video = document.createElement('video');
    video.muted = true; video.autoplay = true; video.playsInline = true;
    video.width = 64; video.height = 36;
    video.srcObject = stream;
    document.body.appendChild(video);
    v.video = video;
    watch(v, video, detect, keep);
    video.play().catch(() => {});
    return { status: res.status };
  }

  async function stop(name, { sendDelete = true } = {}) {
    const v = viewers.get(name);
    if (!v) return null;
    let status = null;
    if (sendDelete && v.location) status = (await fetch(v.location, { method: 'DELETE' })).status;
    v.pc?.close();
    v.hls?.destroy();
    v.video?.remove();
    viewers.delete(name);
    return status;
  }

  function figures(name, { drain = false } = {}) {
    const v = viewers.get(name);
    if (!v) return null;
    const out = { t: v.t, frames: v.frames, bad: v.bad, state: v.pc ? v.pc.connectionState : 'hls', records: v.records, errors: v.errors, stalls: v.stalls,
      latency: v.hls ? v.hls.latency : undefined };
    if (drain) { v.records = []; v.stalls = 0; }
    return out;
  }

  // Per viewer: connection state and the inbound video/audio counters.
  async function stats() {
    const out = {};
    await Promise.all([...viewers.values()].map(async (v) => {
      const s = { state: v.pc.connectionState, vbytes: 0, abytes: 0, decoded: 0, received: 0, dropped: 0, lost: 0, jbDelay: 0, jbCount: 0, encoded: v.encodedFrames ?? 0 };
      const rep = await v.pc.getStats();
      rep.forEach((r) => {
        if (r.type !== 'inbound-rtp') return;
        if (r.kind === 'video') {
          s.vbytes = r.bytesReceived; s.decoded = r.framesDecoded ?? 0; s.received = r.framesReceived ?? 0; s.dropped = r.framesDropped ?? 0;
          s.lost += r.packetsLost ?? 0; s.jbDelay = r.jitterBufferDelay ?? 0; s.jbCount = r.jitterBufferEmittedCount ?? 0;
          s.decoder = r.decoderImplementation;
        } else if (r.kind === 'audio') { s.abytes = r.bytesReceived; s.lost += r.packetsLost ?? 0; }
      });
      out[v.name] = s;
    }));
    return out;
  }

  window.__bench = { start, stop, figures, stats, names: () => [...viewers.keys()], clock: () => wall(performance.now()) - Date.now() };
}

export async function installBench(page) { await page.evaluate(install); }
export const startViewer = (page, opts) => page.evaluate((o) => window.__bench.start(o), opts);
export const stopViewer = (page, name, opts = {}) => page.evaluate(([n, o]) => window.__bench.stop(n, o), [name, opts]);
export const viewerFigures = (page, name, opts = {}) => page.evaluate(([n, o]) => window.__bench.figures(n, o), [name, opts]);
export const pageStats = (page) => page.evaluate(() => window.__bench.stats());
export const pageClock = (page) => page.evaluate(() => window.__bench.clock());
