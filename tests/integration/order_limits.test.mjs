// Orders that bots cannot drain: the limits follow the buyer (client
// address, viewer cookie, phone) instead of the websocket, a deal caps the
// units each buyer holds, and cancelling gives a deal's units back. The
// server runs on its built-in defaults: these are the numbers it must hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { sleep } from '../lib/publishers.mjs';

// hub.orders_per_address_per_minute, hub.deal_per_buyer, hub.max_order_qty,
// hub.orders_per_phone_per_hour (config/ocoplive.json).
const PER_ADDRESS = 5;
const PER_BUYER = 2;
const MAX_QTY = 10;
const PHONE_PER_HOUR = 20;

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

const ADDRESS = '45 Trần Phú, phường Lộc Thọ, Nha Trang, Khánh Hòa';
let seq = 0;
const order = (productId, extra = {}) => ({
  type: 'order', client_order_id: `ol-${++seq}`, product_id: productId, qty: 1,
  name: 'Nguyễn Văn An', phone: '0912345678', address: ADDRESS, ...extra,
});
const now = () => Math.floor(Date.now() / 1000);
const answered = (msg) => (m) => (m.type === 'order_ack' || m.type === 'order_rejected') && m.client_order_id === msg.client_order_id;

// Valid Vietnamese mobile numbers; the real buyers below use 097, so a bot's
// random number never is one of theirs.
const BOT_PREFIXES = ['090', '091', '093', '094', '096', '098', '032', '033', '034', '035', '036', '037', '038', '039',
  '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089'];
const randomPhone = () => BOT_PREFIXES[Math.floor(Math.random() * BOT_PREFIXES.length)] +
  String(Math.floor(Math.random() * 1e7)).padStart(7, '0');

// A fresh signed viewer cookie, as any page hands out.
async function freshCookie() {
  const r = await fetch(`${s.base}/`);
  const c = r.headers.get('set-cookie');
  assert.match(c || '', /^ocop_viewer=/);
  return c.split(';')[0];
}

// One order on its own websocket: what a bot does to dodge per-connection limits.
async function orderOnce(boothId, msg, { localAddress, cookie } = {}) {
  const c = await HubClient.connect(s.base, boothId, { localAddress, cookie });
  try {
    return await c.request(msg, answered(msg));
  } finally {
    c.close();
  }
}

async function seller(boothId) {
  const api = await loggedIn(s.base, `seller${boothId}`);
  const hub = await HubClient.connect(s.base, boothId, { cookie: api.cookie });
  assert.equal((await hub.hello(`Shop ${boothId}`)).role, 'seller');
  return { api, hub };
}

async function productWithStock(boothId, min) {
  const products = (await new Api(s.base).get(`/api/v1/booths/${boothId}/products`)).body.products;
  const p = products.find((x) => x.stock >= min);
  assert.ok(p, `booth ${boothId} has a product with ${min} in stock`);
  return p;
}

const boothCard = async (boothId) => (await new Api(s.base).get(`/api/v1/booths/${boothId}`)).body.card;

async function cancel(api, orders) {
  for (const o of orders) {
    const r = await api.patch(`/api/v1/orders/${o.id}`, { status: 'cancelled' });
    assert.equal(r.status, 200, r.text);
  }
  return orders.reduce((n, o) => n + o.qty, 0);
}

