// HLS and live thumbnails of a live booth, read by non-browser clients:
// ffprobe decodes the segments and the live playlist itself, the playlist
// is parsed here, and the thumbnails are JPEGs that follow the moving test
// pattern. Segments are kept in memory per live session and go with it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';

const work = mkdtempSync(join(tmpdir(), 'ocoplive-hls-test-'));
let s, org;
const pubs = [];

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: 2 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => {
  for (const p of pubs) await p.stop();
  await s?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function get(path) {
  const res = await fetch(s.base + path);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function ffprobe(target) {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', target],
    { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `ffprobe ${target}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function parsePlaylist(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.equal(lines[0], '#EXTM3U');
  const target = Number((lines.find((l) => l.startsWith('#EXT-X-TARGETDURATION:')) || '').split(':')[1]);
  const partTarget = Number((/PART-TARGET=([0-9.]+)/.exec(text) || [])[1]);
  const holdBack = Number((/PART-HOLD-BACK=([0-9.]+)/.exec(text) || [])[1]);
  const segments = [];
  let parts = [];  // of the segment whose EXTINF comes next, or of the one still growing
  for (let i = 0; i < lines.length; i++) {
    const part = /^#EXT-X-PART:DURATION=([0-9.]+),URI="([^"]+)"(,INDEPENDENT=YES)?$/.exec(lines[i]);
    if (part) parts.push({ duration: Number(part[1]), uri: part[2], independent: !!part[3] });
    if (!lines[i].startsWith('#EXTINF:')) continue;
    segments.push({ duration: parseFloat(lines[i].slice(8)), uri: lines[i + 1], parts });
    parts = [];
  }
  return { target, partTarget, holdBack, segments, growing: parts };
}

async function goLive(booth, opts) {
  const key = (await org.get(`/api/v1/booths/${booth}/stream-key`)).body.stream_key;
  const t0 = Date.now();
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', bitrate: '800k', ...opts });
  pubs.push(pub);
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth}`)).body.hls_url, { timeout: 20000, what: `booth ${booth}'s HLS` });
  return { pub, ms: Date.now() - t0 };
}

