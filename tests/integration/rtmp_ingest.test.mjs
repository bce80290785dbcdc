// RTMP ingest with three independent real publishers, and the booth's life:
// live, reconnecting within the grace period, offline, takeover, refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, gstPublisher, sleep, waitFor } from '../lib/publishers.mjs';

const GRACE_S = 4;
let s, org, keys;

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: GRACE_S, takeover_idle_seconds: 2 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  keys = {};
  for (let id = 1; id <= 8; id++) keys[id] = (await org.get(`/api/v1/booths/${id}/stream-key`)).body.stream_key;
});
after(async () => { await s.stop(); });

const url = (booth, key = keys[booth]) => `${s.rtmpBase}/${key}`;
const booth = async (id) => (await org.get(`/api/v1/booths/${id}`)).body;
const waitState = (id, state, timeout = 15000) =>
  waitFor(async () => { const b = await booth(id); return b.state === state && b; }, { timeout, what: `booth ${id} ${state}` });

async function goesLive(id, pub, label) {
  const { value, ms } = await waitState(id, 'live');
  console.log(`  ${label}: booth ${id} live after ${ms} ms`);
  assert.ok(pub.alive(), `${label} still publishing`);
  assert.equal(value.live, true);
  assert.equal(typeof value.live_session_id, 'number');
  return value;
}

describe('three real publishers', () => {
  test('ffmpeg -f flv (H.264 + AAC 720p)', async () => {
    const pub = ffmpegPublisher(url(1));
    try {
      await goesLive(1, pub, 'ffmpeg');
      const { value: b } = await waitFor(async () => { const x = await booth(1); return x.ingest?.fps > 20 && x; },
        { what: 'ingest figures' });
      assert.equal(b.ingest.video_codec, 'h264');
      assert.equal(b.ingest.audio_codec, 'aac');
      assert.equal(b.ingest.width, 1280);
      assert.equal(b.ingest.height, 720);
      assert.equal(b.ingest.bframes, false);
      assert.ok(b.ingest.bitrate_kbps > 300, `bitrate ${b.ingest.bitrate_kbps}`);
      const metrics = await (await fetch(`${s.base}/metrics`)).text();
      assert.match(metrics, /ocoplive_booths_live [1-9]/);
      assert.match(metrics, /ocoplive_ingest_bitrate_bps\{booth="1"\} [1-9]\d+/);
    } finally { await pub.stop(); }
  });

  test('GStreamer rtmp2sink', async () => {
    const pub = gstPublisher(url(2), 'rtmp2sink');
    try { await goesLive(2, pub, 'rtmp2sink'); } finally { await pub.stop(); }
  });

  test('GStreamer rtmpsink (librtmp)', async () => {
    const pub = gstPublisher(url(3), 'rtmpsink');
    try { await goesLive(3, pub, 'rtmpsink'); } finally { await pub.stop(); }
  });
});

describe('media variants', () => {
  test('video only', async () => {
    const pub = ffmpegPublisher(url(4), { audio: false, size: '640x360' });
    try {
      await goesLive(4, pub, 'video only');
      const { value } = await waitFor(async () => { const b = await booth(4); return b.ingest?.fps > 0 && b; });
      assert.equal(value.ingest.audio_codec, '');
      assert.equal(value.ingest.video_codec, 'h264');
    } finally { await pub.stop(); }
  });

  test('audio only', async () => {
    const pub = ffmpegPublisher(url(5), { video: false });
    try {
      await goesLive(5, pub, 'audio only');
      const { value } = await waitFor(async () => { const b = await booth(5); return b.ingest?.audio_codec && b; });
      assert.equal(value.ingest.audio_codec, 'aac');
      assert.equal(value.ingest.video_codec, '');
    } finally { await pub.stop(); }
  });

  test('1080p at 6 Mbit/s', async () => {
    const pub = ffmpegPublisher(url(6), { size: '1920x1080', bitrate: '6000k', preset: 'ultrafast' });
    try {
      await goesLive(6, pub, '1080p');
      const { value } = await waitFor(async () => {
        const b = await booth(6);
        return b.ingest?.bitrate_kbps > 3000 && b;
      }, { what: 'a bitrate over 3 Mbit/s' });
      console.log(`  1080p: ingest ${value.ingest.bitrate_kbps} kbit/s at ${value.ingest.fps} fps`);
      assert.equal(value.ingest.width, 1920);
      assert.equal(value.ingest.height, 1080);
    } finally { await pub.stop(); }
  });
});