describe('a flash deal against a bot', () => {
  const BOOTH = 1;
  let product, api, shop, buyers;

  test('a bot on one address, with a fresh socket per order, cannot drain a 50-unit deal from 40 buyers', async () => {
    ({ api, hub: shop } = await seller(BOOTH));
    product = await productWithStock(BOOTH, 100);
    const card = await shop.request({ type: 'pin', product_id: product.id,
      deal: { price: 29000, quantity: 50, ends_at: now() + 600, per_buyer: 2 } }, 'card');
    assert.equal(card.card.deal.remaining, 50);
    assert.equal(card.card.deal.per_buyer, 2);

    // 40 real buyers, each on its own address with its own cookie, already watching.
    buyers = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const c = await HubClient.connect(s.base, BOOTH, { localAddress: `127.0.1.${i + 1}`, cookie: await freshCookie() });
      const welcome = await c.hello(`Khách ${i + 1}`);
      assert.equal(welcome.card.deal.per_buyer, 2);
      return c;
    }));
    const botCookies = await Promise.all(Array.from({ length: 250 }, freshCookie));

    // The bot: 500 orders of the per-buyer maximum, from 127.0.0.2, each on a
    // new websocket, half without a cookie and half with a fresh one, each
    // with a random valid phone; 50 at a time.
    const bot = { sent: 0, acks: 0, units: 0, reasons: {} };
    const t0 = performance.now();
    const botRun = Promise.all(Array.from({ length: 50 }, async (_, w) => {
      for (let k = 0; k < 10; ++k) {
        const n = w * 10 + k;
        const msg = order(product.id, { qty: PER_BUYER, phone: randomPhone(), name: 'Bot' });
        bot.sent++;
        const a = await orderOnce(BOOTH, msg, { localAddress: '127.0.0.2', cookie: n % 2 ? botCookies[n >> 1] : undefined });
        if (a.type === 'order_ack') { bot.acks++; bot.units += msg.qty; } else bot.reasons[a.reason] = (bot.reasons[a.reason] || 0) + 1;
      }
    }));
    const buyerRun = Promise.all(buyers.map((c, i) => {
      const msg = order(product.id, { phone: `0971${String(i + 1).padStart(6, '0')}`, name: `Người mua ${i + 1}` });
      return c.request(msg, answered(msg));
    }));
    const [, buyerAnswers] = await Promise.all([botRun, buyerRun]);
    const ms = performance.now() - t0;
    const buyerAcks = buyerAnswers.filter((m) => m.type === 'order_ack').length;
    const remaining = (await boothCard(BOOTH)).deal.remaining;
    console.log(`  bot: ${bot.sent} orders, ${bot.acks} acked, ${bot.units} units, refused ${JSON.stringify(bot.reasons)}; ` +
      `40 buyers: ${buyerAcks} units; deal remaining ${remaining}/50; ${ms.toFixed(0)} ms`);

    assert.ok(buyerAcks >= 40, `every real buyer got a unit: ${JSON.stringify(buyerAnswers.filter((m) => m.type !== 'order_ack'))}`);
    assert.ok(bot.acks <= PER_ADDRESS, `the bot got ${bot.acks} orders through`);
    assert.ok(bot.units <= PER_ADDRESS * PER_BUYER, `the bot took ${bot.units} units`);
    assert.ok((bot.reasons.rate_limited || 0) >= bot.sent - PER_ADDRESS - (bot.reasons.out_of_stock || 0));
    assert.deepEqual(Object.keys(bot.reasons).filter((r) => r !== 'rate_limited' && r !== 'out_of_stock'), []);
    assert.equal(remaining, 50 - bot.units - buyerAcks);
  });

  test('cancelling 5 of a running deal\'s orders puts exactly their units back, and the card says so', async () => {
    const placed = (await api.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders
      .filter((o) => o.product_id === product.id && o.status === 'placed');
    // Any 5, the bot's 2-unit orders among them when it has some.
    const five = [...placed.filter((o) => o.qty > 1).slice(0, 2), ...placed.filter((o) => o.qty === 1)].slice(0, 5);
    assert.equal(five.length, 5);
    const before = await boothCard(BOOTH);
    const watcher = buyers[0];
    const from = watcher.messages.length;
    const units = await cancel(api, five);
    const after = await boothCard(BOOTH);
    console.log(`  cancelled 5 orders, ${units} units: remaining ${before.deal.remaining} -> ${after.deal.remaining}, ` +
      `stock ${before.stock} -> ${after.stock}`);
    assert.equal(after.deal.remaining, before.deal.remaining + units);
    assert.equal(after.stock, before.stock + units);
    const pushed = await watcher.next((m) => m.type === 'card' && m.card && m.card.deal &&
      m.card.deal.remaining === before.deal.remaining + units, { from });
    assert.equal(pushed.card.id, product.id);
    // The freed units are for sale again, to a new buyer.
    const msg = order(product.id, { phone: '0971999001' });
    assert.equal((await orderOnce(BOOTH, msg, { localAddress: '127.0.2.1' })).type, 'order_ack');
    buyers.forEach((c) => c.close());
    shop.close();
  });
});

