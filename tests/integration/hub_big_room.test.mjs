// A room over its chat budget (hub.room_chat_deliveries_per_second): the
// sender and the staff still get every message, the other viewers a share,
// the history all of them, and the seller's own words reach everyone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { sleep, waitFor } from '../lib/publishers.mjs';

const BOOTH = 4;
const VIEWERS = 49;   // + the seller: 50 deliveries per message
const BUDGET = 100;   // deliveries per second: 2 messages at once, then 2 a second
const SENT = 20;

let s;
before(async () => {
  s = await startServer({
    config: { hub: { chat_per_second: 1000, chat_burst: 1000, room_chat_deliveries_per_second: BUDGET } },
  });
});
after(async () => { await s.stop(); });

async function sampled() {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return Number(/^ocoplive_chat_sampled_total (\d+)/m.exec(text)[1]);
}

test('over the room budget a viewer message reaches its sender and the staff; the seller reaches all', async () => {
  const api = await loggedIn(s.base, `seller${BOOTH}`);
  const shop = await HubClient.connect(s.base, BOOTH, { cookie: api.cookie });
  await shop.hello('Shop');
  const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => HubClient.connect(s.base, BOOTH)));
  try {
    await Promise.all(viewers.map((v, i) => v.hello(`Khách ${i}`)));
    const [talker, other] = viewers;
    const texts = Array.from({ length: SENT }, (_, i) => `câu hỏi ${i}`);
    const t0 = Date.now();
    for (const text of texts) talker.send({ type: 'chat', text });
    const chats = (c) => c.messages.filter((m) => m.type === 'chat' && texts.includes(m.text)).map((m) => m.text);

    await waitFor(() => chats(talker).length === SENT, { timeout: 15000, what: 'all echoes at the sender' });
    await waitFor(() => chats(shop).length === SENT, { timeout: 15000, what: 'every message at the seller' });
    assert.deepEqual(chats(talker), texts, 'the sender sees all, in order');
    assert.deepEqual(chats(shop), texts, 'the seller sees all, in order');
    await sleep(500);
    const seen = chats(other);
    console.log(`  over budget: sender ${SENT}/${SENT}, seller ${SENT}/${SENT}, another viewer ${seen.length}/${SENT} (${Date.now() - t0} ms)`);
    assert.ok(seen.length >= 1 && seen.length < SENT / 2, `another viewer got a share: ${seen.length}`);
    assert.equal(seen[0], texts[0], 'the budget starts full');
    assert.equal(await sampled(), SENT - seen.length, 'every message held back is counted');

    const fromShop = shop.messages.length;
    const before = other.messages.length;
    shop.send({ type: 'chat', text: 'Shop trả lời: còn hàng ạ' });
    await shop.next((m) => m.type === 'chat' && m.text === 'Shop trả lời: còn hàng ạ', { from: fromShop });
    await other.next((m) => m.type === 'chat' && m.text === 'Shop trả lời: còn hàng ạ', { from: before });

    const late = await HubClient.connect(s.base, BOOTH);
    const welcome = await late.hello('Đến muộn');
    const history = welcome.chat.map((m) => m.text);
    assert.ok(history.includes(texts.at(-1)), 'the history has the messages others did not see');
    late.close();
  } finally {
    viewers.forEach((v) => v.close());
    shop.close();
  }
});
