// Organizer figures: orders and revenue per booth, province and group.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

test('stats add up the orders placed in the hub, and only organizers see them', async () => {
  const org = await loggedIn(s.base, 'organizer', 'organizer');
  const empty = await org.get('/api/v1/market-days/1/stats');
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body.totals, { booths_live: 0, viewers: 0, orders: 0, revenue: 0 });
  assert.equal(empty.body.booths.length, 8);

  const placed = [];
  for (const booth of [1, 1, 5]) {
    const p = (await new Api(s.base).get(`/api/v1/booths/${booth}/products`)).body.products[0];
    const c = await HubClient.connect(s.base, booth);
    const ack = await c.request({ type: 'order', client_order_id: `st-${placed.length}`, product_id: p.id, qty: 2,
      name: 'Trần Văn Bình', phone: '0901234567', address: '45 Trần Phú, Nha Trang, Khánh Hòa' }, 'order_ack');
    placed.push({ booth, price: p.price, group: p.group, province: (await org.get(`/api/v1/booths/${booth}`)).body.province, id: ack.order_id });
    c.close();
  }
  // A cancelled order does not count.
  const c = await HubClient.connect(s.base, 2);
  const p2 = (await new Api(s.base).get('/api/v1/booths/2/products')).body.products[0];
  const ack = await c.request({ type: 'order', client_order_id: 'st-x', product_id: p2.id, qty: 1, name: 'Bình',
    phone: '0901234567', address: '45 Trần Phú, Nha Trang, Khánh Hòa' }, 'order_ack');
  c.close();
  assert.equal((await org.patch(`/api/v1/orders/${ack.order_id}`, { status: 'cancelled' })).status, 200);

  const stats = (await org.get('/api/v1/market-days/1/stats')).body;
  const revenue = placed.reduce((a, o) => a + o.price * 2, 0);
  assert.equal(stats.totals.orders, 3);
  assert.equal(stats.totals.revenue, revenue);
  const b1 = stats.booths.find((b) => b.booth_id === 1);
  assert.equal(b1.orders, 2);
  assert.equal(b1.units, 4);
  assert.equal(stats.booths.find((b) => b.booth_id === 2).orders, 0);
  const prov = stats.provinces.find((x) => x.province === placed[2].province);
  assert.equal(prov.orders, 1);
  const groups = Object.fromEntries(stats.groups.map((g) => [g.group, g.revenue]));
  assert.equal(Object.values(groups).reduce((a, x) => a + x, 0), revenue);

  const metrics = await (await fetch(`${s.base}/metrics`)).text();
  assert.match(metrics, /^ocoplive_orders_total 4$/m);
  assert.equal((await (await loggedIn(s.base, 'seller1')).get('/api/v1/market-days/1/stats')).status, 403);
  assert.equal((await new Api(s.base).get('/api/v1/market-days/1/stats')).status, 401);
  assert.equal((await org.get('/api/v1/market-days/9/stats')).status, 404);
});
