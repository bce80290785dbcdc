// WHEP for players on other origins (draft-ietf-wish-whep): CORS preflights,
// CORS headers on every WHEP answer (errors too), the configured STUN/TURN
// servers as ice-server Links, and PATCH (trickle ICE) refused with 405.
// Raw fetch with an Origin header, as a browser on a partner's page sends it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBinary, startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { browserLikeOffer } from '../lib/sdp_offer.mjs';

const PORTAL = 'https://portal.tuyenquang.gov.vn';
const PARTNER = 'http://127.0.0.2:8080';

// A recvonly H.264 + Opus offer as a browser makes it (only the SDP matters
// here: nobody answers ICE, and each session is DELETEd).
const offer = browserLikeOffer;

async function whep(base, method, path, { origin, headers = {}, body } = {}) {
  const h = { ...headers };
  if (origin) h.origin = origin;
  const r = await fetch(base + path, { method, headers: h, body });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text };
}

const post = (base, path, origin, body = offer(), type = 'application/sdp') =>
  whep(base, 'POST', path, { origin, body, headers: { 'content-type': type } });

const preflight = (base, path, method, origin, requestHeaders) => whep(base, 'OPTIONS', path, {
  origin,
  headers: { 'access-control-request-method': method, ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}) },
});

function assertCors(r, origin, what) {
  assert.equal(r.headers.get('access-control-allow-origin'), origin, `${what}: Access-Control-Allow-Origin`);
  assert.equal(r.headers.get('access-control-expose-headers'), 'Location, Link, ETag', `${what}: exposed headers`);
  assert.equal(r.headers.get('access-control-allow-credentials'), null, `${what}: never credentials`);
}

function assertNoCors(r, what) {
  assert.equal(r.headers.get('access-control-allow-origin'), null, `${what}: no Access-Control-Allow-Origin`);
  assert.equal(r.headers.get('access-control-expose-headers'), null, `${what}: nothing exposed`);
}

const methodsOf = (value) => (value || '').split(',').map((m) => m.trim()).filter(Boolean).sort();

async function goLive(s, booth, org) {
  const key = (await org.get(`/api/v1/booths/${booth}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '320x240', rate: 15, bitrate: '300k', gop: 30 });
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth}`)).body.state === 'live', { what: `booth ${booth} live` });
  return pub;
}

