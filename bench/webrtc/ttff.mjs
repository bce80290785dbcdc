// 2. Time to first frame: POST of the WHEP offer -> first frame presented
// (requestVideoFrameCallback), for 2 s and 6 s GOPs (ffmpeg -g 60 / -g 180
// at 30 fps), N joins each by one Chromium page, one after the other, each
// DELETEd before the next. The camera is framesource.mjs, so each join also
// tells how old the first picture was (the server starts a viewer from its
// cached GOP) and when the picture became live (< 500 ms behind capture).
// "Without a GOP cache" is an estimate, not a run: the next keyframe after
// the connection came up, plus this run's median keyframe-free path from
// ffmpeg to the screen.
import {
  startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, summary, table, f0, f1,
  machine, pct,
} from './lib.mjs';
import { startCamera } from './framesource.mjs';
import { installBench, startViewer, stopViewer, viewerFigures } from './page.mjs';

const LIVE_MS = 500;

async function runGop(o, gop) {
  const joins = Number(o.joins), observe = Number(o.observe);
  const server = await startServer({ rtmp: { grace_period_seconds: 5 } });
  let cam, browser;
  try {
    const key = await streamKey(server.base, 1);
    cam = startCamera(`${server.rtmpBase}/${key}`, { gop, audio: o.audio !== '0', tap: true, preset: o.preset, bitrate: o.bitrate });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    browser = await launchChromium();
    const page = await originPage(browser, server.base);
    await installBench(page);
    // A full GOP in the server's cache before the first join.
    await sleep((gop / 30) * 1000 + 1000);
    const res = [];
    for (let i = 0; i < joins; i++) {
      await sleep(Math.random() * 1000);
      const name = `j${i}`;
      const st = await startViewer(page, { name, whepUrl: `${server.base}/whep/booths/1`, detect: true });
      if (st.status !== 201) throw new Error(`join ${i}: ${JSON.stringify(st)}`);
      try {
        await waitFor(async () => (await viewerFigures(page, name)).frames > 0, { what: `join ${i} first frame`, timeout: 15000, interval: 50 });
      } catch (e) { progress(`ttff g=${gop}: ${e.message}`); }
      await sleep(observe * 1000);
      const fig = await viewerFigures(page, name);
      await stopViewer(page, name);
      res.push(fig);
      progress(`ttff g=${gop}: join ${i + 1}/${joins}: first frame ${f0(fig.t.firstFrame - fig.t.post)} ms after POST`);
      await sleep(300);
    }
    // Steady path ffmpeg-out -> presented, from frames > 2 s after each first frame.
    const steady = [];
    for (const fig of res) for (const [n, , present] of fig.records) {
      if (present - fig.t.firstFrame > 2000 && Number.isFinite(cam.tapWall[n])) steady.push(present - cam.tapWall[n]);
    }
    const steadyMs = pct(steady, 50);
    const keys = [...cam.keyframes].sort((a, b) => a - b);
    let unconfirmed = 0;
    const rows = res.map((fig) => {
      const t = fig.t;
      // The first presented frame whose number is plausible: sent, and at most
      // a GOP + 3 s before it was shown (a misread that still passes the
      // parity bit is not taken for the first picture).
      const recs = fig.records;
      const plausible = ([n, , present]) => present - cam.sendWall[n] >= 0 && present - cam.sendWall[n] <= (gop / 30) * 1000 + 3000;
      const firstIdx = recs.findIndex(plausible);
      if (firstIdx > 0) unconfirmed++;
      const first = recs[firstIdx];
      const age = first ? first[2] - cam.sendWall[first[0]] : NaN;
      const liveIdx = recs.findIndex((r, i) => i >= firstIdx && plausible(r) && r[2] - cam.sendWall[r[0]] < LIVE_MS);
      const live = recs[liveIdx];
      // Catching up: frames shown between the first picture and the live one, against the frames captured in that span.
      const catchUp = first && live && live[0] > first[0] ? (liveIdx - firstIdx) / (live[0] - first[0]) : NaN;
      const lastKey = keys.filter((n) => cam.tapWall[n] <= t.post).pop();
      const nextKey = keys.find((n) => cam.tapWall[n] >= (t.connected ?? Infinity));
      const endLat = fig.records.slice(-30).map(([n, , present]) => present - cam.sendWall[n]);
      return {
        answer: t.answer - t.post, connected: t.connected - t.post, first: t.firstFrame - t.post, age,
        live: live ? live[2] - t.post : NaN, phase: lastKey !== undefined ? t.post - cam.tapWall[lastKey] : NaN,
        noCache: nextKey !== undefined ? cam.tapWall[nextKey] + steadyMs - t.post : NaN,
        endLatency: pct(endLat, 50), frames: fig.frames, catchUp: catchUp * 100,
      };
    });
    const gapsS = keys.slice(1).map((k, i) => (cam.tapWall[k] - cam.tapWall[keys[i]]) / 1000).filter(Number.isFinite);
    return { gop, rows, steadyMs, gapsS, dropped: cam.dropped(), written: cam.written.length, unconfirmed };
  } finally {
    await browser?.close();
    await cam?.stop();
    await server.stop();
  }
}