describe('publisher drop and return', () => {
  test('killed and back within the grace period: same live session', async () => {
    const first = ffmpegPublisher(url(7), { size: '640x360' });
    const live = await goesLive(7, first, 'first');
    await first.stop();
    const { ms } = await waitState(7, 'reconnecting');
    console.log(`  reconnecting ${ms} ms after the kill`);
    const second = ffmpegPublisher(url(7), { size: '640x360' });
    try {
      const back = await goesLive(7, second, 'returning');
      assert.equal(back.live_session_id, live.live_session_id);
    } finally { await second.stop(); }
  });

  test('back after the grace period: a new live session', async () => {
    const first = ffmpegPublisher(url(8), { size: '640x360' });
    const live = await goesLive(8, first, 'first');
    await first.stop();
    await waitState(8, 'reconnecting');
    const off = await waitState(8, 'offline', (GRACE_S + 10) * 1000);
    assert.equal(off.value.live_session_id, null);
    assert.equal(off.value.live, false);
    const second = ffmpegPublisher(url(8), { size: '640x360' });
    try {
      const back = await goesLive(8, second, 'after grace');
      assert.notEqual(back.live_session_id, live.live_session_id);
    } finally { await second.stop(); }
  });

  test('a silent publisher (SIGSTOP) is replaced by the same key publishing again', async () => {
    const first = ffmpegPublisher(url(1), { size: '640x360' });
    const live = await goesLive(1, first, 'first');
    first.signal('SIGSTOP');
    await sleep(2500);  // longer than takeover_idle_seconds
    const second = ffmpegPublisher(url(1), { size: '640x360' });
    try {
      const t0 = Date.now();
      await waitFor(async () => {
        const b = await booth(1);
        return b.state === 'live' && b.ingest?.fps > 10 && b;
      }, { what: 'media from the replacement' });
      console.log(`  replacement publishing after ${Date.now() - t0} ms`);
      assert.ok(second.alive(), `replacement refused: ${second.stderr}`);
      assert.equal((await booth(1)).live_session_id, live.live_session_id);
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});

describe('refusals', () => {
  test('a wrong key never goes live', async () => {
    const states = async () => (await new Api(s.base).get('/api/v1/booths')).body.booths
      .map((b) => `${b.id}:${b.state === 'live' ? 'live' : 'not'}:${b.live_session_id}`);
    const before = await states();
    const pub = ffmpegPublisher(url(2, 'deadbeefdeadbeefdeadbeef'), { size: '320x240' });
    const result = await Promise.race([pub.exited, sleep(10000).then(() => 'timeout')]);
    await pub.stop();
    assert.notEqual(result, 'timeout', 'ffmpeg should be refused and exit');
    assert.notEqual(result.code, 0);
    await sleep(500);
    const now = await states();
    for (const st of now) assert.ok(!st.includes(':live:') || before.includes(st), `${st} went live`);
  });

  test('a second publisher beside a live one is refused', async () => {
    const first = ffmpegPublisher(url(3), { size: '640x360' });
    try {
      const live = await goesLive(3, first, 'first');
      const second = ffmpegPublisher(url(3), { size: '320x240' });
      const result = await Promise.race([second.exited, sleep(10000).then(() => 'timeout')]);
      await second.stop();
      assert.notEqual(result, 'timeout', 'the second publisher should be refused');
      assert.ok(first.alive(), 'the first publisher keeps publishing');
      await sleep(1500);
      const b = await booth(3);
      assert.equal(b.state, 'live');
      assert.equal(b.live_session_id, live.live_session_id);
    } finally { await first.stop(); }
  });

  test('rotating the key cuts the live publisher', async () => {
    const pub = ffmpegPublisher(url(4), { size: '640x360' });
    try {
      await goesLive(4, pub, 'before rotation');
      const seller = await loggedIn(s.base, 'seller4');
      const r = await seller.post('/api/v1/booths/4/stream-key/rotate', {});
      assert.equal(r.status, 200);
      const result = await Promise.race([pub.exited, sleep(10000).then(() => 'timeout')]);
      assert.notEqual(result, 'timeout', 'the publisher should be disconnected');
      await waitState(4, 'reconnecting');
      keys[4] = r.body.stream_key;
      const old = ffmpegPublisher(url(4, keys[4].replace(/./, (c) => (c === 'a' ? 'b' : 'a'))), { size: '320x240' });
      await Promise.race([old.exited, sleep(10000)]);
      await old.stop();
      assert.equal((await booth(4)).state, 'reconnecting', 'an old/wrong key does not resume');
    } finally { await pub.stop(); }
  });
});
