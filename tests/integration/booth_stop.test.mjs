// "Dừng phát gian này": an organizer stops a live that breaks the rules. The
// publisher is cut, the same key is refused when the phone reconnects, the
// seller reads the reason, and reopening lets the same key publish again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';

const BOOTH = 5;
let s, org, seller;
const pubs = [];
const publish = (key) => { const p = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '320x240', rate: 15, bitrate: '300k', gop: 30 }); pubs.push(p); return p; };
const state = async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.state;

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: 2 } } });
  org = await loggedIn(s.base, 'organizer');
  seller = await loggedIn(s.base, `seller${BOOTH}`);
});
after(async () => {
  for (const p of pubs) await p.stop();
  await s?.stop();
});

test('a stopped booth refuses its key until an organizer reopens it', async () => {
  const key = (await seller.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  const first = publish(key);
  await waitFor(async () => (await state()) === 'live', { what: 'live' });

  assert.equal((await seller.post(`/api/v1/booths/${BOOTH}/stop`, { reason: 'x' })).status, 403);
  assert.equal((await org.post(`/api/v1/booths/${BOOTH}/stop`, {})).body.error.field, 'reason');
  const t0 = Date.now();
  const stopped = await org.post(`/api/v1/booths/${BOOTH}/stop`, { reason: 'Bán hàng không có chứng nhận OCOP' });
  assert.equal(stopped.status, 200, stopped.text);
  assert.equal(stopped.body.stopped, true);
  await first.exited;
  console.log(`  publisher cut ${Date.now() - t0} ms after the stop`);
  await waitFor(async () => (await state()) === 'offline', { what: 'offline after the grace period' });
  assert.equal((await seller.get(`/api/v1/booths/${BOOTH}`)).body.stopped_reason, 'Bán hàng không có chứng nhận OCOP');
  assert.equal((await fetch(`${s.base}/api/v1/booths/${BOOTH}`)).status, 200);
  assert.ok(!('stopped_reason' in (await (await fetch(`${s.base}/api/v1/booths/${BOOTH}`)).json())), 'the reason is for staff');

  // The phone reconnects with the same key: refused, the booth stays offline.
  const again = publish(key);
  const { code } = await again.exited;
  assert.notEqual(code, 0, 'the publish was refused');
  await sleep(500);
  assert.equal(await state(), 'offline');

  const reopened = await org.post(`/api/v1/booths/${BOOTH}/reopen`, {});
  assert.equal(reopened.body.stopped, false);
  publish(key);
  await waitFor(async () => (await state()) === 'live', { what: 'live again after reopening' });
});
