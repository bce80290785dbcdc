// Risk signals on orders, refused deliveries and blocked phones, and
// cancelling a bot's cluster: real binary, real SQLite, real websockets.
// Risk codes go to the seller and organizers and never to the buyer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';

let s, org;
before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => { await s.stop(); });

const ADDRESS = '18 Nguyễn Huệ, phường Sài Gòn, Thành phố Hồ Chí Minh';
let seq = 0;
const order = (productId, extra = {}) => ({
  type: 'order', client_order_id: `risk-${++seq}`, product_id: productId, qty: 1,
  name: 'Lê Thị Mai', phone: '0912000000', address: ADDRESS, ...extra,
});
const answered = (msg) => (m) => (m.type === 'order_ack' || m.type === 'order_rejected') && m.client_order_id === msg.client_order_id;
// Staff-only words that must never reach a buyer's socket.
const STAFF_ONLY = /"risk"|many_from_address|new_phone|phone_refused_before|many_phones_one_cookie|client_key/;

async function freshCookie() {
  const c = (await fetch(`${s.base}/`)).headers.get('set-cookie');
  assert.match(c || '', /^ocop_viewer=/);
  return c.split(';')[0];
}

async function seller(boothId) {
  const api = await loggedIn(s.base, `seller${boothId}`);
  const hub = await HubClient.connect(s.base, boothId, { cookie: api.cookie });
  assert.equal((await hub.hello(`Shop ${boothId}`)).role, 'seller');
  return { api, hub };
}

const firstProduct = async (boothId) =>
  (await new Api(s.base).get(`/api/v1/booths/${boothId}/products`)).body.products.find((p) => p.stock >= 10);

// Places one order on its own socket and returns [answer, every message the buyer got].
async function buy(boothId, msg, { localAddress, cookie } = {}) {
  const c = await HubClient.connect(s.base, boothId, { localAddress, cookie });
  try {
    await c.hello('Khách');
    const answer = await c.request(msg, answered(msg));
    return [answer, c.messages];
  } finally { c.close(); }
}

