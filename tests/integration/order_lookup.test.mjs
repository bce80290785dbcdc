// "Đơn của tôi" from any device: GET /api/v1/orders/lookup?code=&phone=
// answers one order when both match (any spelling of the phone, any case of
// the code), 404 alike for a wrong code or a wrong phone, 400 for malformed
// input, and after too many misses from one address, 429 for that address only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';

const MISSES_PER_MINUTE = 5;
let s, order, product;
const clients = [];

function get(path, localAddress) {
  const url = new URL(path, s.base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { let body = null; try { body = JSON.parse(text); } catch {} resolve({ status: res.statusCode, body, text }); });
    });
    req.setTimeout(10000, () => req.destroy(new Error(`GET ${path} got no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}
const lookup = (code, phone, from = '127.0.0.1') =>
  get(`/api/v1/orders/lookup?code=${encodeURIComponent(code)}&phone=${encodeURIComponent(phone)}`, from);

before(async () => {
  s = await startServer({ config: { http: { order_lookups_per_minute: MISSES_PER_MINUTE } } });
  product = (await (await loggedIn(s.base, 'organizer')).get('/api/v1/booths/2')).body.products[0];
  const c = await HubClient.connect(s.base, 2);
  clients.push(c);
  await c.hello('Chị Hoa');
  order = await c.request({ type: 'order', client_order_id: 'lookup-1', product_id: product.id, qty: 2, name: 'Trần Thị Hoa',
    phone: '0987 654 321', address: '8 Lê Lợi, phường Bến Thành, TP Hồ Chí Minh' }, (m) => m.type === 'order_ack' || m.type === 'order_rejected');
  assert.equal(order.type, 'order_ack', JSON.stringify(order));
});
after(async () => {
  for (const c of clients) c.close();
  await s?.stop();
});

test('code and phone find the order, with its status and total but not the address', async () => {
  const r = await lookup(order.code, '0987654321');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.code, order.code);
  assert.equal(r.body.status, 'placed');
  assert.equal(r.body.total, product.price * 2);
  assert.equal(r.body.product_name, product.name);
  assert.equal(r.body.booth_id, 2);
  for (const hidden of ['name', 'phone', 'address', 'note', 'risk', 'client_key']) assert.ok(!(hidden in r.body), `${hidden} is not shown`);
  // The buyer's spellings.
  assert.equal((await lookup(order.code.toLowerCase(), '+84 987 654 321')).status, 200);
  assert.equal((await lookup(order.code.slice(3), '0987.654.321')).status, 200);
});

test('the status follows the seller', async () => {
  const seller = await loggedIn(s.base, 'seller2');
  assert.equal((await seller.patch(`/api/v1/orders/${order.order_id}`, { status: 'confirmed' })).status, 200);
  assert.equal((await lookup(order.code, '0987654321')).body.status, 'confirmed');
});

test('malformed input is 400; a wrong phone or code is the same 404; misses are limited per address', async () => {
  for (const [code, phone] of [['', '0987654321'], ['OC-0000', '0987654321'], [order.code, '12345'], [order.code, '']]) {
    const r = await lookup(code, phone, '127.0.0.3');
    assert.equal(r.status, 400, `${code} ${phone}: ${r.text}`);
    assert.match(r.body.error.message, /^(code|phone):/);
  }
  assert.equal((await get('/api/v1/orders/lookup?code=OC-222222&phone=0987654321&x=1', '127.0.0.3')).status, 400);

  const wrongPhone = await lookup(order.code, '0912000111', '127.0.0.4');
  const wrongCode = await lookup('OC-222222', '0987654321', '127.0.0.4');
  assert.equal(wrongPhone.status, 404);
  assert.equal(wrongCode.status, 404);
  assert.deepEqual(wrongPhone.body, wrongCode.body, 'nothing tells a wrong phone from a wrong code');

  for (let i = 2; i < MISSES_PER_MINUTE; i++) assert.equal((await lookup('OC-222222', '0987654321', '127.0.0.4')).status, 404);
  const limited = await lookup(order.code, '0987654321', '127.0.0.4');
  assert.equal(limited.status, 429, 'after the misses even a right pair waits');
  assert.equal(limited.body.error.code, 'rate_limited');
  const other = await lookup(order.code, '0987654321', '127.0.1.5');
  assert.equal(other.status, 200, 'another address is not limited');
});
