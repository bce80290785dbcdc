// A standard non-browser WHEP receiver (GStreamer's webrtcbin with default
// RTCP and ICE timing: receiver reports only every ~5 s, RFC 3550) plays a
// booth for a minute and is not dropped, over UDP and over ICE-TCP. Liveness
// must follow ICE consent (RFC 7675), not how often a player sends RTCP.
//
// OCOPLIVE_WEBRTC_ENGINE=fanout|webrtcbin runs it against a given engine;
// unset, the server's default engine is tested.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';

const CLIENT = process.env.OCOPLIVE_WHEP_CLIENT || resolve('build/tests/whep_gst_client');
const ENGINE = process.env.OCOPLIVE_WEBRTC_ENGINE;
const PLAY_S = 60;
const WINDOW_S = 10;
const MIN_FPS = 20;  // the publisher sends 30
const BOOTH = 1;

let s, pub;
const whepUrl = () => `${s.base}/whep/booths/${BOOTH}`;

before(async () => {
  assert.ok(existsSync(CLIENT), `no WHEP client at ${CLIENT} (build the whep_gst_client target or set OCOPLIVE_WHEP_CLIENT)`);
  s = await startServer({ config: ENGINE ? { webrtc: { engine: ENGINE } } : {} });
  const org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  await waitFor(async () => {
    const b = (await org.get(`/api/v1/booths/${BOOTH}`)).body;
    return b.state === 'live' && b.ingest?.fps > 20 && b;
  }, { timeout: 20000, what: `booth ${BOOTH} live with media` });
});
after(async () => {
  await pub?.stop();
  await s?.stop();
});

async function viewersMetric() {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return Number(/^ocoplive_viewers (\d+)/m.exec(text)?.[1]);
}

