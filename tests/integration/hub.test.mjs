// The websocket hub with real clients against the real binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { sleep, waitFor } from '../lib/publishers.mjs';

let s;
before(async () => {
  s = await startServer({
    config: {
      hub: {
        chat_per_second: 1000, chat_burst: 100000, orders_per_connection_per_minute: 100,
        orders_per_phone_per_hour: 1000, max_send_queue: 100000,
        // 50 buyers share 127.0.0.1 here; tests/integration/order_limits.test.mjs covers those limits.
        orders_per_address_per_minute: 100000, orders_per_viewer_per_minute: 100000,
        stalled_client_seconds: 3, word_filter: ['lừa đảo'],
      },
    },
  });
});
after(async () => { await s.stop(); });

const order = (coid, productId, extra = {}) => ({
  type: 'order', client_order_id: coid, product_id: productId, qty: 1, name: 'Nguyễn Thị Lan',
  phone: '0912345678', address: '12 Lê Lợi, phường Phú Hội, Huế', ...extra,
});

async function seller(boothId) {
  const api = await loggedIn(s.base, `seller${boothId}`);
  const hub = await HubClient.connect(s.base, boothId, { cookie: api.cookie });
  const welcome = await hub.hello(`Shop ${boothId}`);
  assert.equal(welcome.role, 'seller');
  return { api, hub };
}

async function metric(name) {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)[1]);
}

describe('chat', () => {
  test('a message reaches 100 clients', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => HubClient.connect(s.base, 2)));
    try {
      await Promise.all(clients.map((c, i) => c.hello(`Khách ${i}`)));
      const t0 = Date.now();
      const from = clients.map((c) => c.messages.length);
      clients[0].send({ type: 'chat', text: '  Chào shop, chè còn không ạ?  ' });
      const got = await Promise.all(clients.map((c, i) => c.next((m) => m.type === 'chat', { from: from[i] })));
      console.log(`  fan-out to 100 clients in ${Date.now() - t0} ms`);
      for (const m of got) {
        assert.equal(m.text, 'Chào shop, chè còn không ạ?');
        assert.equal(m.from.nickname, 'Khách 0');
        assert.equal(m.from.role, 'viewer');
        assert.equal(typeof m.id, 'number');
      }
      const late = await HubClient.connect(s.base, 2);
      const welcome = await late.hello('Muộn');
      assert.equal(welcome.chat.at(-1).text, 'Chào shop, chè còn không ạ?');
      late.close();
    } finally { clients.forEach((c) => c.close()); }
  });

  test('markup is data: sent back exactly as typed', async () => {
    const a = await HubClient.connect(s.base, 2);
    await a.hello('<img src=x onerror=alert(1)>');
    const m = await a.request({ type: 'chat', text: '<script>alert("x")</script>' }, 'chat');
    assert.equal(m.text, '<script>alert("x")</script>');
    assert.equal(m.from.nickname, '<img src=x onerror=alert(1)>');
    a.close();
  });

  test('a muted viewer is refused; the seller deletes a message; slow mode', async () => {
    const { hub: shop } = await seller(3);
    const v = await HubClient.connect(s.base, 3);
    const w = await v.hello('Ồn ào');
    const msg = await v.request({ type: 'chat', text: 'tin nhắn 1' }, 'chat');
    const del = await shop.request({ type: 'delete_message', id: msg.id }, 'message_deleted');
    assert.equal(del.id, msg.id);
    shop.send({ type: 'mute', viewer_id: w.viewer_id, minutes: 5 });
    await sleep(200);
    const err = await v.request({ type: 'chat', text: 'còn nói được không?' }, 'error');
    assert.equal(err.code, 'muted');
    // From another address: a mute follows the muted viewer's address to
    // new viewer ids (market_moderation.test.mjs).
    const other = await HubClient.connect(s.base, 3, { localAddress: '127.0.0.2' });
    await other.hello('Khách khác');
    shop.send({ type: 'slow_mode', seconds: 30 });
    await sleep(200);
    await other.request({ type: 'chat', text: 'một' }, 'chat');
    const slow = await other.request({ type: 'chat', text: 'hai' }, 'error');
    assert.equal(slow.code, 'slow_mode');
    const forbidden = await other.request({ type: 'mute', viewer_id: w.viewer_id, minutes: 1 }, 'error');
    assert.equal(forbidden.code, 'forbidden');
    shop.send({ type: 'slow_mode', seconds: 0 });
    await sleep(300);
    for (const text of ['LUA DAO quá', 'đúng là lừa đảo', 'l\u01b0\u0300a \u0111ảo']) {
      const blocked = await other.request({ type: 'chat', text }, 'error');
      assert.equal(blocked.code, 'invalid', text);
      assert.match(blocked.message, /blocked word/);
    }
    const fine = await other.request({ type: 'chat', text: 'lúa đẹp quá' }, 'chat');
    assert.equal(fine.text, 'lúa đẹp quá');
    [shop, v, other].forEach((c) => c.close());
  });
});