export async function ttff(o) {
  const m0 = machine();
  const results = [];
  for (const gop of o.gops.split(',').map(Number)) {
    progress(`ttff: GOP ${gop} frames (${gop / 30} s), ${o.joins} joins`);
    results.push(await runGop(o, gop));
  }
  const m1 = machine();
  const out = [];
  out.push(`WebRTC time to first frame, ${m1.date}`);
  out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
  out.push(`publisher: node camera 640x360@30 -> ffmpeg libx264 -preset ${o.preset} -tune zerolatency -b:v ${o.bitrate} -sc_threshold 0 -> RTMP; ${o.joins} joins per GOP, one Chromium page, each DELETEd before the next`);
  out.push('');
  const cols = [
    ['POST -> answer (201)', 'answer'], ['POST -> ICE+DTLS connected', 'connected'], ['**POST -> first frame presented**', 'first'],
    ['age of that first picture (capture -> presented)', 'age'], [`POST -> picture < ${LIVE_MS} ms behind capture`, 'live'],
    [`latency ${o.observe} s after the join (p50 of last 30 frames)`, 'endLatency'],
    ['catching up: % of the frames between first and live picture that were shown', 'catchUp'],
    ['join point: POST - last keyframe out of ffmpeg', 'phase'], ['estimate without GOP cache: POST -> next keyframe on screen', 'noCache'],
  ];
  const header = ['ms'];
  for (const r of results) header.push(`g=${r.gop} p50`, `g=${r.gop} p95`, `g=${r.gop} min..max`);
  const rows = cols.map(([label, k]) => {
    const row = [label];
    for (const r of results) {
      const s = summary(r.rows.map((x) => x[k]).filter(Number.isFinite));
      row.push(f0(s.p50), f0(s.p95), `${f0(s.min)}..${f0(s.max)}`);
    }
    return row;
  });
  out.push(table(header, rows));
  out.push('');
  for (const r of results) {
    const g = summary(r.gapsS);
    out.push(`g=${r.gop}: joins with a first frame ${r.rows.filter((x) => Number.isFinite(x.first)).length}/${r.rows.length}; ` +
      `keyframes out of ffmpeg every ${g.p50.toFixed(2)} s (p50; ${g.min.toFixed(2)}..${g.max.toFixed(2)}) as the camera dropped ${r.dropped} of ${r.dropped + r.written} frames while ffmpeg was busy; ` +
      `steady ffmpeg-out -> presented p50 ${f0(r.steadyMs)} ms; joins whose first frame read back was implausible (misread) and skipped: ${r.unconfirmed}`);
  }
  return out.join('\n');
}