async function metrics() {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  const n = (name) => Number(new RegExp(`^ocoplive_webrtc_${name}_total (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { tcp_accepted: n('tcp_accepted'), tcp_dropped: n('tcp_dropped') };
}

// Runs the client; `onLine` sees each JSON line as it arrives and may return
// 'stop' to end the run early.
function runClient(args, onLine = () => {}) {
  const t0 = Date.now();
  const proc = spawn(CLIENT, ['--url', whepUrl(), '--seconds', String(PLAY_S), '--ice-address', '127.0.0.1', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '', buf = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  proc.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let line;
      try { line = JSON.parse(text); } catch { stderr += `${text}\n`; continue; }
      lines.push(line);
      if (onLine(line, (Date.now() - t0) / 1000) === 'stop') proc.kill('SIGKILL');
    }
  });
  const killer = setTimeout(() => proc.kill('SIGKILL'), (PLAY_S + 40) * 1000);
  const exited = new Promise((res) => proc.on('exit', (code, signal) => {
    clearTimeout(killer);
    res({ code, signal });
  }));
  return { lines, exited, t0, get stderr() { return stderr; } };
}

// What the server logged about viewers leaving, for failure messages.
const serverSaid = () => (s.stdout + s.stderr).split('\n').filter((l) => /viewer|webrtc/i.test(l)).slice(-8).join('\n');

async function play(t, { args = [], transport }) {
  let answer = null;
  const viewers = [];
  let sampler = null;
  const before_ = await metrics();
  const run = runClient(args, (line) => {
    if ('answer_status' in line) answer = line;
    return undefined;
  });
  // ocoplive_viewers while the client plays, sampled from outside.
  sampler = setInterval(async () => {
    const at = (Date.now() - run.t0) / 1000;
    try { viewers.push({ t: at, n: await viewersMetric() }); } catch {}
  }, 5000);
  const { code, signal } = await run.exited;
  clearInterval(sampler);

  const reports = run.lines.filter((l) => 'video_frames' in l && !l.done);
  const done = run.lines.find((l) => l.done);
  const errors = run.lines.filter((l) => l.error).map((l) => JSON.stringify(l));
  const context = `client exit ${code ?? signal}; errors: ${errors.join(' ') || 'none'}; stderr: ${run.stderr.slice(-1500)}`;
  assert.ok(answer, `the client never got an answer (${context})`);
  assert.equal(answer.answer_status, 201, `WHEP POST answered ${answer.answer_status} (${context})`);
  assert.ok(done, `the client did not finish (${context})`);
  assert.ok(done.ever_connected, `the client never connected: ${done.connection_state}/${done.ice_state} (${context})`);

  const last = reports[reports.length - 1];
  const firstFrameMs = last.first_frame_ms;
  const frames = last.video_frames;
  const fps = frames / Math.max(1, PLAY_S - firstFrameMs / 1000);
  console.log(`  ${transport}: ${frames} frames (${fps.toFixed(1)} fps after the first), first frame at ${firstFrameMs} ms, ` +
    `${last.audio_buffers} audio buffers (rms ${last.audio_rms}), ${(last.video_bytes / 1e6).toFixed(1)} MB video, ` +
    `${last.connection_state}/${last.ice_state}, DELETE ${done.http_delete}`);
  console.log(`  ocoplive_viewers during play: ${viewers.map((v) => `${v.t.toFixed(0)}s=${v.n}`).join(' ')}`);

  // Not dropped: every 10 s window up to the end gains decoded frames.
  const framesAt = (sec) => {
    let f = 0;
    for (const r of reports) if (r.t <= sec + 0.5) f = r.video_frames;
    return f;
  };
  let lastGain = null;
  for (let i = 1; i < reports.length; i++) if (reports[i].video_frames > reports[i - 1].video_frames) lastGain = reports[i];
  for (let end = WINDOW_S; end <= PLAY_S; end += WINDOW_S) {
    const before_ = framesAt(end - WINDOW_S), now = framesAt(end);
    const atEnd = reports.filter((r) => r.t <= end + 0.5).pop() || last;
    assert.ok(now > before_,
      `video stopped: no new frame between ${end - WINDOW_S} s and ${end} s; the last frame arrived at ` +
      `t=${lastGain?.t ?? '?'} s (${frames} frames in all, first at ${firstFrameMs} ms); at ${end} s the client saw ` +
      `${atEnd.connection_state}/${atEnd.ice_state}.\nServer log:\n${serverSaid()}`);
  }
  assert.ok(frames >= PLAY_S * MIN_FPS, `${frames} frames in ${PLAY_S} s is below ${MIN_FPS} fps`);
  const audioAt = (sec) => reports.filter((r) => r.t <= sec + 0.5).pop()?.audio_buffers ?? 0;
  assert.ok(audioAt(PLAY_S / 2) > 0, 'no audio in the first half');
  assert.ok(last.audio_buffers > audioAt(PLAY_S / 2), `audio stopped after ${audioAt(PLAY_S / 2)} buffers`);
  // With UDP turned off on the client's ICE agent, media can only have come
  // over the server's ICE-TCP port; the server's counters say so too. (With
  // UDP on, libnice checks the TCP pairs as well, but nominates UDP.)
  const after_ = await metrics();
  const tcpAccepted = after_.tcp_accepted - before_.tcp_accepted;
  console.log(`  ${transport}: ${tcpAccepted} ICE-TCP connections accepted, ${after_.tcp_dropped - before_.tcp_dropped} packets dropped for a full TCP queue`);
  if (transport === 'tcp') {
    assert.equal(answer.answer_tcp_candidates > 0, true, `the answer offers no ICE-TCP candidate (${answer.answer_udp_candidates} UDP)`);
    assert.ok(tcpAccepted >= 1, 'the server accepted no ICE-TCP connection');
  }

  const during = viewers.filter((v) => v.t >= 5 && v.t <= PLAY_S - 2);
  assert.ok(during.length > 0, 'no ocoplive_viewers sample during play');
  for (const v of during) assert.equal(v.n, 1, `ocoplive_viewers was ${v.n} at ${v.t.toFixed(0)} s`);
  assert.ok(done.http_delete >= 200 && done.http_delete < 300, `DELETE of ${answer.location} answered ${done.http_delete}`);
  const { ms } = await waitFor(async () => (await viewersMetric()) === 0 && true,
    { timeout: 5000, what: 'ocoplive_viewers back to 0 after DELETE' });
  console.log(`  ocoplive_viewers 0 ${ms} ms after DELETE`);
  assert.equal(code, 0, `client exit ${code ?? signal} (${context})`);
}

describe(`a webrtcbin WHEP client with default RTCP settings (engine: ${ENGINE || 'default'})`, () => {
  test(`plays ${PLAY_S} s over UDP and is not dropped`, { timeout: (PLAY_S + 90) * 1000 },
    (t) => play(t, { transport: 'udp' }));

  test(`plays ${PLAY_S} s over ICE-TCP with UDP turned off`, { timeout: (PLAY_S + 90) * 1000 },
    (t) => play(t, { args: ['--no-udp'], transport: 'tcp' }));
});
