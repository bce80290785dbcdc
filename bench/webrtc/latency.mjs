// 1. Glass-to-glass latency by a flash test. framesource.mjs is the camera
// (every frame carries its frame number; a white square flashes for 3 frames
// each second), ffmpeg x264 -tune zerolatency publishes it over RTMP, one
// Chromium viewer plays it over WHEP and reads the square and the number of
// each presented frame back in requestVideoFrameCallback. Per flash:
// latency = time the first flash frame was presented - time node wrote it
// into ffmpeg (same machine clock). The same is reported for every frame.
import {
  startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, summary, table, f0, f1,
  machine, cpuTicks, TICKS, wallNow,
} from './lib.mjs';
import { startCamera, isFlash, FLASH } from './framesource.mjs';
import { installBench, startViewer, stopViewer, viewerFigures, pageClock } from './page.mjs';

export async function latency(o) {
  const flashes = Number(o.flashes), gop = Number(o.gop), warmup = Number(o.warmup);
  const audio = o.audio !== '0';
  const m0 = machine();
  progress(`latency: starting server (${o.bin ?? ''})`);
  const server = await startServer({ rtmp: { grace_period_seconds: 5 } });
  let cam, browser;
  try {
    const key = await streamKey(server.base, 1);
    cam = startCamera(`${server.rtmpBase}/${key}`, { gop, audio, tap: true, preset: o.preset, bitrate: o.bitrate, queue: o.queue === '1', burstMs: Number(o.burst) });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    progress('latency: booth live; launching Chromium');
    browser = await launchChromium();
    const page = await originPage(browser, server.base);
    await installBench(page);
    const clockPage = await pageClock(page);
    const clockNode = wallNow() - Date.now();
    const st = await startViewer(page, { name: 'v', whepUrl: `${server.base}/whep/booths/1`, detect: true });
    if (st.status !== 201) throw new Error(`WHEP POST: ${JSON.stringify(st)}`);
    await waitFor(async () => (await viewerFigures(page, 'v')).frames > 0, { what: 'first frame', timeout: 20000 });
    progress(`latency: playing; ${warmup} s warm-up (the join starts from the cached GOP)`);
    await sleep(warmup * 1000);
    await viewerFigures(page, 'v', { drain: true });
    const cpu0 = cpuTicks(server.pid), t0 = Date.now();
    const windowMs = (flashes + 1) * (FLASH.period / 30) * 1000;
    for (let s = 0; s < windowMs; s += 10000) {
      await sleep(Math.min(10000, windowMs - s));
      progress(`latency: recording ${Math.round((s + Math.min(10000, windowMs - s)) / 1000)}/${Math.round(windowMs / 1000)} s`);
    }
    const fig = await viewerFigures(page, 'v', { drain: true });
    const serverCpu = ((cpuTicks(server.pid) - cpu0) / TICKS) / ((Date.now() - t0) / 1000) * 100;
    await stopViewer(page, 'v');
    const m1 = machine();

    // [counter, flash, present, expectedDisplay, receive, callback]
    const recs = fig.records;
    const perFrame = { total: [], display: [], enc: [], net: [], render: [] };
    const seen = new Set();
    const flashRows = [];
    for (const [n, flash, present, display, receive] of recs) {
      const sent = cam.sendWall[n];
      if (!Number.isFinite(sent) || seen.has(n)) continue;
      seen.add(n);
      const tap = cam.tapWall[n];
      perFrame.total.push(present - sent);
      perFrame.display.push(display - sent);
      if (Number.isFinite(tap)) perFrame.enc.push(tap - sent);
      if (Number.isFinite(tap) && Number.isFinite(receive)) perFrame.net.push(receive - tap);
      if (Number.isFinite(receive)) perFrame.render.push(present - receive);
      // The first presented frame of each flash (it may be the 2nd or 3rd flash frame if one was skipped).
      if (flash && isFlash(n)) {
        const k = Math.floor(n / FLASH.period);
        if (!flashRows.some((r) => r.k === k)) flashRows.push({ k, n, latency: present - sent, display: display - sent, frameOfFlash: n % FLASH.period });
      }
    }
    // How far ahead of real time the publisher ever ran: frame n's FLV
    // timestamp minus the time it left ffmpeg, relative to frame 0. A server
    // that plays RTP out against its clock (a syncing sink) holds every later
    // frame by the running maximum of this.
    let ahead = 0, aheadAt = 0;
    const w = cam.written, first = w[0];
    const lastN = recs.length ? recs[recs.length - 1][0] : 0;
    for (const n of w) {
      if (n > lastN) break;
      if (!Number.isFinite(cam.tapWall[n])) continue;
      const e = (cam.tapTs[n] - cam.tapTs[first]) - (cam.tapWall[n] - cam.tapWall[first]);
      if (e > ahead) { ahead = e; aheadAt = n; }
    }
    // The same against the server's pipeline start (its log line): FLV
    // timestamp - (time out of ffmpeg - pipeline start).
    const started = [...server.stderr.matchAll(/^(\d+\.\d+) info +\[media\] booth 1: pipeline started/gm)].map((m) => Number(m[1]) * 1000);
    const pStart = started.length ? started[started.length - 1] : NaN;
    let aheadP = -Infinity;
    for (const n of w) {
      if (n > lastN) break;
      if (Number.isFinite(cam.tapWall[n])) aheadP = Math.max(aheadP, cam.tapTs[n] - (cam.tapWall[n] - pStart));
    }
    const burst = summary(w.slice(0, 30).map((n) => cam.tapWall[n] - cam.sendWall[n]).filter(Number.isFinite));
    // Latency per 5 s of the window: flat means a fixed hold, not a queue that grows.
    const bins = new Map();
    for (const [n, , present] of recs) {
      const sent = cam.sendWall[n];
      if (!Number.isFinite(sent)) continue;
      const b = Math.floor((present - fig.records[0][2]) / 5000);
      if (!bins.has(b)) bins.set(b, []);
      bins.get(b).push(present - sent);
    }
    const mismatched = recs.filter(([n, flash]) => (flash === 1) !== isFlash(n)).length;
    const flashLat = summary(flashRows.map((r) => r.latency));
    const flashDisp = summary(flashRows.map((r) => r.display));
    const rows = [
      ['flash: capture -> presented (rVFC presentationTime)', flashLat],
      ['flash: capture -> expected display', flashDisp],
      ['every frame: capture -> presented', summary(perFrame.total)],
      ['  capture -> encoded FLV tag out of ffmpeg', summary(perFrame.enc)],
      ['  ffmpeg out -> last RTP packet at Chromium (RTMP, server, WebRTC)', summary(perFrame.net)],
      ['  received -> presented (jitter buffer, decode, render)', summary(perFrame.render)],
    ];
    const sentFrames = Math.round(windowMs / (1000 / 30));
    const out = [];
    out.push(`WebRTC glass-to-glass latency (flash test), ${m1.date}`);
    out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
    out.push(`publisher: node camera 640x360@30 -> ffmpeg libx264 -preset ${o.preset} -tune zerolatency -g ${gop} -b:v ${o.bitrate}${audio ? ' + AAC 64k' : ', no audio'} -> RTMP`);
    out.push(`window: ${(windowMs / 1000).toFixed(0)} s after ${warmup} s warm-up; frames presented ${seen.size} of ~${sentFrames} sent; unreadable frames ${fig.bad}; flash/number mismatches ${mismatched}; server CPU ${f1(serverCpu)} % of a core`);
    out.push(`clock check (wall - Date.now(), ms): page ${f1(clockPage)}, node ${f1(clockNode)}`);
    out.push('');
    out.push(table(['ms', 'n', 'p50', 'p95', 'min', 'max', 'mean'],
      rows.map(([k, s]) => [k, s.n, f0(s.p50), f0(s.p95), f0(s.min), f0(s.max), f0(s.mean)])));
    out.push('');
    out.push(`flashes seen first at flash frame 0/1/2: ${[0, 1, 2].map((i) => flashRows.filter((r) => r.frameOfFlash === i).length).join('/')}`);
    out.push(`p50 capture -> presented per 5 s of the window (ms): ${[...bins.keys()].sort((a, b) => a - b).map((b) => f0(summary(bins.get(b)).p50)).join(' ')}`);
    out.push(`publisher (${o.queue === '1' || Number(o.burst) ? 'queues every frame' : 'drops frames while ffmpeg is busy'}` +
      `${Number(o.burst) ? `, first ${o.burst} ms of frames held back and sent at once` : ''}): ` +
      `${cam.dropped()} frames dropped; first 30 frames written: capture -> out of ffmpeg p50 ${f0(burst.p50)} max ${f0(burst.max)} ms; ` +
      `most the FLV timestamps ever ran ahead of real time (vs the first frame): ${f0(ahead)} ms, at frame ${aheadAt}; ` +
      `vs the server's pipeline start: ${f0(aheadP)} ms`);
    return out.join('\n');
  } finally {
    progress('latency: cleaning up');
    await browser?.close();
    await cam?.stop();
    await server.stop();
  }
}
