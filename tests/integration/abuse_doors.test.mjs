// One hostile address against every door, with the shipped per-address
// limits: idle TCP and idle websockets on the HTTP port, WHEP offers that
// never connect, idle sockets on the RTMP port. Another client (127.0.0.1,
// the attacker is 127.0.0.2) is still served each time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { browserLikeOffer } from '../lib/sdp_offer.mjs';

const ATTACKER = '127.0.0.2';
let s, org, pub;
const held = [];

before(async () => {
  // The shipped defaults for the doors under test (tests raise them otherwise).
  s = await startServer({
    config: {
      http: { max_connections_per_address: 100, request_timeout_seconds: 10 },
      webrtc: { max_new_sessions_per_address: 10, max_viewers: 40 },
    },
  });
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => {
  for (const h of held) h.destroy?.() ?? h.close?.();
  await pub?.stop();
  await s?.stop();
});

// A request from `localAddress`, timed.
function request(path, { method = 'GET', headers = {}, body, localAddress } = {}) {
  const url = new URL(path, s.base);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers, localAddress, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text, ms: Date.now() - t0 }));
      });
    req.setTimeout(10000, () => req.destroy(new Error(`${method} ${path} got no answer in 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function idleSockets(port, n, localAddress) {
  const state = { open: 0, closed: 0 };
  for (let i = 0; i < n; i++) {
    const c = net.connect({ port, host: '127.0.0.1', localAddress });
    c.on('connect', () => { state.open++; });
    c.on('error', () => {});
    c.on('close', () => { state.closed++; });
    held.push(c);
  }
  return state;
}

test('300 idle TCP connections and idle websockets from one address: a page, REST, WHEP and a websocket from another are served within 1 s', { timeout: 60000 }, async () => {
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'live', { timeout: 20000, what: 'booth 1 live' });

  const wsIdle = [];
  for (let i = 0; i < 20; i++) {
    try { wsIdle.push(await HubClient.connect(s.base, 1, { localAddress: ATTACKER })); } catch { break; }
  }
  held.push(...wsIdle.map((c) => ({ destroy: () => c.close() })));
  const tcp = idleSockets(Number(new URL(s.base).port), 300, ATTACKER);
  await waitFor(async () => tcp.open + tcp.closed >= 300 && true, { timeout: 10000, what: 'the attacker\'s 300 sockets connected or refused' });
  console.log(`  attacker: ${wsIdle.length} idle websockets, 300 idle TCP connections (${tcp.closed} refused at once)`);

  const page = await request('/');
  const rest = await request('/api/v1/booths/1');
  const whep = await request('/whep/booths/1', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: browserLikeOffer() });
  const t0 = Date.now();
  const viewer = await HubClient.connect(s.base, 1);
  const wsMs = Date.now() - t0;
  viewer.close();
  console.log(`  another address: page ${page.status} in ${page.ms} ms, REST ${rest.status} in ${rest.ms} ms, ` +
    `WHEP ${whep.status} in ${whep.ms} ms, websocket in ${wsMs} ms`);
  assert.equal(page.status, 200);
  assert.equal(rest.status, 200);
  assert.equal(whep.status, 201, whep.text);
  for (const [what, ms] of [['page', page.ms], ['REST', rest.ms], ['WHEP', whep.ms], ['websocket', wsMs]])
    assert.ok(ms < 1000, `${what} took ${ms} ms`);
  await waitFor(async () => tcp.closed >= 200 && true, { timeout: 5000, what: "200 of the attacker's sockets refused" });

  const closed = await waitFor(async () => tcp.closed === 300 && true, { timeout: 20000, what: 'idle sockets closed by the request timeout' });
  console.log(`  every idle socket closed ${closed.ms} ms later`);
});

test('50 WHEP offers that never connect from one address: another address still gets a viewer slot', { timeout: 60000 }, async () => {
  const statuses = {};
  for (let i = 0; i < 50; i++) {
    const r = await request('/whep/booths/1', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: browserLikeOffer(), localAddress: ATTACKER });
    statuses[r.status] = (statuses[r.status] || 0) + 1;
  }
  const other = await request('/whep/booths/1', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: browserLikeOffer() });
  console.log(`  attacker's 50 offers: ${JSON.stringify(statuses)}; another address: ${other.status}`);
  assert.ok((statuses[201] || 0) <= 10, `the attacker got ${statuses[201]} sessions`);
  assert.equal(statuses[429], 50 - (statuses[201] || 0));
  assert.equal(other.status, 201, other.text);
});

test('256 idle RTMP connections from one address: a publisher from another goes live', { timeout: 90000 }, async () => {
  const rtmp = idleSockets(Number(new URL(s.rtmpBase.replace('rtmp', 'http')).port), 256, ATTACKER);
  await waitFor(async () => rtmp.open + rtmp.closed >= 256 && true, { timeout: 10000, what: 'the RTMP sockets connected' });
  const key = (await org.get('/api/v1/booths/2/stream-key')).body.stream_key;
  const t0 = Date.now();
  const second = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  held.push({ destroy: () => second.stop() });
  const { ms } = await waitFor(async () => (await org.get('/api/v1/booths/2')).body.state === 'live', { timeout: 15000, what: 'booth 2 live' });
  console.log(`  attacker: 256 RTMP sockets (${rtmp.closed} refused at once); another publisher live after ${Date.now() - t0} ms (${ms} ms polling)`);
  // The kernel completes handshakes before the server accepts them: refusals arrive as it drains the backlog.
  const refused = await waitFor(async () => rtmp.closed >= 256 - 16 && true, { timeout: 10000, what: "240 of 256 RTMP sockets refused" });
  console.log(`  ${rtmp.closed} of 256 refused ${refused.ms} ms after the publisher went live`);
});