describe('risk signals', () => {
  test('each order carries its risk codes to the seller, and nothing of them to the buyer', async () => {
    const BOOTH = 1;
    const { api, hub: shop } = await seller(BOOTH);
    const p = await firstProduct(BOOTH);
    const seen = [];
    const buyerFrames = [];
    const staffOrder = async (msg, opts) => {
      const from = shop.messages.length;
      const [answer, frames] = await buy(BOOTH, msg, opts);
      assert.equal(answer.type, 'order_ack', JSON.stringify(answer));
      buyerFrames.push(...frames);
      const pushed = await shop.next((m) => m.type === 'order' && m.order.id === answer.order_id, { from });
      seen.push(pushed.order);
      return pushed.order;
    };

    // A first-time phone.
    const first = await staffOrder(order(p.id, { phone: '0981000001' }), { localAddress: '127.0.7.1' });
    assert.deepEqual(first.risk, ['new_phone']);
    // The same phone again, from elsewhere: known now.
    const second = await staffOrder(order(p.id, { phone: '0981000001' }), { localAddress: '127.0.7.2' });
    assert.deepEqual(second.risk, []);
    // Three orders from one address within minutes (default: 3 in 10 min).
    const bot = [];
    for (let i = 0; i < 3; i++) bot.push(await staffOrder(order(p.id, { phone: `098200000${i}` }), { localAddress: '127.0.7.9' }));
    assert.deepEqual(bot.map((o) => o.risk.includes('many_from_address')), [false, false, true]);
    assert.equal(new Set(bot.map((o) => o.client_key)).size, 1, 'one address, one client key');
    assert.notEqual(bot[0].client_key, first.client_key);
    assert.match(bot[0].client_key, /^[0-9a-f]{16}$/);
    assert.ok(!bot.some((o) => o.client_key.includes('127.0')), 'the key is not the address');
    // Three phones on one viewer cookie (default: 3 in 24 h), each from its own address.
    const cookie = await freshCookie();
    const family = [];
    for (let i = 0; i < 3; i++) family.push(await staffOrder(order(p.id, { phone: `098300000${i}` }), { localAddress: `127.0.7.${20 + i}`, cookie }));
    assert.deepEqual(family.map((o) => o.risk.includes('many_phones_one_cookie')), [false, false, true]);
    assert.ok(family.every((o) => Number.isInteger(o.viewer_id) && o.viewer_id === family[0].viewer_id));
    console.log(`  risk codes: ${seen.map((o) => `${o.code}=[${o.risk.join(',')}]`).join(' ')}`);

    // The same codes over REST, for the seller and for organizers.
    for (const who of [api, org]) {
      const rest = (await who.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
      for (const o of seen) assert.deepEqual(rest.find((x) => x.id === o.id).risk, o.risk);
    }
    // The buyer's sockets got acks and the room's broadcasts, none of it staff-only.
    assert.ok(buyerFrames.length >= 16);
    const leaks = buyerFrames.filter((m) => STAFF_ONLY.test(JSON.stringify(m)));
    assert.deepEqual(leaks, [], 'no risk code or client key in anything a buyer got');
    // Another booth's seller sees none of it.
    const other = await loggedIn(s.base, 'seller2');
    assert.equal((await other.get(`/api/v1/booths/${BOOTH}/orders`)).status, 403);
    shop.close();
  });

  test('a returned order makes that phone\'s next order carry phone_refused_before, at any booth', async () => {
    const phone = '0984000001';
    const { api: seller2, hub: shop2 } = await seller(2);
    const p2 = await firstProduct(2);
    const [ack] = await buy(2, order(p2.id, { phone }), { localAddress: '127.0.9.1' });
    assert.equal(ack.type, 'order_ack');
    for (const status of ['confirmed', 'shipped', 'returned']) {
      const r = await seller2.patch(`/api/v1/orders/${ack.order_id}`, { status });
      assert.equal(r.status, 200, r.text);
    }
    // The buyer orders again, at booth 3 this time.
    const { hub: shop3 } = await seller(3);
    const p3 = await firstProduct(3);
    const msg = order(p3.id, { phone: '+84 984 000 001' });
    const from = shop3.messages.length;
    const [again, frames] = await buy(3, msg, { localAddress: '127.0.9.2' });
    assert.equal(again.type, 'order_ack');
    const pushed = await shop3.next((m) => m.type === 'order' && m.order.id === again.order_id, { from });
    console.log(`  after a refused parcel at booth 2: ${pushed.order.code} at booth 3 risk=[${pushed.order.risk.join(',')}]`);
    assert.ok(pushed.order.risk.includes('phone_refused_before'));
    assert.ok(!pushed.order.risk.includes('new_phone'));
    assert.deepEqual(frames.filter((m) => STAFF_ONLY.test(JSON.stringify(m))), []);
    shop2.close();
    shop3.close();
  });
});

describe('blocked phones', () => {
  test('an organizer blocks a phone market-wide with a reason; its orders are rejected with blocked', async () => {
    const phone = '0985000001';
    const p = await firstProduct(4);
    const [before] = await buy(4, order(p.id, { phone }), { localAddress: '127.0.10.1' });
    assert.equal(before.type, 'order_ack');

    // Bad input and the wrong people get clear errors.
    const sellerApi = await loggedIn(s.base, 'seller4');
    assert.equal((await sellerApi.post('/api/v1/blocked-phones', { phone, reason: 'x' })).status, 403);
    assert.equal((await new Api(s.base).get('/api/v1/blocked-phones')).status, 401);
    const bad = await org.post('/api/v1/blocked-phones', { phone: '024 3825 1234', reason: 'Bom hàng' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^phone:/);
    assert.match((await org.post('/api/v1/blocked-phones', { phone })).body.error.message, /^reason: is required/);

    const reason = 'Bom hàng 3 lần ở 2 gian, số ảo';
    const added = await org.post('/api/v1/blocked-phones', { phone: '+84 985 000 001', reason });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.phone, phone);
    assert.equal(added.body.reason, reason);
    assert.equal(added.body.blocked_by.username, 'organizer');
    assert.equal((await org.post('/api/v1/blocked-phones', { phone, reason })).status, 409);
    const list = (await org.get('/api/v1/blocked-phones')).body.blocked_phones;
    assert.deepEqual(list.map((b) => [b.phone, b.reason]), [[phone, reason]]);

    // Rejected at every booth, in any spelling; other phones still order.
    for (const [booth, spelled] of [[4, phone], [5, '098.500.0001']]) {
      const prod = await firstProduct(booth);
      const [r] = await buy(booth, order(prod.id, { phone: spelled }), { localAddress: `127.0.10.${booth}` });
      assert.deepEqual({ type: r.type, reason: r.reason }, { type: 'order_rejected', reason: 'blocked' });
    }
    const [other] = await buy(4, order(p.id, { phone: '0985000002' }), { localAddress: '127.0.10.7' });
    assert.equal(other.type, 'order_ack');
    // An order placed before the block stays (and its retry still gets its ack).
    const [retry] = await buy(4, { ...order(p.id, { phone }), client_order_id: before.client_order_id }, { localAddress: '127.0.10.1' });
    assert.equal(retry.type, 'order_ack');
    assert.equal(retry.order_id, before.order_id);

    assert.equal((await org.del('/api/v1/blocked-phones/0985000001')).status, 200);
    assert.equal((await org.del('/api/v1/blocked-phones/0985000001')).status, 404);
    assert.equal((await org.del('/api/v1/blocked-phones/0243825')).status, 400);
    const [unblocked] = await buy(4, order(p.id, { phone }), { localAddress: '127.0.10.8' });
    assert.equal(unblocked.type, 'order_ack');
  });
});

describe('cancelling a cluster', () => {
  test('the seller cancels every open order from one address, or one cookie, in one request', async () => {
    const BOOTH = 6;
    const { api, hub: shop } = await seller(BOOTH);
    const p = await firstProduct(BOOTH);
    const stock0 = (await new Api(s.base).get(`/api/v1/products/${p.id}`)).body.stock;
    const bot = [];
    for (let i = 0; i < 4; i++) {
      const [a] = await buy(BOOTH, order(p.id, { phone: `098600000${i}`, name: 'Bot' }), { localAddress: '127.0.11.1' });
      assert.equal(a.type, 'order_ack');
      bot.push(a.order_id);
    }
    const [real] = await buy(BOOTH, order(p.id, { phone: '0986999999' }), { localAddress: '127.0.11.2' });
    // A shipped bot order is not the seller's to cancel this way.
    for (const status of ['confirmed', 'shipped'])
      assert.equal((await api.patch(`/api/v1/orders/${bot[3]}`, { status })).status, 200);

    const bad = await api.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: bot[0], by: 'phone' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.message, 'by: must be address or cookie');
    const from = shop.messages.length;
    const r = await api.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: bot[0], by: 'address' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.cancelled.map((o) => o.id).sort(), bot.slice(0, 3).sort());
    assert.ok(r.body.cancelled.every((o) => o.status === 'cancelled'));
    const orders = (await api.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
    const status = (id) => orders.find((o) => o.id === id).status;
    assert.equal(status(real.order_id), 'placed');
    assert.equal(status(bot[3]), 'shipped');
    assert.equal((await new Api(s.base).get(`/api/v1/products/${p.id}`)).body.stock, stock0 - 2, 'the 3 units are back');
    await shop.next((m) => m.type === 'order' && m.order.id === bot[2] && m.order.status === 'cancelled', { from });
    // Again: nothing open is left in that cluster.
    assert.equal((await api.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: bot[0], by: 'address' })).status, 409);

    // One browser cookie across addresses.
    const cookie = await freshCookie();
    const viaCookie = [];
    for (let i = 0; i < 3; i++) {
      const [a] = await buy(BOOTH, order(p.id, { phone: `098700000${i}` }), { localAddress: `127.0.12.${i + 1}`, cookie });
      viaCookie.push(a.order_id);
    }
    const noCookie = await api.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: real.order_id, by: 'cookie' });
    assert.equal(noCookie.status, 409, 'an order without a cookie has no cookie cluster');
    const c = await api.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: viaCookie[1], by: 'cookie' });
    assert.deepEqual(c.body.cancelled.map((o) => o.id).sort(), [...viaCookie].sort());
    console.log(`  cluster by address: ${r.body.cancelled.length} of ${r.body.matched} cancelled; by cookie: ${c.body.cancelled.length}`);
    // Not the seller's booth: refused.
    const other = await loggedIn(s.base, 'seller1');
    assert.equal((await other.post(`/api/v1/booths/${BOOTH}/orders/cancel-cluster`, { order_id: real.order_id, by: 'address' })).status, 403);
    shop.close();
  });
});