describe('an ended deal', () => {
  test('cancelling 5 of its orders gives their units back to the deal and the stock', async () => {
    const BOOTH = 6;
    const { api, hub: shop } = await seller(BOOTH);
    const product = await productWithStock(BOOTH, 30);
    const endsAt = now() + 3;
    await shop.request({ type: 'pin', product_id: product.id, deal: { price: 10000, quantity: 12, ends_at: endsAt } }, 'card');
    const acks = [];
    for (let i = 0; i < 6; ++i) {
      const msg = order(product.id, { qty: i % 2 ? 2 : 1, phone: `0972${String(i).padStart(6, '0')}` });
      const a = await orderOnce(BOOTH, msg, { localAddress: `127.0.3.${i + 1}` });
      assert.equal(a.type, 'order_ack', JSON.stringify(a));
      acks.push(a.order_id);
    }
    while (now() <= endsAt) await sleep(200);
    const late = order(product.id, { phone: '0972999999' });
    assert.equal((await orderOnce(BOOTH, late, { localAddress: '127.0.3.9' })).reason, 'deal_ended');

    const before = await boothCard(BOOTH);
    const orders = (await api.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.filter((o) => acks.includes(o.id));
    const units = await cancel(api, orders.slice(0, 5));
    const after = await boothCard(BOOTH);
    console.log(`  ended deal: cancelled 5 orders, ${units} units: remaining ${before.deal.remaining} -> ` +
      `${after.deal.remaining}, stock ${before.stock} -> ${after.stock}`);
    assert.equal(after.deal.remaining, before.deal.remaining + units);
    assert.equal(after.stock, before.stock + units);
    shop.close();
  });
});

describe('per order and per buyer', () => {
  test(`one order holds at most ${MAX_QTY} units`, async () => {
    const product = await productWithStock(2, MAX_QTY + 1);
    const c = await HubClient.connect(s.base, 2, { localAddress: '127.0.4.1' });
    assert.equal((await c.hello('Khách')).max_order_qty, MAX_QTY);
    const big = order(product.id, { qty: MAX_QTY + 1 });
    assert.deepEqual(await c.request(big, answered(big)),
      { type: 'order_rejected', client_order_id: big.client_order_id, reason: 'qty_too_large' });
    const ok = order(product.id, { qty: MAX_QTY });
    assert.equal((await c.request(ok, answered(ok))).type, 'order_ack');
    c.close();
  });

  test('a deal\'s per-buyer cap holds by phone and by viewer cookie, across sockets and addresses', async () => {
    const BOOTH = 3;
    const { api, hub: shop } = await seller(BOOTH);
    const product = await productWithStock(BOOTH, 30);
    // No per_buyer in the pin: the default.
    const card = await shop.request({ type: 'pin', product_id: product.id, deal: { price: 50000, quantity: 20, ends_at: now() + 600 } }, 'card');
    assert.equal(card.card.deal.per_buyer, PER_BUYER);

    const phone = '0973000001';
    const first = order(product.id, { qty: 2, phone });
    const firstAck = await orderOnce(BOOTH, first, { localAddress: '127.0.5.1' });
    assert.equal(firstAck.type, 'order_ack');
    const again = order(product.id, { phone });
    assert.equal((await orderOnce(BOOTH, again, { localAddress: '127.0.5.2', cookie: await freshCookie() })).reason, 'limit_per_buyer');

    const cookie = await freshCookie();
    for (const [i, addr] of ['127.0.5.3', '127.0.5.4'].entries()) {
      const m = order(product.id, { phone: `097300010${i}` });
      assert.equal((await orderOnce(BOOTH, m, { localAddress: addr, cookie })).type, 'order_ack');
    }
    const third = order(product.id, { phone: '0973000109' });
    assert.equal((await orderOnce(BOOTH, third, { localAddress: '127.0.5.5', cookie })).reason, 'limit_per_buyer');

    // A cancelled order no longer counts: the phone may buy its share again.
    const [placed] = (await api.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.filter((o) => o.id === firstAck.order_id);
    await cancel(api, [placed]);
    const back = order(product.id, { qty: 2, phone });
    assert.equal((await orderOnce(BOOTH, back, { localAddress: '127.0.5.6' })).type, 'order_ack');
    shop.close();
  });

  test(`a phone's ${PHONE_PER_HOUR} orders an hour are per booth: the same phone still orders at another booth`, async () => {
    const phone = '0974000001';
    const product = await productWithStock(4, PHONE_PER_HOUR + 1);
    // 4 addresses x 5 orders: under the address limit, at the phone's limit.
    for (let a = 1; a <= PHONE_PER_HOUR / PER_ADDRESS; ++a) {
      const c = await HubClient.connect(s.base, 4, { localAddress: `127.0.6.${a}` });
      for (let k = 0; k < PER_ADDRESS; ++k) {
        const m = order(product.id, { phone });
        const r = await c.request(m, answered(m));
        assert.equal(r.type, 'order_ack', JSON.stringify(r));
      }
      c.close();
    }
    const over = order(product.id, { phone });
    assert.equal((await orderOnce(4, over, { localAddress: '127.0.6.9' })).reason, 'rate_limited');
    const elsewhere = order((await productWithStock(5, 1)).id, { phone });
    assert.equal((await orderOnce(5, elsewhere, { localAddress: '127.0.6.10' })).type, 'order_ack');
  });
});

describe('after a deal sells out or ends', () => {
  test('a buyer shown the regular price orders at it; one shown the deal is told, not charged more', async () => {
    const BOOTH = 7;
    const { api, hub: shop } = await seller(BOOTH);
    const product = await productWithStock(BOOTH, 10);
    const endsAt = now() + 4;
    await shop.request({ type: 'pin', product_id: product.id, deal: { price: 1000, quantity: 1, ends_at: endsAt } }, 'card');
    const first = await orderOnce(BOOTH, order(product.id, { phone: '0981000001' }), { localAddress: '127.0.7.1' });
    assert.equal(first.type, 'order_ack', JSON.stringify(first));
    const card = await boothCard(BOOTH);
    assert.equal(card.deal.remaining, 0);
    assert.ok(card.stock > 0, 'units remain at the regular price');

    const atDeal = await orderOnce(BOOTH, order(product.id, { phone: '0981000002' }), { localAddress: '127.0.7.2' });
    assert.equal(atDeal.reason, 'out_of_stock', 'the deal\'s units are gone');
    const regular = await orderOnce(BOOTH, order(product.id, { phone: '0981000003', regular_price: true }), { localAddress: '127.0.7.3' });
    assert.equal(regular.type, 'order_ack', JSON.stringify(regular));
    const placed = (await api.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.id === regular.order_id);
    assert.equal(placed.unit_price, product.price, 'at the regular price');
    assert.equal((await orderOnce(BOOTH, order(product.id, { regular_price: 'yes' }), { localAddress: '127.0.7.4' })).reason, 'invalid');

    while (now() <= endsAt) await sleep(200);
    assert.equal((await orderOnce(BOOTH, order(product.id, { phone: '0981000005' }), { localAddress: '127.0.7.5' })).reason, 'deal_ended');
    const afterEnd = await orderOnce(BOOTH, order(product.id, { phone: '0981000006', regular_price: true }), { localAddress: '127.0.7.6' });
    assert.equal(afterEnd.type, 'order_ack', 'the pinned product stays orderable at its price after the deal ends');
  });
});