describe('comment-to-order', () => {
  test('a buyer\'s "lấy 2" while a product is pinned carries that order to everyone; questions, staff and no pin do not', async () => {
    const { hub: shop } = await seller(1);
    const product = (await new Api(s.base).get('/api/v1/booths/1/products')).body.products[0];
    await shop.request({ type: 'pin', product_id: product.id }, 'card');
    const buyer = await HubClient.connect(s.base, 1);
    await buyer.hello('Chị Mai');
    const unit = product.unit.split(' ')[0];
    const said = async (who, text) => {
      const seen = shop.next((m) => m.type === 'chat' && m.text === text, { from: shop.messages.length });  // the studio's view
      const own = await who.request({ type: 'chat', text }, (m) => m.type === 'chat' && m.text === text);
      const studio = await seen;
      assert.deepEqual(studio.order, own.order, 'the seller sees what the sender sees');
      return own.order;
    };
    for (const [text, qty] of [['lấy 2', 2], [`chốt 1 ${unit}`, 1], ['dat ba', 3], [`2 ${unit} nhé shop`, 2], ['mua 1', 1]]) {
      const o = await said(buyer, text);
      assert.deepEqual(o, { product_id: product.id, qty }, text);
    }
    for (const text of ['còn không shop?', 'đẹp quá', 'lấy 2 hay 3', 'lấy 99']) assert.equal(await said(buyer, text), undefined, text);
    assert.equal(await said(shop, 'lấy 2'), undefined, 'the seller\'s own lines are never orders');
    await shop.request({ type: 'unpin' }, 'card');
    assert.equal(await said(buyer, 'lấy 2'), undefined, 'nothing pinned');
    // Not kept: whoever joins later sees the line, not the order it read as.
    const late = await HubClient.connect(s.base, 1);
    const history = (await late.hello('Anh Tú')).chat;
    assert.ok(history.some((m) => m.text === 'lấy 2' && m.order === undefined));
    [shop, buyer, late].forEach((c) => c.close());
  });
});

