// Hostile bytes on the RTMP port: garbage, truncated chunks, the largest
// message length a header can declare, 10,000 chunk stream ids, wrong keys in
// a loop. None may crash or hang the server; a good publisher still works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';

let s, org;
before(async () => {
  s = await startServer({ config: { rtmp: { failed_publishes_per_minute: 3, handshake_timeout_seconds: 3 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => { await s.stop(); });

// Opens a connection, optionally completes the plain handshake, sends
// `payload`, and resolves when the server closes (or after `wait` ms).
function session(payload, { handshake = true, wait = 5000, localAddress } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ port: s.rtmp, host: '127.0.0.1', localAddress });
    let got = Buffer.alloc(0);
    let sent = !handshake;
    const done = (how) => { clearTimeout(t); sock.destroy(); resolve(how); };
    const t = setTimeout(() => done('open'), wait);
    sock.on('connect', () => {
      if (handshake) {
        const c1 = randomBytes(1536);
        c1.fill(0, 0, 8);
        sock.write(Buffer.concat([Buffer.from([3]), c1]));
      } else {
        sock.write(payload);
      }
    });
    sock.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (!sent && got.length >= 1 + 1536 * 2) {
        sent = true;
        sock.write(got.subarray(1, 1537));  // C2 echoes S1
        sock.write(payload);
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => done('closed'));
  });
}

// A type-0 chunk header: basic header for csid, then timestamp, length, type, stream id.
function chunkHeader(csid, length, type = 9, streamId = 1) {
  let basic;
  if (csid < 64) basic = Buffer.from([csid]);
  else if (csid < 320) basic = Buffer.from([0, csid - 64]);
  else basic = Buffer.from([1, (csid - 64) & 0xff, (csid - 64) >> 8]);
  const h = Buffer.alloc(11);
  h.writeUIntBE(0, 0, 3);
  h.writeUIntBE(length, 3, 3);
  h.writeUInt8(type, 6);
  h.writeUInt32LE(streamId, 7);
  return Buffer.concat([basic, h]);
}

async function assertHealthy() {
  assert.ok(s.alive(), 'server process alive');
  const r = await fetch(`${s.base}/api/v1/health`);
  assert.equal(r.status, 200);
}

test('garbage before and after the handshake is refused', async () => {
  const results = await Promise.all([
    session(randomBytes(5000), { handshake: false }),
    session(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), { handshake: false }),
    session(randomBytes(20000)),
    session(Buffer.alloc(3000, 0xff)),
  ]);
  console.log(`  garbage sessions ended: ${results.join(', ')}`);
  await assertHealthy();
});

test('truncated chunks and an abandoned handshake time out', async () => {
  const connect = Buffer.concat([chunkHeader(3, 200, 20, 0), Buffer.from([2, 0, 7]), Buffer.from('conn')]);
  const results = await Promise.all([
    session(connect, { wait: 8000 }),
    session(Buffer.from([3, 0, 0]), { handshake: false, wait: 8000 }),
  ]);
  assert.deepEqual(results, ['closed', 'closed'], 'the server closes stalled connections');
  await assertHealthy();
});

test('the largest declared message length (16 MiB), repeatedly', async () => {
  const t0 = Date.now();
  const rounds = [];
  for (let i = 0; i < 40; i++) rounds.push(session(Buffer.concat([chunkHeader(4, 0xffffff), randomBytes(128)])));
  const results = await Promise.all(rounds);
  console.log(`  40 x 16 MiB declarations closed in ${Date.now() - t0} ms`);
  assert.ok(results.every((r) => r === 'closed'), results.join(','));
  await assertHealthy();
});

test('10,000 chunk stream ids on one connection', async () => {
  const parts = [];
  for (let csid = 3; csid < 10003; csid++) parts.push(chunkHeader(csid, 500), Buffer.alloc(16, 1));
  const result = await session(Buffer.concat(parts));
  assert.equal(result, 'closed');
  await assertHealthy();
});

test('a good publisher still works afterwards ', async () => {
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360' });
  try {
    const { ms } = await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'live',
      { what: 'booth 1 live' });
    console.log(`  live after ${ms} ms`);
  } finally { await pub.stop(); }
  await assertHealthy();
});

async function refused(url) {
  const pub = ffmpegPublisher(url, { size: '160x120', audio: false });
  const res = await Promise.race([pub.exited, sleep(10000).then(() => 'timeout')]);
  await pub.stop();
  return res !== 'timeout';
}

test('one wrong key in a loop locks that key at that address, not the other sellers behind it', async () => {
  // A mis-keyed encoder behind a venue's NAT, retrying.
  for (let i = 0; i < 4; i++) assert.ok(await refused(`${s.rtmpBase}/rotated-old-key`), 'a wrong key is refused');
  await waitFor(async () => /this key failed too often from here/.test(s.stderr + s.stdout) && true,
    { timeout: 5000, what: 'the fourth try refused for the key, not looked up' });
  const probe = await session(Buffer.alloc(0), { handshake: false, wait: 2000 });
  assert.equal(probe, 'open', 'the address itself is not locked');
  const key = (await org.get('/api/v1/booths/2/stream-key')).body.stream_key;
  const good = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '160x120', audio: false });
  try {
    const { ms } = await waitFor(async () => (await org.get('/api/v1/booths/2')).body.state === 'live' && true,
      { timeout: 15000, what: 'another seller at the same address live' });
    console.log(`  after 4 failures of one key, another seller from the same address was live in ${ms} ms`);
  } finally { await good.stop(); }
  await assertHealthy();
});

test('many different wrong keys from one address lock the address for a minute', async () => {
  // failed_publishes_per_minute 3: an address is locked after 4 x 3 different failures.
  for (let i = 0; i < 12; i++) {
    if (!(await refused(`${s.rtmpBase}/guess${i}`))) assert.fail(`guess ${i} was not refused`);
    if ((await session(Buffer.alloc(0), { handshake: false, wait: 300 })) === 'closed') {
      console.log(`  address locked after ${i + 1} guesses (with the earlier test's one key)`);
      break;
    }
  }
  const probe = await session(Buffer.alloc(0), { handshake: false, wait: 3000 });
  assert.equal(probe, 'closed', 'a key guesser\'s address is refused at once');
  const other = await session(Buffer.alloc(0), { handshake: false, wait: 2000, localAddress: '127.0.0.3' });
  assert.equal(other, 'open', 'another address is not');
  const key = (await org.get('/api/v1/booths/2/stream-key')).body.stream_key;
  assert.ok(await refused(`${s.rtmpBase}/${key}`), 'even a good key is refused from a locked address for a minute');
  await assertHealthy();
});
