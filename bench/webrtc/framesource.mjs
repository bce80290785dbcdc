// A "camera" whose every frame says when it was captured. Node draws raw
// 640x360 I420 frames in real time (one every 1/30 s on its own clock) and
// pipes them, with a matching 48 kHz tone, into ffmpeg, which encodes them
// with x264 (-tune zerolatency: no lookahead, no B-frames) and AAC and
// publishes FLV over RTMP. Nothing paces ffmpeg but the arrival of frames
// (no -re), so the moment node writes frame n is its capture time.
//
// Frame layout (Y plane; chroma is neutral):
//   rows   0..47   scrolling noise, so x264 spends the bitrate like on a real picture
//   rows  60..219  cols 240..399: the flash square, white for 3 frames each second
//   rows 280..339  16 blocks of 40 px: bits 0..14 = frame number (mod 32768), bit 15 = even parity
// The receiving page (page.mjs) reads the square and the blocks back.
//
// With `tap: true` the encoded FLV also goes to ffmpeg's stdout through the
// tee muxer and every video tag's arrival there is timed, which splits the
// glass-to-glass figure into "encode + mux" and "RTMP -> server -> browser".
import { spawn } from 'node:child_process';
import { track, wallNow } from './lib.mjs';

export const W = 640, H = 360, FPS = 30;
export const FLASH = { x: 240, y: 60, w: 160, h: 160, period: 30, on: 3 };
export const BITS = { y: 280, h: 60, w: 40, n: 16 };

const NOISE_ROWS = 48;
const noise = Buffer.alloc(W * NOISE_ROWS * 4);
{ let s = 12345; for (let i = 0; i < noise.length; i++) { s = (s * 1103515245 + 12345) >>> 0; noise[i] = 16 + ((s >>> 16) % 220); } }

export function isFlash(n) { return n % FLASH.period < FLASH.on; }

function drawFrame(buf, n) {
  const ySize = W * H;
  buf.fill(16, 0, ySize);
  buf.fill(128, ySize);
  const off = (n * 7 * W) % (noise.length - W * NOISE_ROWS);
  noise.copy(buf, 0, off, off + W * NOISE_ROWS);
  if (isFlash(n)) for (let y = FLASH.y; y < FLASH.y + FLASH.h; y++) buf.fill(235, y * W + FLASH.x, y * W + FLASH.x + FLASH.w);
  const c = n % 32768;
  let parity = 0;
  for (let b = 0; b < BITS.n; b++) {
    let on;
    if (b < 15) { on = (c >> b) & 1; parity ^= on; } else on = parity;
    if (!on) continue;
    for (let y = BITS.y; y < BITS.y + BITS.h; y++) buf.fill(235, y * W + b * BITS.w + 4, y * W + (b + 1) * BITS.w - 4);
  }
}

