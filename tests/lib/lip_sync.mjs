// Lip sync at the page: a publisher whose picture flashes and whose sound
// beeps at the same instants, and an in-page viewer that times, on one clock
// (the page's performance.now()), when each flash is displayed and when each
// beep leaves the audio output. Shared by tests/e2e/lip_sync.test.mjs and
// bench/webrtc/lipsync.mjs.
import { spawn } from 'node:child_process';

// Flashes come in a 2 s cycle at frames 0 and 24 (0 s and 0.8 s), not once a
// second: with a regular period an offset of a whole period would pair each
// flash with its neighbour's beep and look perfect; with gaps of 0.8 and
// 1.2 s an offset beyond the pairing window leaves flashes unpaired instead.
export const FPS = 30;
export const CYCLE_FRAMES = 60;
export const FLASH_FRAMES = [0, 24];
export const FLASH_LEN = 3;          // frames
export const BEEP_MS = 80;
export const PAIR_WINDOW_MS = 350;   // under half the shorter gap (800 ms)
export const FLASHES_PER_SECOND = FLASH_FRAMES.length / (CYCLE_FRAMES / FPS);

// Everything is drawn from one timeline, ffmpeg's: the picture by frame
// number n, the sound by sample time t, and n / 30 == t at each flash. Two
// marker boxes light up on the flash's first and second frame only, so the
// page can tell a flash whose first frame it never saw.
function sources(size) {
  const cyc = (n) => `mod(n\\,${CYCLE_FRAMES})`;
  const at = (k) => FLASH_FRAMES.map((f) => `eq(${cyc()}\\,${f + k})`).join('+');
  const on = FLASH_FRAMES.map((f) => `between(${cyc()}\\,${f}\\,${f + FLASH_LEN - 1})`).join('+');
  const box = (x, y, w, h, en) => `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=white:t=fill:enable='${en}'`;
  const video = [`color=c=black:s=${size}:r=${FPS}`,
    box(240, 60, 160, 160, on), box(40, 260, 80, 80, at(0)), box(520, 260, 80, 80, at(1))].join(',');
  const period = CYCLE_FRAMES / FPS;
  const gate = FLASH_FRAMES.map((f) => `between(mod(t\\,${period})\\,${(f / FPS).toFixed(6)}\\,${(f / FPS + BEEP_MS / 1000).toFixed(6)})`).join('+');
  const audio = `aevalsrc='0.5*sin(2*PI*1000*t)*(${gate})':s=48000:c=mono`;
  return { video, audio };
}

// ffmpeg arguments for the publisher: lavfi picture + sound, x264
// zerolatency with a keyframe each second, AAC, FLV to `out`.
export function publisherArgs(out, { seconds = 600, gop = 30, bitrate = '600k', preset = 'veryfast', format = 'flv' } = {}) {
  const { video, audio } = sources('640x360');
  return ['-hide_banner', '-loglevel', 'error', '-nostdin',
    '-re', '-f', 'lavfi', '-i', video, '-re', '-f', 'lavfi', '-i', audio, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', preset, '-tune', 'zerolatency', '-g', String(gop), '-keyint_min', String(gop),
    '-sc_threshold', '0', '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate, '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', format, out];
}

const running = new Set();
process.on('exit', () => { for (const p of running) try { p.kill('SIGKILL'); } catch {} });

export function flashBeepPublisher(url, opts = {}) {
  const proc = spawn('ffmpeg', publisherArgs(url, opts), { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const exited = new Promise((r) => proc.once('exit', (code, signal) => { running.delete(proc); r({ code, signal }); }));
  return {
    proc, exited,
    get stderr() { return stderr; },
    alive() { return proc.exitCode === null && proc.signalCode === null; },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch {} }, 3000);
        try { proc.kill('SIGTERM'); } catch {}
        await exited;
        clearTimeout(t);
      }
      return exited;
    },
  };
}

