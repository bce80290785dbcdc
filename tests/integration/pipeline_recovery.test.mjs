// A booth's media pipeline fails mid-stream (an error posted on its bus
// through the test hook, as a failing element would): the server builds a
// new one and feeds it the publisher's codec configuration again, and a
// viewer that stayed connected gets video again, without the publisher
// reconnecting. The viewer is the GStreamer WHEP client (one JSON line a
// second with its decoded frame count).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';

const CLIENT = process.env.OCOPLIVE_WHEP_CLIENT || resolve('build/tests/whep_gst_client');
let s, org, pub;

before(async () => {
  assert.ok(existsSync(CLIENT), `no WHEP client at ${CLIENT}`);
  s = await startServer({ env: { OCOPLIVE_TEST_HOOKS: '1' } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.ingest?.fps > 20, { timeout: 20000, what: 'booth 1 live' });
});
after(async () => {
  await pub?.stop();
  await s?.stop();
});

test('a failed pipeline is rebuilt and a connected viewer gets video again, the publisher untouched', { timeout: 90000 }, async () => {
  const seller = await loggedIn(s.base, 'seller1', 'seller1');
  assert.equal((await seller.post('/api/v1/test/booths/1/pipeline-error')).status, 403, 'the hook is for organizers only');

  const reports = [];
  const proc = spawn(CLIENT, ['--url', `${s.base}/whep/booths/1`, '--seconds', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try { const j = JSON.parse(line); if ('video_frames' in j) reports.push({ ...j, at: Date.now() }); } catch {}
    }
  });
  const exited = new Promise((res) => proc.on('exit', res));
  try {
    await waitFor(async () => reports.length > 0 && reports[reports.length - 1].video_frames > 60 && true,
      { timeout: 20000, what: 'the viewer decoding video' });
    const publishingSince = (await org.get('/api/v1/booths/1')).body.live_session_id;
    const framesBefore = reports[reports.length - 1].video_frames;
    const broke = Date.now();
    assert.equal((await org.post('/api/v1/test/booths/1/pipeline-error')).status, 200);
    await waitFor(async () => /pipeline failed/.test(s.stderr + s.stdout) && true, { timeout: 5000, what: 'the server noticing the failure' });
    // Back: three reports in a row gaining frames, after the failure.
    const { value: backAt } = await waitFor(async () => {
      const after = reports.filter((r) => r.at > broke + 500);
      for (let i = 2; i < after.length; i++)
        if (after[i].video_frames > after[i - 1].video_frames && after[i - 1].video_frames > after[i - 2].video_frames
            && after[i - 2].video_frames > framesBefore) return after[i - 2].at;
      return null;
    }, { timeout: 15000, what: 'video again after the pipeline failed' }).catch((e) => {
      console.log(reports.map((r) => `${r.at - broke}:${r.video_frames}:${r.connection_state}`).join(' '));
      console.log((s.stderr + s.stdout).split('\n').filter((l) => /media|live|rtmp|webrtc/.test(l)).slice(-15).join('\n'));
      throw e;
    });
    await sleep(2000);
    const last = reports[reports.length - 1];
    const booth = (await org.get('/api/v1/booths/1')).body;
    console.log(`  video again ${backAt - broke} ms after the failure (report resolution 1 s); ` +
      `${last.video_frames - framesBefore} frames since; ${last.connection_state}; booth ${booth.state}, session ${booth.live_session_id} (was ${publishingSince})`);
    assert.equal(last.connection_state, 'connected');
    assert.equal(booth.state, 'live');
    assert.equal(booth.live_session_id, publishingSince, 'the live session went on: the publisher did not reconnect');
    assert.ok(/replayed the publisher's codec configuration/.test(s.stderr + s.stdout), 'the ingest replayed the codec configuration');
  } finally {
    proc.kill('SIGTERM');
    await exited;
  }
});

test('a pipeline that keeps failing is restarted with a growing wait', { timeout: 90000 }, async () => {
  const metric = async (name) => {
    const text = await (await fetch(`${s.base}/metrics`)).text();
    const m = text.match(new RegExp(`^${name} (\\d+)`, 'm'));
    return m ? Number(m[1]) : NaN;
  };
  const elements = () => metric('ocoplive_media_elements');
  // Fail it again and again (each time once it is back) until the server
  // says it waits: the third failure within a minute.
  let waited = null;
  for (let i = 0; i < 4 && !waited; i++) {
    await waitFor(async () => (await elements()) > 0, { what: 'a pipeline running' });
    const restarts = () => [...(s.stderr + s.stdout).matchAll(/restarting it (now|in (\d+) ms) \(failure (\d+) in the last minute\)/g)];
    const before = restarts().length;
    assert.equal((await org.post('/api/v1/test/booths/1/pipeline-error')).status, 200);
    const { value } = await waitFor(async () => { const all = restarts(); return all.length > before ? all[all.length - 1] : null; },
      { what: 'the restart logged' });
    if (value[2]) waited = { ms: Number(value[2]), failure: Number(value[3]), at: Date.now() };
  }
  assert.ok(waited, 'the third failure in a minute waits');
  assert.equal(waited.ms, 1000 * 2 ** (waited.failure - 3));
  assert.equal(await elements(), 0, 'no pipeline while it waits');
  const { value: back } = await waitFor(async () => ((await elements()) > 0 ? Date.now() : null), { what: 'the pipeline back' });
  console.log(`  failure ${waited.failure} in a minute: the pipeline came back after ${back - waited.at} ms (wait ${waited.ms} ms)`);
  assert.ok(back - waited.at >= waited.ms - 250, `not before its wait (${back - waited.at} ms)`);
  assert.ok((await metric('ocoplive_pipeline_restarts_total')) >= 3);
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.ingest?.fps > 20, { what: 'media flowing again' });
  // Ingest, GStreamer and WebRTC threads reached the live state only through the control loop.
  assert.equal(await metric('ocoplive_ownership_violations_total'), 0);
});
