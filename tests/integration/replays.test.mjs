// Every live session is recorded to MP4 and becomes a replay: ffprobe reads
// it over HTTP (H.264 + AAC, as long as the publish), the seller's pins are
// its chapters, byte ranges let a phone seek, a publisher's drop and return
// within the grace period gives one replay, and a disk that fails stops the
// recording while the live stream goes on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';

const GRACE = 3;
let s, org;

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: GRACE } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => { await s?.stop(); });

const key = async (booth) => (await org.get(`/api/v1/booths/${booth}/stream-key`)).body.stream_key;
const state = async (booth) => (await org.get(`/api/v1/booths/${booth}`)).body.state;

function ffprobe(url) {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', url], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `ffprobe ${url}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function publishFor(booth, seconds, opts = {}) {
  const pub = ffmpegPublisher(`${s.rtmpBase}/${await key(booth)}`, { size: '640x360', bitrate: '600k', gop: 30, seconds, ...opts });
  await waitFor(async () => (await state(booth)) === 'live', { timeout: 20000, what: `booth ${booth} live` });
  return pub;
}

async function replaysOf(booth) {
  return (await new Api(s.base).get(`/api/v1/booths/${booth}/replays`)).body.replays;
}

test('a 30 s live becomes a replay: H.264 + AAC as long as the publish, pins as chapters, ranges for seeking', { timeout: 120000 }, async () => {
  const seller = await loggedIn(s.base, 'seller1');
  const shop = await HubClient.connect(s.base, 1, { cookie: seller.cookie });
  await shop.hello('Shop 1');
  const products = (await new Api(s.base).get('/api/v1/booths/1/products')).body.products;
  const pub = await publishFor(1, 30);
  const t0 = Date.now();
  await sleep(8000);
  await shop.request({ type: 'pin', product_id: products[0].id }, 'card');
  const pin1 = (Date.now() - t0) / 1000;
  await sleep(8000);
  await shop.request({ type: 'pin', product_id: products[1].id, deal: { price: 10000, quantity: 5, ends_at: Math.floor(Date.now() / 1000) + 600 } }, 'card');
  const pin2 = (Date.now() - t0) / 1000;
  shop.close();
  await pub.exited;
  const { value: list, ms } = await waitFor(async () => {
    const l = await replaysOf(1);
    return l.length ? l : null;
  }, { timeout: GRACE * 1000 + 15000, what: 'the replay listed' });
  console.log(`  replay listed ${ms} ms after the publisher ended (grace ${GRACE} s)`);
  assert.equal(list.length, 1);
  const r = list[0];
  assert.equal(r.booth_id, 1);
  assert.equal(r.media_url, `/media/replays/${r.id}.mp4`);
  assert.equal(r.thumbnail_url, `/thumbs/replays/${r.id}.jpg`);
  assert.deepEqual((await new Api(s.base).get(`/api/v1/replays/${r.id}`)).body, r);

  const probe = ffprobe(s.base + r.media_url);
  const codecs = probe.streams.map((x) => x.codec_name).sort();
  const duration = Number(probe.format.duration);
  console.log(`  replay ${r.id}: ${codecs.join(' + ')}, ffprobe ${duration.toFixed(2)} s, listed ${r.duration} s; pins at ${pin1.toFixed(1)} s and ${pin2.toFixed(1)} s -> chapters ${JSON.stringify(r.chapters)}`);
  assert.deepEqual(codecs, ['aac', 'h264']);
  assert.ok(Math.abs(duration - 30) <= 1.5, `a 30 s publish recorded as ${duration} s`);
  assert.ok(Math.abs(r.duration - duration) <= 1, `listed ${r.duration} s, file ${duration} s`);

  assert.deepEqual(r.chapters.map((c) => c.product_id), [products[0].id, products[1].id]);
  assert.deepEqual(r.chapters.map((c) => c.deal), [false, true]);
  for (const c of r.chapters) assert.ok(c.offset >= 0 && c.offset <= r.duration, `chapter at ${c.offset} s inside ${r.duration} s`);
  assert.ok(r.chapters[0].offset < r.chapters[1].offset);
  assert.ok(Math.abs((r.chapters[1].offset - r.chapters[0].offset) - (pin2 - pin1)) < 2, 'chapters as far apart as the pins');

  const part = await fetch(s.base + r.media_url, { headers: { range: 'bytes=1000-1999' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 1000-1999/${part.headers.get('content-range').split('/')[1]}`);
  assert.equal((await part.arrayBuffer()).byteLength, 1000);
  const whole = await fetch(s.base + r.media_url, { method: 'HEAD' });
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  const size = Number(whole.headers.get('content-length'));
  const past = await fetch(s.base + r.media_url, { headers: { range: `bytes=${size}-` } });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), `bytes */${size}`);
  const thumb = await fetch(s.base + r.thumbnail_url);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  assert.equal(Buffer.from(await thumb.arrayBuffer()).readUInt16BE(0), 0xffd8);
});

test('a publisher that drops and returns within the grace period gives one replay, not two', { timeout: 120000 }, async () => {
  const first = await publishFor(2, 8);
  await first.exited;
  await waitFor(async () => (await state(2)) === 'reconnecting', { what: 'booth 2 reconnecting' });
  const second = await publishFor(2, 8);
  await second.exited;
  const { value: list } = await waitFor(async () => {
    const l = await replaysOf(2);
    return l.length ? l : null;
  }, { timeout: GRACE * 1000 + 15000, what: 'booth 2\'s replay' }).catch((e) => {
    console.log((s.stderr + s.stdout).split('\n').filter((l) => /booth 2|record|replay/.test(l)).slice(-20).join('\n'));
    throw e;
  });
  await sleep(1000);
  const again = await replaysOf(2);
  const probe = ffprobe(s.base + again[0].media_url);
  console.log(`  8 s + drop + 8 s: ${again.length} replay, ${Number(probe.format.duration).toFixed(2)} s`);
  assert.equal(list.length, 1);
  assert.equal(again.length, 1);
  assert.ok(Number(probe.format.duration) >= 15, 'both publishes are in it');
});

test('only the booth\'s seller or an organizer deletes a replay; then it is gone, file and all', { timeout: 30000 }, async () => {
  const r = (await replaysOf(2))[0];
  const other = await loggedIn(s.base, 'seller1');
  assert.equal((await other.del(`/api/v1/replays/${r.id}`)).status, 403);
  assert.equal((await new Api(s.base).del(`/api/v1/replays/${r.id}`)).status, 401);
  const owner = await loggedIn(s.base, 'seller2');
  assert.equal((await owner.del(`/api/v1/replays/${r.id}`)).status, 200);
  assert.equal((await new Api(s.base).get(`/api/v1/replays/${r.id}`)).status, 404);
  assert.equal((await fetch(s.base + r.media_url)).status, 404);
  assert.deepEqual(await replaysOf(2), []);
  assert.equal(existsSync(join(s.dir, 'data', 'replays', 'booth-2', 'session-2.mp4')), false);
});

test('a disk that fails stops the recording, counted and logged; the live stream goes on', { timeout: 90000 }, async () => {
  // Booth 3's next live session is the server's third: its file is a full disk.
  const dir = join(s.dir, 'data', 'replays', 'booth-3');
  mkdirSync(dir, { recursive: true });
  symlinkSync('/dev/full', join(dir, 'session-3.mp4'));
  const metric = async () => Number(/ocoplive_recording_errors_total (\d+)/.exec(await (await fetch(`${s.base}/metrics`)).text())?.[1] ?? -1);
  const before = await metric();
  const pub = await publishFor(3, 600);
  const { ms } = await waitFor(async () => (await metric()) > before, { timeout: 15000, what: 'a counted recording error' });
  // The newest HLS segment's number: it grows while the live stream runs.
  const newest = async () => {
    const uris = (await (await fetch(`${s.base}/hls/booths/3/index.m3u8`)).text()).match(/-(\d+)\.ts/g) || [];
    return uris.length ? Number(/(\d+)\.ts/.exec(uris.at(-1))[1]) : -1;
  };
  const { value: a } = await waitFor(async () => { const n = await newest(); return n >= 0 ? { n } : null; }, { what: 'booth 3\'s HLS' });
  await sleep(4000);
  const b = await newest();
  console.log(`  recording error counted ${ms} ms after going live; newest HLS segment ${a.n} -> ${b} meanwhile; log: ${/recording \d+ stopped[^\n]*/.exec(s.stdout + s.stderr)?.[0]}`);
  assert.equal(await state(3), 'live');
  assert.ok(b > a.n, 'the live stream kept going');
  assert.match(s.stdout + s.stderr, /recording \d+ stopped .*the live stream goes on/);
  await pub.stop();
  await waitFor(async () => (await state(3)) === 'offline', { timeout: GRACE * 1000 + 15000, what: 'booth 3 offline' });
  assert.deepEqual(await replaysOf(3), [], 'no replay from a failed recording');
});