// Starts the camera and ffmpeg. Returns { sendWall (Float64Array by frame
// number, ms since the epoch), tapWall (same, when the encoded frame left
// ffmpeg), keyframes (Set of frame numbers), frames(), stop(), stderr }.
//
// A camera does not wait for its encoder. By default a frame whose
// predecessor is still in the pipe to ffmpeg is dropped (not queued), so
// ffmpeg's start-up (libx264 init, RTMP connect: ~0.3-1 s here) never turns
// into a burst of frames whose timestamps run ahead of real time. With
// `queue: true` every frame is queued, which is what ffmpeg reading a pipe
// or a file with -re does: the start-up becomes such a burst. `burstMs`
// makes a burst of known size: the frames (and audio) of the first burstMs
// are captured on time but held back, then written at once, as a phone does
// that kept capturing while its RTMP connection came up; frames are then
// queued, never dropped, so the burst's lead is never paid back.
//
// Timestamps are frame counts (rawvideo at 30 fps): a dropped frame makes
// every later timestamp 1/30 s later than its capture, never earlier.
export function startCamera(url, { gop = 60, bitrate = '600k', preset = 'veryfast', audio = true, tap = false,
  seconds = 600, queue = false, burstMs = 0 } = {}) {
  const total = seconds * FPS;
  const sendWall = new Float64Array(total + FPS).fill(NaN);
  const tapWall = new Float64Array(total + FPS).fill(NaN);
  const tapTs = new Float64Array(total + FPS).fill(NaN); // FLV timestamp (ms) of frame n
  const keyframes = new Set();
  const written = []; // frame numbers in the order they went to ffmpeg
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin',
    // No probing of inputs whose format is given: ffmpeg would otherwise read
    // ~5 MB (14 frames) before it starts, and send them as a burst.
    '-probesize', '32', '-analyzeduration', '0',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-r', String(FPS), '-i', 'pipe:3'];
  if (audio) args.push('-probesize', '32', '-analyzeduration', '0', '-f', 's16le', '-ar', '48000', '-ac', '1', '-i', 'pipe:4');
  args.push('-map', '0:v');
  if (audio) args.push('-map', '1:a');
  args.push('-c:v', 'libx264', '-preset', preset, '-tune', 'zerolatency', '-g', String(gop), '-keyint_min', String(gop),
    '-sc_threshold', '0', '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate, '-pix_fmt', 'yuv420p');
  if (audio) args.push('-c:a', 'aac', '-b:a', '64k');
  // The tee muxer is not a global-header format: without +global_header x264
  // puts SPS/PPS in-band only and the FLV sequence header is empty.
  // `url` may list several servers: the same encoded stream goes to each.
  const urls = Array.isArray(url) ? url : [url];
  const outs = [...urls.map((u, i) => `[f=flv${i === 0 ? ':onfail=abort' : ''}]${u}`), ...(tap ? ['[f=flv]pipe:1'] : [])];
  if (outs.length > 1) args.push('-flags', '+global_header', '-f', 'tee', outs.join('|'));
  else args.push('-f', 'flv', url);
  const proc = track(spawn('ffmpeg', args, { stdio: ['ignore', tap ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'] }), 'ffmpeg');
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const video = proc.stdio[3];
  const pcm = audio ? proc.stdio[4] : null;
  video.on('error', () => {});
  pcm?.on('error', () => {});

  if (tap) {
    // FLV: 9-byte header + 4, then tags: type(1) size(3) ts(3) tsx(1) sid(3) data prev(4).
    let acc = Buffer.alloc(0), header = false, tags = 0;
    proc.stdout.on('data', (d) => {
      const now = wallNow();
      acc = acc.length ? Buffer.concat([acc, d]) : d;
      if (!header) {
        if (acc.length < 13) return;
        acc = acc.subarray(13);
        header = true;
      }
      let p = 0;
      while (acc.length - p >= 11) {
        const size = acc.readUIntBE(p + 1, 3);
        if (acc.length - p < 11 + size + 4) break;
        const type = acc[p];
        const ts = acc.readUIntBE(p + 4, 3) | (acc[p + 7] << 24);
        if (type === 9 && size > 2 && acc[p + 12] === 1) {
          // x264 here neither drops nor reorders: the k-th video tag is the k-th frame written.
          const n = written[tags++];
          if (n !== undefined) {
            tapWall[n] = now;
            tapTs[n] = ts;
            if ((acc[p + 11] >> 4) === 1) keyframes.add(n);
          }
        }
        p += 11 + size + 4;
      }
      acc = acc.subarray(p);
    });
  }

  const tone = Buffer.alloc((48000 / FPS) * 2);
  if (burstMs > 0) queue = true;
  let n = 0, stopped = false, sample = 0, dropped = 0, busy = false;
  const held = [];
  video.on('drain', () => { busy = false; });
  const t0 = wallNow();
  const tick = () => {
    if (stopped || n >= total) return;
    // Catch up if the timer fired late (a loaded machine), never run ahead.
    while (!stopped && n < total && wallNow() >= t0 + (n * 1000) / FPS) {
      const holding = wallNow() - t0 < burstMs;
      if (!holding && held.length) {
        for (const [f, a] of held.splice(0)) { busy = !video.write(f); if (a) pcm.write(a); }
      }
      if (busy && !queue && !holding) { dropped++; n++; continue; }
      // A new buffer each time: a queued write keeps a reference to it.
      const frame = Buffer.allocUnsafe((W * H * 3) / 2);
      drawFrame(frame, n);
      sendWall[n] = wallNow();
      written.push(n);
      let pcmChunk = null;
      if (pcm) {
        for (let i = 0; i < tone.length / 2; i++, sample++) tone.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * sample) / 48000)), i * 2);
        pcmChunk = Buffer.from(tone);
      }
      if (holding) held.push([frame, pcmChunk]);
      else {
        busy = !video.write(frame);
        if (pcmChunk) pcm.write(pcmChunk);
      }
      n++;
    }
    const next = t0 + (n * 1000) / FPS - wallNow();
    setTimeout(tick, Math.max(0, next - 1));
  };
  tick();
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc, sendWall, tapWall, tapTs, keyframes, written, exited,
    get stderr() { return stderr; },
    frames: () => n,
    dropped: () => dropped,
    async stop() {
      stopped = true;
      try { video.end(); pcm?.end(); } catch {}
      const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch {} }, 3000);
      try { proc.kill('SIGTERM'); } catch {}
      await exited;
      clearTimeout(t);
    },
  };
}

// A plain ffmpeg publisher like tests/lib/publishers.mjs ffmpegPublisher
// (lavfi testsrc2 + sine, -re), for the load test.
export function testsrcPublisher(url, { size = '640x360', rate = 30, bitrate = '600k', gop = 60, preset = 'veryfast', audio = true } = {}) {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    '-c:v', 'libx264', '-preset', preset, '-tune', 'zerolatency', '-g', String(gop), '-b:v', bitrate,
    '-maxrate', bitrate, '-bufsize', bitrate, '-pix_fmt', 'yuv420p',
    ...(audio ? ['-c:a', 'aac', '-b:a', '64k'] : []), '-f', 'flv', url];
  const proc = track(spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] }), 'ffmpeg');
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc, exited, get stderr() { return stderr; },
    async stop() {
      const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch {} }, 3000);
      try { proc.kill('SIGTERM'); } catch {}
      await exited;
      clearTimeout(t);
    },
  };
}
