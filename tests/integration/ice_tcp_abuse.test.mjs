// Hostile clients on the fan-out's ICE-TCP port (RFC 6544): a connection
// must prove itself with a valid connectivity check for one of our viewers
// as its first packet, or it is closed: garbage, an oversized RFC 4571
// frame, a check for nobody, or silence. One address cannot hold more than
// a few unproved connections, and that cap is per address, not global.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer, freeTcpPort } from '../lib/server.mjs';
import { sleep, waitFor } from '../lib/publishers.mjs';

const PENDING_PER_ADDRESS = 8;  // worker_tcp.cpp
let s, port;
before(async () => {
  port = await freeTcpPort();
  s = await startServer({ config: { webrtc: { tcp_port: port } } });
});
after(async () => { await s.stop(); });

// Connects from `from`, sends `payload` (if any) and resolves with how the
// connection ended and after how long: 'closed' by the server, or 'open'.
function session(payload, { from = '127.0.0.1', wait = 5000 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ port, host: '127.0.0.1', localAddress: from });
    const done = (how) => { clearTimeout(t); sock.destroy(); resolve({ how, ms: Date.now() - t0 }); };
    const t = setTimeout(() => done('open'), wait);
    sock.on('connect', () => { if (payload) sock.write(payload); });
    sock.on('error', () => {});
    sock.on('close', () => done('closed'));
  });
}

const frame = (b) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);

// A Binding request with a USERNAME for a ufrag no viewer has, and junk
// where MESSAGE-INTEGRITY would be.
function checkForNobody() {
  const user = Buffer.from('nobodyxx:abcd');
  const pad = (4 - (user.length % 4)) % 4;
  const attr = Buffer.concat([Buffer.from([0x00, 0x06, 0, user.length]), user, Buffer.alloc(pad),
    Buffer.from([0x00, 0x08, 0, 20]), randomBytes(20)]);
  const head = Buffer.alloc(20);
  head.writeUInt16BE(0x0001, 0);
  head.writeUInt16BE(attr.length, 2);
  head.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(head, 8);
  return Buffer.concat([head, attr]);
}

async function metric(name) {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
}

test('garbage, an oversized frame and a check for nobody are closed at once', async () => {
  const cases = {
    'HTTP on the ICE port': Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    'random bytes in a frame': frame(randomBytes(200)),
    'a 65,535-byte frame header': Buffer.from([0xff, 0xff, 1, 2, 3]),
    'an empty frame': Buffer.from([0, 0]),
    'a check for no viewer': frame(checkForNobody()),
    'DTLS before any check': frame(Buffer.from([0x16, 0xfe, 0xfd, ...randomBytes(40)])),
  };
  for (const [what, bytes] of Object.entries(cases)) {
    const r = await session(bytes);
    console.log(`  ${what}: ${r.how} after ${r.ms} ms`);
    assert.equal(r.how, 'closed', `${what}: the server kept the connection`);
    assert.ok(r.ms < 3000, `${what}: closed only after ${r.ms} ms`);
  }
});

test('a connection that never sends a check is closed within 15 s', { timeout: 30000 }, async () => {
  const r = await session(null, { wait: 15000 });
  console.log(`  a silent connection: ${r.how} after ${r.ms} ms`);
  assert.equal(r.how, 'closed');
});

test(`one address holds at most ${PENDING_PER_ADDRESS} unproved connections; another address still gets in`, { timeout: 30000 }, async () => {
  const refusedBefore = await metric('ocoplive_webrtc_tcp_refused_total');
  const flood = Array.from({ length: 20 }, () => session(null, { from: '127.0.0.2', wait: 3000 }));
  await sleep(500);
  const other = session(null, { from: '127.0.1.5', wait: 2500 });
  const results = await Promise.all(flood);
  const open = results.filter((r) => r.how === 'open').length;
  console.log(`  20 silent connections from 127.0.0.2: ${open} held, ${20 - open} closed at once`);
  assert.equal(open, PENDING_PER_ADDRESS);
  assert.equal((await other).how, 'open', 'a client on another address was refused too');
  const { ms } = await waitFor(async () => (await metric('ocoplive_webrtc_tcp_refused_total')) >= refusedBefore + 12 && true,
    { timeout: 15000, what: 'the refusals counted in /metrics' });
  console.log(`  counted ${ms} ms later`);
});

test('the server still answers WHEP after all of it', async () => {
  const r = await fetch(`${s.base}/whep/booths/1`, { method: 'OPTIONS' });
  assert.equal(r.status, 204);
  assert.ok((await metric('ocoplive_webrtc_tcp_accepted_total')) > 0);
});