describe('orders', () => {
  test('200 concurrent attempts on a 10-unit deal: exactly 10 acks, remaining 0', async () => {
    const { hub: shop } = await seller(4);
    const products = (await new Api(s.base).get('/api/v1/booths/4/products')).body.products;
    const product = products.find((p) => p.stock >= 10);
    const ends = Math.floor(Date.now() / 1000) + 600;
    const card = await shop.request({ type: 'pin', product_id: product.id, deal: { price: 99000, quantity: 10, ends_at: ends } }, 'card');
    assert.equal(card.card.deal.remaining, 10);
    assert.equal(card.card.id, product.id);

    const buyers = await Promise.all(Array.from({ length: 50 }, () => HubClient.connect(s.base, 4)));
    const t0 = Date.now();
    const answers = await Promise.all(buyers.flatMap((b, i) => Array.from({ length: 4 }, (_, k) => {
      const coid = `deal-${i}-${k}`;
      return b.request(order(coid, product.id, { phone: `09${String(i * 4 + k).padStart(8, '0')}` }),
        (m) => (m.type === 'order_ack' || m.type === 'order_rejected') && m.client_order_id === coid);
    })));
    const acks = answers.filter((m) => m.type === 'order_ack');
    const rejected = answers.filter((m) => m.type === 'order_rejected');
    console.log(`  200 attempts answered in ${Date.now() - t0} ms: ${acks.length} acks, ${rejected.length} rejected`);
    assert.equal(acks.length, 10);
    assert.equal(rejected.length, 190);
    assert.ok(rejected.every((m) => m.reason === 'out_of_stock'), JSON.stringify(rejected.find((m) => m.reason !== 'out_of_stock')));
    const booth = await new Api(s.base).get('/api/v1/booths/4');
    assert.equal(booth.body.card.deal.remaining, 0);
    assert.equal(booth.body.card.stock, product.stock - 10);
    const orders = (await (await loggedIn(s.base, 'seller4')).get('/api/v1/booths/4/orders')).body.orders;
    assert.equal(orders.filter((o) => o.product_id === product.id).length, 10);
    assert.ok(orders.every((o) => o.unit_price === 99000 && o.total === 99000));
    await waitFor(() => shop.messages.filter((m) => m.type === 'order').length >= 10, { what: '10 order messages to the seller' });
    buyers.forEach((b) => b.close());
    shop.close();
  });

  test('the same client_order_id twice gives one order', async () => {
    const buyer = await HubClient.connect(s.base, 5);
    const p = (await new Api(s.base).get('/api/v1/booths/5/products')).body.products[0];
    const first = await buyer.request(order('same-1', p.id, { qty: 2, phone: '0987654321' }), 'order_ack');
    const second = await buyer.request(order('same-1', p.id, { qty: 2, phone: '0987654321' }), 'order_ack');
    assert.equal(second.order_id, first.order_id);
    assert.equal(second.code, first.code);
    assert.match(first.code, /^OC-[0-9A-Z]{6}$/);
    const other = await HubClient.connect(s.base, 5);
    const third = await other.request(order('same-1', p.id, { qty: 2, phone: '0987654321' }), 'order_ack');
    assert.equal(third.order_id, first.order_id);
    const orders = (await (await loggedIn(s.base, 'organizer', 'organizer')).get('/api/v1/booths/5/orders')).body.orders;
    assert.equal(orders.filter((o) => o.id === first.order_id).length, 1);
    assert.equal(orders.filter((o) => o.product_id === p.id).length, 1);
    assert.equal((await new Api(s.base).get(`/api/v1/products/${p.id}`)).body.stock, p.stock - 2);
    buyer.close();
    other.close();
  });

  test('bad orders are rejected with a reason; seller status changes reach the room', async () => {
    const { api, hub: shop } = await seller(6);
    const buyer = await HubClient.connect(s.base, 6);
    const p = (await new Api(s.base).get('/api/v1/booths/6/products')).body.products[0];
    const bad = await buyer.request(order('bad-phone', p.id, { phone: '12345' }), (m) => m.client_order_id === 'bad-phone');
    assert.deepEqual([bad.type, bad.reason], ['order_rejected', 'invalid']);
    assert.equal((await api.put(`/api/v1/products/${p.id}`, { stock: 5 })).status, 200);
    await buyer.next((m) => m.type === 'stock' && m.product_id === p.id && m.stock === 5);
    const much = await buyer.request(order('too-many', p.id, { qty: 6 }), (m) => m.client_order_id === 'too-many');
    assert.deepEqual([much.type, much.reason], ['order_rejected', 'out_of_stock']);
    const wrong = await buyer.request(order('other-booth', 1), (m) => m.client_order_id === 'other-booth');
    assert.deepEqual([wrong.type, wrong.reason], ['order_rejected', 'invalid']);
    const ack = await buyer.request(order('ok-1', p.id, { qty: 3 }), 'order_ack');
    const from = shop.messages.length;
    const patched = await api.patch(`/api/v1/orders/${ack.order_id}`, { status: 'cancelled' });
    assert.equal(patched.status, 200, patched.text);
    const update = await shop.next((m) => m.type === 'order' && m.order.id === ack.order_id && m.order.status !== 'placed', { from });
    assert.equal(update.order.status, 'cancelled');
    const stock = await buyer.next((m) => m.type === 'stock' && m.stock === 5 && m !== buyer.messages.find((x) => x.type === 'stock' && x.stock === 5));
    assert.equal(stock.product_id, p.id);
    assert.equal((await api.patch(`/api/v1/orders/${ack.order_id}`, { status: 'confirmed' })).status, 409);
    const stranger = await loggedIn(s.base, 'seller7');
    assert.equal((await stranger.patch(`/api/v1/orders/${ack.order_id}`, { status: 'cancelled' })).status, 403);
    assert.equal((await stranger.get('/api/v1/booths/6/orders')).status, 403);
    buyer.close();
    shop.close();
  });
});

