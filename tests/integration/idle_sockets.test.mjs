// A hub websocket that never says hello is closed after
// hub.hello_timeout_seconds (status 4008), so scripts cannot hold
// connections with idle sockets; one that said hello stays however quiet.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { HubClient } from '../lib/hub.mjs';
import { sleep } from '../lib/publishers.mjs';

let s;
const clients = [];

before(async () => {
  s = await startServer({ config: { hub: { hello_timeout_seconds: 2 } } });
});
after(async () => {
  for (const c of clients) c.close();
  await s?.stop();
});

test('a socket without hello is closed; a quiet one that said hello stays', async () => {
  const t0 = Date.now();
  const silent = await HubClient.connect(s.base, 1);
  const quiet = await HubClient.connect(s.base, 1);
  clients.push(silent, quiet);
  await quiet.hello('Khách xem im lặng');
  const code = await Promise.race([silent.closed, sleep(15000).then(() => 'still open')]);
  const ms = Date.now() - t0;
  console.log(`  socket without hello closed after ${ms} ms (code ${code}; hello_timeout_seconds 2)`);
  assert.notEqual(code, 'still open');
  assert.ok(ms >= 1500, `not before the timeout (${ms} ms)`);
  await sleep(1500);
  assert.equal(quiet.closeCode, null, 'the quiet viewer is still connected');
  const talker = await HubClient.connect(s.base, 1);
  clients.push(talker);
  await talker.hello('Người nói');
  talker.send({ type: 'chat', text: 'Chào cả nhà' });
  await quiet.next((m) => m.type === 'chat' && m.text === 'Chào cả nhà');
});