test('a live booth plays over HLS: short segments of the publisher\'s H.264 and AAC, cacheable', { timeout: 120000 }, async () => {
  const { ms } = await goLive(1, { gop: 30 });
  const booth = (await org.get('/api/v1/booths/1')).body;
  assert.equal(booth.hls_url, '/hls/booths/1/index.m3u8');
  console.log(`  HLS listed ${ms} ms after the publisher started`);

  const { value: list } = await waitFor(async () => {
    const r = await get(booth.hls_url);
    if (r.status !== 200) return null;
    const p = parsePlaylist(r.bytes.toString());
    return p.segments.length >= 4 ? { r, p } : null;
  }, { timeout: 20000, what: 'four segments in the playlist' });
  assert.equal(list.r.headers.get('content-type'), 'application/vnd.apple.mpegurl');
  assert.equal(list.r.headers.get('cache-control'), 'public, max-age=1');
  assert.equal(list.r.headers.get('access-control-allow-origin'), '*');
  const durations = list.p.segments.map((x) => x.duration);
  console.log(`  playlist: target ${list.p.target} s, segments ${durations.join(', ')} s`);
  for (const d of durations) assert.ok(d > 0 && d <= 2.5, `a segment of ${d} s with a 1 s GOP publisher`);
  assert.ok(list.p.target >= Math.round(Math.max(...durations)), 'EXT-X-TARGETDURATION covers every segment');

  const seg = list.p.segments[list.p.segments.length - 1];
  assert.match(seg.uri, /^[0-9]+-[0-9]+\.ts$/);
  const r = await get(`/hls/booths/1/${seg.uri}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'video/mp2t');
  assert.match(r.headers.get('cache-control'), /immutable/);
  const file = join(work, 'segment.ts');
  writeFileSync(file, r.bytes);
  const probe = ffprobe(file);
  const codecs = probe.streams.map((x) => x.codec_name).sort();
  console.log(`  segment ${seg.uri}: ${r.bytes.length} bytes, ${codecs.join(' + ')}, ${Number(probe.format.duration).toFixed(2)} s`);
  assert.deepEqual(codecs, ['aac', 'h264']);
  const video = probe.streams.find((x) => x.codec_name === 'h264');
  assert.equal(`${video.width}x${video.height}`, '640x360');
  assert.ok(Number(probe.format.duration) <= 2.5, `segment of ${probe.format.duration} s`);
  // Each segment opens on a keyframe: a player may start at any of them.
  const first = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-read_intervals', '%+#1', '-show_entries',
    'frame=key_frame', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  assert.equal(first.stdout.trim().split('\n')[0], '1', 'the first video frame is a keyframe');

  // ffprobe as an HLS client of the live playlist itself.
  const live = ffprobe(s.base + booth.hls_url);
  assert.deepEqual(live.streams.map((x) => x.codec_name).sort(), ['aac', 'h264']);
});

test('blocking playlist reload: asked for the next segment, the playlist comes the moment it is listed', { timeout: 30000 }, async () => {
  const list = parsePlaylist((await get('/hls/booths/1/index.m3u8')).bytes.toString());
  const text = (await get('/hls/booths/1/index.m3u8')).bytes.toString();
  assert.match(text, /#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES/);
  const last = Number(/-(\d+)\.ts$/.exec(list.segments.at(-1).uri)[1]);
  const t0 = Date.now();
  const r = await get(`/hls/booths/1/index.m3u8?_HLS_msn=${last + 1}`);
  const waited = Date.now() - t0;
  assert.equal(r.status, 200);
  const got = parsePlaylist(r.bytes.toString()).segments.map((x) => Number(/-(\d+)\.ts$/.exec(x.uri)[1]));
  console.log(`  _HLS_msn=${last + 1}: answered after ${waited} ms, newest segment ${got.at(-1)}`);
  assert.ok(got.includes(last + 1), `the answer lists segment ${last + 1}: ${got}`);
  assert.ok(waited < 3500, `answered within three target durations (${waited} ms)`);
  const now = await get(`/hls/booths/1/index.m3u8?_HLS_msn=${last}`);
  assert.equal(now.status, 200, 'a listed segment: at once');
  for (const q of [`${last + 9}`, 'x', '-1', '']) assert.equal((await get(`/hls/booths/1/index.m3u8?_HLS_msn=${q}`)).status, 400, q);
  assert.equal((await get('/hls/booths/3/index.m3u8?_HLS_msn=0')).status, 404);
});

test('Low-Latency HLS: a segment is fetched in parts while it grows, and the parts are the segment', { timeout: 30000 }, async () => {
  const list = parsePlaylist((await get('/hls/booths/1/index.m3u8')).bytes.toString());
  assert.equal(list.partTarget, 0.4, 'hls.part_target_ms 400 (default)');
  assert.ok(list.holdBack >= 2 * list.partTarget, `PART-HOLD-BACK ${list.holdBack} s: at least twice the part target`);
  const whole = list.segments.filter((x) => x.parts.length);
  assert.ok(whole.length >= 2, 'the newest segments list their parts');
  for (const seg of whole) {
    console.log(`  ${seg.uri} (${seg.duration} s): parts ${seg.parts.map((x) => x.duration).join(', ')} s`);
    assert.ok(seg.parts[0].independent, 'a segment\'s first part starts on a keyframe');
    const sum = seg.parts.reduce((a, x) => a + x.duration, 0);
    assert.ok(Math.abs(sum - seg.duration) < 0.05, `parts add up to ${sum} s, the segment is ${seg.duration} s`);
    seg.parts.forEach((x, i) => {
      assert.ok(x.duration <= list.partTarget * 1.25, `part ${x.uri} of ${x.duration} s`);
      if (i + 1 < seg.parts.length && !seg.parts[i + 1].independent) assert.ok(x.duration >= list.partTarget * 0.8, `part ${x.uri} of ${x.duration} s`);
    });
  }
  // Byte for byte: a player that fetched the parts has what the segment holds.
  const seg = whole.at(-1);
  const parts = await Promise.all(seg.parts.map(async (x) => {
    const r = await get(`/hls/booths/1/${x.uri}`);
    assert.equal(r.status, 200, x.uri);
    assert.equal(r.headers.get('content-type'), 'video/mp2t');
    assert.match(r.headers.get('cache-control'), /immutable/);
    return r.bytes;
  }));
  assert.ok(Buffer.concat(parts).equals((await get(`/hls/booths/1/${seg.uri}`)).bytes), 'parts joined = the segment');
  const file = join(work, 'part0.ts');
  writeFileSync(file, parts[0]);
  assert.ok(ffprobe(file).streams.some((x) => x.codec_name === 'h264'), 'the first part decodes as H.264 on its own');

  // A blocking reload for the next part answers as soon as it is cut: a fraction of a segment.
  const now = parsePlaylist((await get('/hls/booths/1/index.m3u8')).bytes.toString());
  const msn = Number(/-(\d+)\.ts$/.exec(now.segments.at(-1).uri)[1]) + 1;
  const t0 = Date.now();
  const r = await get(`/hls/booths/1/index.m3u8?_HLS_msn=${msn}&_HLS_part=${now.growing.length}`);
  const waited = Date.now() - t0;
  const after = parsePlaylist(r.bytes.toString());
  const have = after.growing.length > now.growing.length || after.segments.some((x) => x.uri.endsWith(`-${msn}.ts`));
  console.log(`  _HLS_msn=${msn}&_HLS_part=${now.growing.length}: answered after ${waited} ms`);
  assert.ok(have, `the answer holds part ${now.growing.length} of segment ${msn}`);
  assert.ok(waited < 3000, `answered within three target durations (${waited} ms)`);
  for (const q of ['_HLS_part=0', `_HLS_msn=${msn}&_HLS_part=x`, `_HLS_msn=${msn}&_HLS_part=-1`])
    assert.equal((await get(`/hls/booths/1/index.m3u8?${q}`)).status, 400, q);
});

test('HLS answers only for what exists: other names, booths and paths get 404 that no cache keeps', async () => {
  // Names the routes take: the miss must not be cached, the booth may go live any moment.
  for (const path of ['/hls/booths/2/index.m3u8', '/hls/booths/1/9-0.ts', '/hls/booths/99/index.m3u8',
    '/thumbs/booths/2.jpg']) {
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.equal(r.headers.get('cache-control'), 'no-store', path);
  }
  for (const path of ['/hls/booths/1/..%2F..%2Fconfig.ts', '/hls/booths/1/index.m3u8.ts', '/hls/booths/1/../../config.json',
    '/hls/booths/1/a.b.ts', '/hls/booths/1/1-0p99.ts', '/thumbs/booths/1.png']) assert.equal((await get(path)).status, 404, path);
  const hls = await fetch(s.base + '/hls/booths/1/index.m3u8', { method: 'POST' });
  assert.equal(hls.status, 405);
});

test('a publisher without audio gets HLS with its video only', { timeout: 60000 }, async () => {
  await goLive(2, { gop: 30, audio: false });
  const { value: uri } = await waitFor(async () => {
    const r = await get('/hls/booths/2/index.m3u8');
    return r.status === 200 && parsePlaylist(r.bytes.toString()).segments.at(-1)?.uri;
  }, { timeout: 20000, what: 'a segment of booth 2' });
  const file = join(work, 'video-only.ts');
  writeFileSync(file, (await get(`/hls/booths/2/${uri}`)).bytes);
  assert.deepEqual(ffprobe(file).streams.map((x) => x.codec_name), ['h264']);
});

test('the thumbnail is a small JPEG that follows the moving picture', { timeout: 60000 }, async () => {
  const { value: first, ms } = await waitFor(async () => {
    const r = await get('/thumbs/booths/1.jpg');
    return r.status === 200 ? r : null;
  }, { timeout: 15000, what: 'a thumbnail of booth 1' });
  assert.equal(first.headers.get('content-type'), 'image/jpeg');
  assert.equal(first.headers.get('cache-control'), 'public, max-age=5');
  assert.equal(first.bytes.readUInt16BE(0), 0xffd8, 'JPEG start of image');
  const file = join(work, 'thumb.jpg');
  writeFileSync(file, first.bytes);
  const pic = ffprobe(file).streams[0];
  assert.equal(pic.codec_name, 'mjpeg');
  assert.equal(`${pic.width}x${pic.height}`, '320x180', 'width 320, the 16:9 shape kept');
  assert.equal((await org.get('/api/v1/booths/1')).body.thumbnail_url, '/thumbs/booths/1.jpg');

  const { ms: changedMs } = await waitFor(async () => {
    const r = await get('/thumbs/booths/1.jpg');
    return r.status === 200 && !r.bytes.equals(first.bytes);
  }, { timeout: 15000, what: 'a new thumbnail' });
  // A shared link shows the live picture: the watch page's Open Graph image.
  const html = (await get('/booths/1')).bytes.toString();
  assert.ok(html.includes(`<meta property="og:image" content="${s.base}/thumbs/booths/1.jpg">`), 'og:image of a live booth');
  assert.match(html, /<meta property="og:title" content="[^"]+ – OCOP Live">/);
  const offline = (await get('/booths/3')).bytes.toString();
  assert.ok(!offline.includes('/thumbs/booths/3.jpg'), 'an offline booth has no live picture');
  assert.match(offline, new RegExp(`<meta property="og:image" content="${s.base}/img/products/[a-z-]+\\.svg">`), 'but a product\'s');
  console.log(`  thumbnail: ${first.bytes.length} bytes, ${pic.width}x${pic.height}, found after ${ms} ms, a new one ${changedMs} ms later`);
});

test('when the live session ends, its HLS and thumbnail go', { timeout: 60000 }, async () => {
  const last = parsePlaylist((await get('/hls/booths/1/index.m3u8')).bytes.toString()).segments.at(-1).uri;
  assert.equal((await get(`/hls/booths/1/${last}`)).status, 200);
  for (const p of pubs.splice(0)) await p.stop();
  const { ms } = await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'offline'
    && (await org.get('/api/v1/booths/2')).body.state === 'offline', { timeout: 15000, what: 'both booths offline' });
  const booth = (await org.get('/api/v1/booths/1')).body;
  assert.equal(booth.hls_url, null);
  assert.equal(booth.thumbnail_url, null);
  assert.equal((await get('/hls/booths/1/index.m3u8')).status, 404);
  assert.equal((await get('/thumbs/booths/1.jpg')).status, 404);
  assert.equal((await get(`/hls/booths/1/${last}`)).status, 404, 'its segments are freed');
  console.log(`  offline ${ms} ms after the publishers stopped`);
});