// Runs in the page (installed once with installLipSync).
function install() {
  if (window.__lips) return;
  // Audio onsets are found sample-exact on the rendering thread: a block of
  // 128 frames starts at context frame `currentFrame`.
  const worklet = `
    class Onsets extends AudioWorkletProcessor {
      constructor() { super(); this.quiet = 1e9; this.peak = 0; }
      process(inputs, outputs) {
        const x = inputs[0] && inputs[0][0];
        if (x) for (let i = 0; i < x.length; i++) {
          const a = Math.abs(x[i]);
          if (a > 0.1) {
            if (this.quiet > sampleRate * 0.2) this.port.postMessage({ frame: currentFrame + i });
            this.quiet = 0;
          } else this.quiet++;
        }
        return true;
      }
    }
    registerProcessor('onsets', Onsets);`;

  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 36;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const lit = (d, x, y) => d[(y * 64 + x) * 4 + 1] > 128;

  async function start(whepUrl) {
    const L = { video: [], audio: [], frames: 0, stamps: [], lastFlash: false, from: 0 };
    window.__lips = L;
    const pc = new RTCPeerConnection();
    L.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (e) => stream.addTrack(e.track);
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(whepUrl, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    L.location = res.headers.get('location');
    const text = await res.text();
    if (res.status !== 201) return { status: res.status, body: text.slice(0, 300) };
    await pc.setRemoteDescription({ type: 'answer', sdp: text });

    // The picture: one <video> holding both tracks (one sync group, as a
    // player has it), muted because the sound is taken through WebAudio.
    const video = document.createElement('video');
    video.muted = true; video.autoplay = true; video.playsInline = true;
    video.width = 64; video.height = 36;
    video.srcObject = stream;
    document.body.appendChild(video);
    L.videoEl = video;
    const onFrame = (now, md) => {
      L.frames++;
      g.drawImage(video, 0, 0, 64, 36);
      const d = g.getImageData(0, 0, 64, 36).data;
      const flash = lit(d, 32, 14);
      if (flash && !L.lastFlash) {
        // Which frame of the flash this is: 0, 1, or 2 when neither marker is lit.
        const k = lit(d, 8, 30) ? 0 : lit(d, 56, 30) ? 1 : 2;
        L.video.push({ display: md.expectedDisplayTime, present: md.presentationTime, k, presented: md.presentedFrames });
      }
      L.lastFlash = flash;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    video.play().catch(() => {});

    // The sound: the remote track -> AudioWorklet -> destination. A sample
    // rendered at context time c leaves the output when the output clock
    // reaches c; getOutputTimestamp() pairs the output clock with
    // performance.now(), so that moment is performanceTime + (c - contextTime).
    const ctx = new AudioContext({ latencyHint: 'interactive' });
    L.ctx = ctx;
    await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([worklet], { type: 'application/javascript' })));
    const node = new AudioWorkletNode(ctx, 'onsets');
    const waitAudio = () => new Promise((r) => {
      const t = stream.getAudioTracks()[0];
      if (t) r(t); else setTimeout(() => r(waitAudio()), 50);
    });
    ctx.createMediaStreamSource(new MediaStream([await waitAudio()])).connect(node).connect(ctx.destination);
    node.port.onmessage = (e) => {
      const ts = ctx.getOutputTimestamp();
      const c = e.data.frame / ctx.sampleRate;
      L.audio.push({ heard: ts.performanceTime + (c - ts.contextTime) * 1000, ctxTime: c, late: performance.now() - ts.performanceTime });
      // Samples of the clock pairing, for the method notes.
      if (L.stamps.length < 200) L.stamps.push([performance.now(), ts.performanceTime, ts.contextTime, ctx.currentTime, ctx.outputLatency ?? NaN]);
    };
    await ctx.resume();
    return { status: res.status, sampleRate: ctx.sampleRate, baseLatency: ctx.baseLatency };
  }

  // Starts a measuring window now: earlier flashes and beeps are dropped.
  function mark() {
    const L = window.__lips;
    L.video = []; L.audio = []; L.from = performance.now();
    return L.from;
  }

  function read() {
    const L = window.__lips;
    const ctx = L.ctx;
    return {
      from: L.from, to: performance.now(), video: L.video, audio: L.audio, frames: L.frames, state: L.pc.connectionState,
      audioState: ctx?.state, outputLatency: ctx?.outputLatency ?? NaN, baseLatency: ctx?.baseLatency ?? NaN, stamps: L.stamps.slice(-20),
    };
  }

  async function stop() {
    const L = window.__lips;
    if (!L) return null;
    let status = null;
    if (L.location) status = (await fetch(L.location, { method: 'DELETE' })).status;
    L.pc.close();
    L.videoEl?.remove();
    await L.ctx?.close();
    delete window.__lips;
    return status;
  }

  window.__lipsApi = { start, mark, read, stop };
}

export async function startLipSyncViewer(page, whepUrl) {
  await page.evaluate(install);
  return page.evaluate((u) => window.__lipsApi.start(u), whepUrl);
}
export const markWindow = (page) => page.evaluate(() => window.__lipsApi.mark());
export const readWindow = (page) => page.evaluate(() => window.__lipsApi.read());
export const stopLipSyncViewer = (page) => page.evaluate(() => window.__lipsApi?.stop());

// Pairs each flash with the beep within ±PAIR_WINDOW_MS. Offset = beep
// heard - flash displayed (positive: audio behind the picture). The flash's
// display time is that of its first frame: when the page first saw frame k
// of a flash, k frame durations earlier. Flashes too close to the window's
// edges for their beep to be inside it are left out.
export function pairFlashes(w) {
  const frameMs = 1000 / FPS;
  const inner = w.video.filter((v) => v.display - PAIR_WINDOW_MS >= w.from && v.display + PAIR_WINDOW_MS <= w.to);
  const used = new Set();
  const pairs = [], unpaired = [];
  for (const v of inner) {
    const first = v.display - v.k * frameMs;
    const near = w.audio.map((a, i) => [i, a.heard - first]).filter(([, d]) => Math.abs(d) <= PAIR_WINDOW_MS);
    if (near.length !== 1 || used.has(near[0][0])) { unpaired.push({ at: first - w.from, beeps: near.length }); continue; }
    used.add(near[0][0]);
    pairs.push({ at: first - w.from, offset: near[0][1], presentOffset: w.audio[near[0][0]].heard - (v.present - v.k * frameMs), k: v.k });
  }
  const lo = w.from + PAIR_WINDOW_MS, hi = w.to - PAIR_WINDOW_MS;
  const strayBeeps = w.audio.filter((a, i) => !used.has(i) && a.heard >= lo && a.heard <= hi).length;
  return { flashes: inner.length, pairs, unpaired, strayBeeps };
}

export function pctl(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

export function offsetSummary(pairs) {
  const o = pairs.map((p) => p.offset);
  return {
    n: o.length, p50: pctl(o, 50), p10: pctl(o, 10), p90: pctl(o, 90),
    min: o.length ? Math.min(...o) : NaN, max: o.length ? Math.max(...o) : NaN,
    first: o.length ? o[0] : NaN, last: o.length ? o[o.length - 1] : NaN,
  };
}