describe('bad input', () => {
  test('bad JSON, wrong types and unknown types get an error; the connection stays usable', async () => {
    const c = await HubClient.connect(s.base, 7);
    const cases = [
      ['{not json', 'bad_json'], ['[1,2,3]', 'bad_json'], ['"hello"', 'bad_json'],
      [{ type: 'dance' }, 'unknown_type'], [{ nickname: 'x' }, 'unknown_type'], [{ type: 42 }, 'unknown_type'],
      [{ type: 'hello', nickname: 42 }, 'invalid'], [{ type: 'hello', nickname: '' }, 'invalid'],
      [{ type: 'chat', text: 'x'.repeat(501) }, 'invalid'], [{ type: 'react', kind: 'angry' }, 'invalid'],
      [{ type: 'pin', product_id: 'one' }, 'invalid'], [{ type: 'pin', product_id: 1 }, 'forbidden'],
      [{ type: 'slow_mode', seconds: 5 }, 'forbidden'], [{ type: 'delete_message', id: 1 }, 'forbidden'],
    ];
    for (const [frame, code] of cases) {
      const err = await c.request(frame, 'error');
      assert.equal(err.code, code, `${JSON.stringify(frame)} -> ${JSON.stringify(err)}`);
      assert.equal(typeof err.message, 'string');
    }
    const w = await c.hello('Vẫn ổn');
    assert.equal(w.role, 'viewer');
    const m = await c.request({ type: 'chat', text: 'vẫn chat được' }, 'chat');
    assert.equal(m.text, 'vẫn chat được');
    c.close();
  });

  test('a frame over 64 KiB closes that connection with 1009', async () => {
    const big = await HubClient.connect(s.base, 7);
    const bystander = await HubClient.connect(s.base, 7);
    await bystander.hello('Người xem');
    big.send(JSON.stringify({ type: 'chat', text: 'x'.repeat(70000) }));
    assert.equal(await big.closed, 1009);
    const m = await bystander.request({ type: 'chat', text: 'vẫn ở đây' }, 'chat');
    assert.equal(m.text, 'vẫn ở đây');
    bystander.close();
  });

  test('a text frame of invalid UTF-8 closes with 1007', async () => {
    const c = await HubClient.connect(s.base, 7);
    c.ws.send(Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), { binary: false });
    assert.equal(await c.closed, 1007);
    assert.equal((await fetch(`${s.base}/api/v1/health`)).status, 200);
  });

  test('an unknown booth or path refuses the upgrade', async () => {
    await assert.rejects(HubClient.connect(s.base, 999));
    await assert.rejects(HubClient.connect(s.base, '1/extra'));
  });

  test('a client that never reads is dropped and never slows the room', async () => {
    const before = await metric('ocoplive_ws_clients');
    // A raw websocket client that completes the upgrade and then never reads.
    const sock = net.connect(s.http, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write('GET /ws/booths/8 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await new Promise((r) => sock.once('data', r));
    sock.pause();
    await waitFor(async () => (await metric('ocoplive_ws_clients')) === before + 1, { what: 'non-reader counted' });
    const talker = await HubClient.connect(s.base, 8);
    await talker.hello('Nói nhiều');
    const listener = await HubClient.connect(s.base, 8);
    await listener.hello('Nghe');
    // Enough bytes to fill the kernel's socket buffers, then the server's queue.
    const text = 'ệ'.repeat(480);
    const count = 6000;
    const t0 = Date.now();
    for (let i = 0; i < count; i++) talker.send({ type: 'chat', text: `${i} ${text}` });
    await waitFor(() => listener.messages.filter((m) => m.type === 'chat').length >= count,
      { timeout: 60000, what: `all ${count} messages at the reading client` });
    console.log(`  ${count} messages (${(count * 1.5).toFixed(0)} KB) reached the reading client in ${Date.now() - t0} ms`);
    await waitFor(async () => (await metric('ocoplive_ws_clients')) === before + 2,
      { timeout: 15000, what: 'the non-reader dropped' });
    sock.destroy();
    talker.close();
    listener.close();
  });
});