describe('any origin (the default)', () => {
  let s, org, pub;
  // Nothing listens on these ports: the servers only have to be announced.
  const stun = 'stun://127.0.0.1:3478';
  const turn = 'turn://ocop%40shop:p%22ss@127.0.0.1:3479?transport=udp';
  before(async () => {
    s = await startServer({ config: { webrtc: { stun_server: stun, turn_server: turn } } });
    org = await loggedIn(s.base, 'organizer', 'organizer');
    pub = await goLive(s, 1, org);
  });
  after(async () => { await pub?.stop(); await s?.stop(); });

  test('a preflight for POST on a booth: 204 with methods, request headers, lifetime and ICE servers', async () => {
    for (const path of ['/whep/booths/1', '/whep/booths/999']) {  // 999: the POST's own 404 must stay readable
      const r = await preflight(s.base, path, 'POST', PORTAL, 'content-type');
      assert.equal(r.status, 204, `${path}: ${r.text}`);
      assert.equal(r.text, '');
      assertCors(r, '*', path);
      assert.deepEqual(methodsOf(r.headers.get('access-control-allow-methods')), ['OPTIONS', 'POST']);
      assert.match(r.headers.get('access-control-allow-headers'), /\bcontent-type\b/);
      assert.match(r.headers.get('access-control-allow-headers'), /\bauthorization\b/);
      assert.ok(Number(r.headers.get('access-control-max-age')) >= 600, 'preflight cached');
      assert.equal(r.headers.get('accept-post'), 'application/sdp');
      assert.deepEqual(methodsOf(r.headers.get('allow')), ['OPTIONS', 'POST']);
      assert.equal(r.headers.get('content-type'), null, 'a 204 has no body type');
    }
  });

  test('a plain OPTIONS (no preflight) still tells what to POST, and the ICE servers', async () => {
    const r = await whep(s.base, 'OPTIONS', '/whep/booths/1');
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('accept-post'), 'application/sdp');
    assert.deepEqual(methodsOf(r.headers.get('allow')), ['OPTIONS', 'POST']);
    assert.equal(r.headers.get('access-control-allow-methods'), null, 'not a preflight');
    assert.match(r.headers.get('link'), /<stun:127\.0\.0\.1:3478>; rel="ice-server"/);
  });

  test('a preflight on a session allows DELETE (and PATCH, to read its 405) with if-match', async () => {
    const r = await preflight(s.base, '/whep/sessions/0123456789abcdef0123456789abcdef', 'DELETE', PORTAL);
    assert.equal(r.status, 204);
    assertCors(r, '*', 'session preflight');
    assert.deepEqual(methodsOf(r.headers.get('access-control-allow-methods')), ['DELETE', 'OPTIONS', 'PATCH']);
    assert.match(r.headers.get('access-control-allow-headers'), /\bif-match\b/);
    assert.deepEqual(methodsOf(r.headers.get('allow')), ['DELETE', 'OPTIONS']);
    assert.equal(r.headers.get('accept-post'), null, 'nothing is POSTed to a session');
  });

  test('POST: 201 with the answer, Location, the exposed headers and the ice-server Links', async () => {
    const t0 = Date.now();
    const r = await post(s.base, '/whep/booths/1', PORTAL);
    assert.equal(r.status, 201, r.text);
    console.log(`  201 in ${Date.now() - t0} ms with STUN and TURN configured`);
    assert.match(r.text, /^v=0\r\n/);
    assertCors(r, '*', '201');
    const location = r.headers.get('location');
    assert.match(location, /^\/whep\/sessions\/[0-9a-f]{32}$/);
    const link = r.headers.get('link');  // fetch joins the Link headers with ", "
    assert.match(link, /<stun:127\.0\.0\.1:3478>; rel="ice-server"/);
    assert.match(link, /<turn:127\.0\.0\.1:3479\?transport=udp>; rel="ice-server"; username="ocop@shop"; credential="p\\"ss"/);
    assert.equal((await org.get('/api/v1/booths/1')).body.viewers, 1);

    const patch = await whep(s.base, 'PATCH', location, { origin: PORTAL, headers: { 'content-type': 'application/trickle-ice-sdpfrag', 'if-match': '*' }, body: 'a=end-of-candidates\r\n' });
    assert.equal(patch.status, 405, 'trickle ICE is not supported');
    assert.deepEqual(methodsOf(patch.headers.get('allow')), ['DELETE', 'OPTIONS']);
    assertCors(patch, '*', 'PATCH 405');
    assert.equal(JSON.parse(patch.text).error.code, 'method_not_allowed');

    const del = await whep(s.base, 'DELETE', location, { origin: PORTAL });
    assert.equal(del.status, 200);
    assertCors(del, '*', 'DELETE');
    await waitFor(async () => (await org.get('/api/v1/booths/1')).body.viewers === 0, { what: 'viewers back to 0' });
    const again = await whep(s.base, 'DELETE', location, { origin: PORTAL });
    assert.equal(again.status, 404);
    assertCors(again, '*', 'DELETE 404');
  });

  test('every WHEP error answer is readable from another origin', async () => {
    const vp8Only = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n'
      + 'c=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n';
    const cases = [
      ['unknown booth', '/whep/booths/999', offer(), 'application/sdp', 404, 'not_found'],
      ['offline booth', '/whep/booths/6', offer(), 'application/sdp', 409, 'offline'],
      ['garbage offer', '/whep/booths/1', 'not SDP', 'application/sdp', 400, 'bad_offer'],
      ['no H.264', '/whep/booths/1', vp8Only, 'application/sdp', 400, 'bad_offer'],
      ['wrong type', '/whep/booths/1', offer(), 'text/plain', 415, 'unsupported_media_type'],
      ['over 64 KiB', '/whep/booths/1', offer() + 'a=x:' + 'y'.repeat(70 * 1024) + '\r\n', 'application/sdp', 413, 'too_large'],
    ];
    for (const [what, path, body, type, status, code] of cases) {
      const r = await post(s.base, path, PORTAL, body, type);
      assert.equal(r.status, status, `${what}: ${r.text}`);
      assert.equal(JSON.parse(r.text).error.code, code, what);
      assertCors(r, '*', what);
    }
    const patch = await whep(s.base, 'PATCH', '/whep/sessions/0123456789abcdef0123456789abcdef', { origin: PORTAL });
    assert.equal(patch.status, 405);
    assertCors(patch, '*', 'PATCH on an unknown session');
    assert.equal((await org.get('/api/v1/booths/1')).body.viewers, 0, 'no error left a session behind');
  });
});

