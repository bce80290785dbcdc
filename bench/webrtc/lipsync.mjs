// 5. Lip sync at the page, both engines in one run. ffmpeg publishes a
// picture that flashes and a sound that beeps at the same instants
// (tests/lib/lip_sync.mjs: lavfi, one timeline, flashes at 0 s and 0.8 s of
// each 2 s); one Chromium viewer per engine times each flash's display
// (requestVideoFrameCallback expectedDisplayTime) and each beep's output
// (AudioWorklet onset, mapped to performance.now() by getOutputTimestamp()).
// Offset = beep heard - flash displayed: positive means audio behind.
// Before the runs the same publisher writes a few seconds to a file, and
// ffmpeg decodes it back, to show what the publisher itself puts in the FLV.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, table, f0, f1, machine,
  cpuTicks, TICKS, track,
} from './lib.mjs';
import {
  flashBeepPublisher, publisherArgs, startLipSyncViewer, stopLipSyncViewer, markWindow, readWindow, pairFlashes,
  offsetSummary, pctl, FPS, CYCLE_FRAMES, FLASH_FRAMES, FLASHES_PER_SECOND,
} from '../../tests/lib/lip_sync.mjs';

function run(cmd, args) {
  return new Promise((res, rej) => {
    const p = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }), cmd);
    const out = [];
    let err = '';
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    p.on('exit', (code) => (code === 0 ? res(Buffer.concat(out)) : rej(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

// The publisher's own alignment: flash onsets from the decoded picture (per
// frame pts) against beep onsets from the decoded sound (sample count from
// the stream's start), as a decoder that trusts the FLV timestamps sees them.
async function publisherOffset(seconds = 8) {
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-lipsync-'));
  try {
    const file = join(dir, 'p.flv');
    await run('ffmpeg', publisherArgs(file, { seconds }).filter((a) => a !== '-re'));
    const pts = (await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file]))
      .toString().split('\n').map((l) => parseFloat(l)).filter(Number.isFinite);
    const luma = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-fps_mode', 'passthrough', '-vf', 'scale=64:36',
      '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
    const aStart = parseFloat((await run('ffprobe', ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=start_time', '-of', 'csv=p=0', file])).toString());
    const pcm = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a', '-f', 'f32le', '-ac', '1', '-ar', '48000', '-']);
    const flashes = [];
    let prev = false;
    for (let i = 0; i < pts.length && (i + 1) * 2304 <= luma.length; i++) {
      const on = luma[i * 2304 + 14 * 64 + 32] > 128;
      if (on && !prev) flashes.push(pts[i] * 1000);
      prev = on;
    }
    const x = new Float32Array(pcm.buffer, pcm.byteOffset, pcm.length / 4);
    const beeps = [];
    let quiet = 1e9;
    for (let i = 0; i < x.length; i++) {
      if (Math.abs(x[i]) > 0.1) { if (quiet > 48000 * 0.2) beeps.push((aStart + i / 48000) * 1000); quiet = 0; } else quiet++;
    }
    const offsets = flashes.map((f) => beeps.map((b) => b - f).find((d) => Math.abs(d) < 350)).filter(Number.isFinite);
    return { flashes: flashes.length, beeps: beeps.length, offsets };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function oneEngine(engine, o) {
  const flashes = Number(o.flashes), warmup = Number(o.warmup);
  progress(`lipsync ${engine}: starting server`);
  const server = await startServer({ rtmp: { grace_period_seconds: 5 }, webrtc: { engine } });
  let pub, browser, page;
  try {
    const key = await streamKey(server.base, 1);
    pub = flashBeepPublisher(`${server.rtmpBase}/${key}`, { seconds: warmup + flashes / FLASHES_PER_SECOND + 60, preset: o.preset, bitrate: o.bitrate });
    track(pub.proc, 'ffmpeg');
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    browser = await launchChromium({ bypassCSP: true });
    page = await originPage(browser, server.base);
    const st = await startLipSyncViewer(page, `${server.base}/whep/booths/1`);
    if (st.status !== 201) throw new Error(`WHEP POST: ${JSON.stringify(st)}`);
    await waitFor(async () => { const w = await readWindow(page); return w.video.length > 0 && w.audio.length > 0; },
      { what: 'a first flash and a first beep', timeout: 20000 });
    progress(`lipsync ${engine}: playing; ${warmup} s warm-up`);
    await sleep(warmup * 1000);
    await markWindow(page);
    const cpu0 = cpuTicks(server.pid), t0 = Date.now();
    const windowMs = Math.ceil((flashes + 2) / FLASHES_PER_SECOND) * 1000;
    for (let s = 0; s < windowMs; s += 10000) {
      await sleep(Math.min(10000, windowMs - s));
      progress(`lipsync ${engine}: recording ${Math.round(Math.min(windowMs, s + 10000) / 1000)}/${windowMs / 1000} s`);
    }
    const w = await readWindow(page);
    const serverCpu = ((cpuTicks(server.pid) - cpu0) / TICKS) / ((Date.now() - t0) / 1000) * 100;
    const paired = pairFlashes(w);
    // p50 per 10 s of the window: a drift shows as a trend.
    const bins = [];
    for (const p of paired.pairs) (bins[Math.floor(p.at / 10000)] ??= []).push(p.offset);
    return {
      engine, ...paired, o: offsetSummary(paired.pairs), state: w.state, frames: w.frames, serverCpu,
      present: offsetSummary(paired.pairs.map((p) => ({ offset: p.presentOffset }))),
      missedFirst: paired.pairs.filter((p) => p.k > 0).length,
      bins: bins.map((b) => (b ? pctl(b, 50) : NaN)),
      outputLatency: w.outputLatency * 1000, baseLatency: w.baseLatency * 1000,
      stampLag: w.stamps.map(([now, perf]) => now - perf),
    };
  } finally {
    progress(`lipsync ${engine}: cleaning up`);
    if (page) await stopLipSyncViewer(page).catch(() => {});
    await browser?.close();
    await pub?.stop();
    await server.stop();
  }
}

export async function lipsync(o) {
  const m0 = machine();
  progress('lipsync: the publisher\'s own alignment (encode to a file, decode back)');
  const self = await publisherOffset();
  const results = [];
  for (const engine of o.engines.split(',')) results.push(await oneEngine(engine, o));
  const m1 = machine();
  const ok = (r) => (r.o.p50 >= -45 && r.o.p50 <= 125 && r.o.p10 >= -45 && r.o.p90 <= 125 && r.unpaired.length === 0 ? 'yes' : '**no**');
  const out = [];
  out.push(`Lip sync at the page (flash + beep), ${m1.date}`);
  out.push(`machine: ${m0.nproc} x ${m0.model} (shared); load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
  out.push(`publisher: ffmpeg lavfi 640x360@${FPS}, flashes at frames ${FLASH_FRAMES.join(',')} of every ${CYCLE_FRAMES} with a 1 kHz beep from the same instants; `
    + `libx264 -preset ${o.preset} -tune zerolatency -g 30 -b:v ${o.bitrate}, AAC 64k -> RTMP; ${o.warmup} s warm-up`);
  out.push(`publisher's own FLV (decoded by ffmpeg): beep - flash over ${self.offsets.length} flashes: `
    + `min ${f1(Math.min(...self.offsets))} ms, max ${f1(Math.max(...self.offsets))} ms`);
  out.push('');
  out.push(table(['engine', 'flashes paired', '**audio − picture p50**', 'p10', 'p90', 'min', 'max', 'first', 'last', 'within −45..+125 (p50, p10, p90)'],
    results.map((r) => [r.engine, `${r.o.n} of ${r.flashes}`, `**${f0(r.o.p50)} ms**`, f0(r.o.p10), f0(r.o.p90), f0(r.o.min), f0(r.o.max),
      f0(r.o.first), f0(r.o.last), ok(r)])));
  out.push('');
  for (const r of results) {
    out.push(`${r.engine}: p50 per 10 s (ms) ${r.bins.map(f0).join(' ')}; against presentationTime instead of expectedDisplayTime p50 ${f0(r.present.p50)} ms; `
      + `first flash frame not seen ${r.missedFirst}; unpaired flashes ${r.unpaired.length}, stray beeps ${r.strayBeeps}; `
      + `AudioContext outputLatency ${f1(r.outputLatency)} ms, baseLatency ${f1(r.baseLatency)} ms, `
      + `getOutputTimestamp age p50 ${f1(pctl(r.stampLag, 50))} ms; frames presented ${r.frames}; server CPU ${f1(r.serverCpu)} % of a core; state ${r.state}`);
  }
  return out.join('\n');
}