describe('a list of origins', () => {
  let s, org, pub;
  before(async () => {
    s = await startServer({ config: { webrtc: { cors_origins: [PARTNER, 'https://shop.example.vn'], max_viewers: 1 } } });
    org = await loggedIn(s.base, 'organizer', 'organizer');
    pub = await goLive(s, 1, org);
  });
  after(async () => { await pub?.stop(); await s?.stop(); });

  test('a listed origin is echoed (with Vary: Origin); another gets no CORS grant', async () => {
    const ok = await preflight(s.base, '/whep/booths/1', 'POST', PARTNER, 'content-type');
    assert.equal(ok.status, 204);
    assertCors(ok, PARTNER, 'listed preflight');
    assert.match(ok.headers.get('vary'), /\bOrigin\b/);

    const other = await preflight(s.base, '/whep/booths/1', 'POST', PORTAL, 'content-type');
    assert.equal(other.status, 204);
    assertNoCors(other, 'unlisted preflight');
    assert.match(other.headers.get('vary'), /\bOrigin\b/, 'caches keep the two apart');
    assert.equal(other.headers.get('link'), null, 'no STUN/TURN configured: no Links');

    assertCors(await post(s.base, '/whep/booths/999', PARTNER), PARTNER, 'listed 404');
    assertNoCors(await post(s.base, '/whep/booths/999', PORTAL), 'unlisted 404');
    assertNoCors(await post(s.base, '/whep/booths/999', 'null'), '"null" origin');
  });

  test('201 and 503 at capacity carry the grant for a listed origin only', async () => {
    const first = await post(s.base, '/whep/booths/1', PARTNER);
    assert.equal(first.status, 201, first.text);
    assertCors(first, PARTNER, '201');
    assert.equal(first.headers.get('link'), null);
    const full = await post(s.base, '/whep/booths/1', PARTNER);
    assert.equal(full.status, 503, full.text);
    assertCors(full, PARTNER, '503');
    assertNoCors(await post(s.base, '/whep/booths/1', PORTAL), 'unlisted 503');
    const del = await whep(s.base, 'DELETE', first.headers.get('location'), { origin: PORTAL });
    assert.equal(del.status, 200, 'a session URL works whatever the origin');
    assertNoCors(del, 'unlisted DELETE');
  });
});

describe('webrtc.cors_origins in the config file', () => {
  const bad = [
    ['not a list', '"*"', /'webrtc\.cors_origins' must be a list of strings/],
    ['a path', '["https://shop.example.vn/"]', /'webrtc\.cors_origins' holds 'https:\/\/shop\.example\.vn\/'/],
    ['no scheme', '["shop.example.vn"]', /'webrtc\.cors_origins' holds/],
    ['not a string', '[1]', /'webrtc\.cors_origins' must be a list of strings/],
  ];
  for (const [what, value, pattern] of bad) {
    test(`${what}: start-up stops and names the key`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ocoplive-cfg-'));
      try {
        writeFileSync(join(dir, 'c.json'), `{"webrtc": {"cors_origins": ${value}}}`);
        const r = await runBinary(['--config', join(dir, 'c.json'), '--data-dir', join(dir, 'd'), '--http-port', '0', '--rtmp-port', '0']);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, pattern);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
