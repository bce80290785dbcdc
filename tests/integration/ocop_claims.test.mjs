// OCOP claims: a seller's stars and certificate start pending, an organizer
// approves or rejects them, and only an approved, unexpired claim is shown
// as verified (the badge) to buyers and to the stars filter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);

function newProduct(over = {}) {
  return { name: 'Chè Shan tuyết cổ thụ', producer: 'HTX Chè Hà Giang', province: 'Tuyên Quang', group: 'beverage',
    stars: 5, certificate_date: '2025-03-15', certificate_number: '1234/QĐ-UBND', price: 320000, unit: 'hộp 200 g', stock: 30, ...over };
}

test('a claim flows pending -> rejected -> pending -> approved, and only approval verifies it', async () => {
  const seller = await loggedIn(s.base, 'seller2');
  const org = await loggedIn(s.base, 'organizer');
  const anon = new Api(s.base);
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];

  const created = await seller.post(`/api/v1/booths/${boothId}/products`, newProduct());
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal(created.body.ocop_status, 'pending');
  assert.equal(created.body.certificate_valid, true);
  assert.equal(created.body.ocop_verified, false, 'a valid certificate alone is not verified');
  assert.equal(created.body.certificate_number, '1234/QĐ-UBND');

  // The seller cannot set the status, nor review it.
  const selfSet = await seller.put(`/api/v1/products/${id}`, { ocop_status: 'approved' });
  assert.equal(selfSet.status, 400);
  assert.match(selfSet.body.error.message, /^ocop_status: unknown field/);
  const selfReview = await seller.post(`/api/v1/products/${id}/ocop-review`, { approved: true });
  assert.equal(selfReview.status, 403);
  assert.equal((await anon.post(`/api/v1/products/${id}/ocop-review`, { approved: true })).status, 401);
  assert.equal((await seller.get('/api/v1/ocop-claims')).status, 403);

  // The queue lists it with its booth.
  const queue = await org.get('/api/v1/ocop-claims?status=pending');
  assert.equal(queue.status, 200);
  const queued = queue.body.products.find((p) => p.id === id);
  assert.ok(queued, 'the new claim is in the queue');
  assert.equal(typeof queued.booth_name, 'string');
  assert.equal((await org.get('/api/v1/ocop-claims?status=maybe')).status, 400);
  assert.equal((await org.get('/api/v1/ocop-claims?sort=id')).status, 400);

  // A rejection needs a reason; the seller reads it.
  const noReason = await org.post(`/api/v1/products/${id}/ocop-review`, { approved: false });
  assert.equal(noReason.status, 400);
  assert.match(noReason.body.error.message, /^reason:/);
  assert.equal((await org.post(`/api/v1/products/${id}/ocop-review`, { approved: 'yes' })).status, 400);
  assert.equal((await org.post('/api/v1/products/999999/ocop-review', { approved: true })).status, 404);
  const rejected = await org.post(`/api/v1/products/${id}/ocop-review`, { approved: false, reason: 'Số chứng nhận không khớp sổ của tỉnh' });
  assert.equal(rejected.status, 200, rejected.text);
  assert.equal(rejected.body.ocop_status, 'rejected');
  assert.equal((await anon.get(`/api/v1/products/${id}`)).body.ocop_reason, 'Số chứng nhận không khớp sổ của tỉnh');
  assert.ok(!(await org.get('/api/v1/ocop-claims')).body.products.some((p) => p.id === id), 'out of the pending queue');
  assert.ok((await org.get('/api/v1/ocop-claims?status=rejected')).body.products.some((p) => p.id === id));

  // Editing the price keeps the verdict; fixing the number sends it back.
  assert.equal((await seller.put(`/api/v1/products/${id}`, { price: 300000 })).body.ocop_status, 'rejected');
  const fixed = await seller.put(`/api/v1/products/${id}`, { certificate_number: '1243/QĐ-UBND' });
  assert.equal(fixed.body.ocop_status, 'pending');
  assert.equal(fixed.body.ocop_reason, '');

  const approved = await org.post(`/api/v1/products/${id}/ocop-review`, { approved: true });
  assert.equal(approved.status, 200);
  assert.equal(approved.body.ocop_status, 'approved');
  assert.equal(approved.body.ocop_verified, true);
  const listed = (await anon.get(`/api/v1/booths/${boothId}/products`)).body.products.find((p) => p.id === id);
  assert.equal(listed.ocop_verified, true, 'buyers see the approval');

  // Price edits keep the approval; more stars need a new one.
  assert.equal((await seller.put(`/api/v1/products/${id}`, { price: 310000, stock: 12 })).body.ocop_verified, true);
  const restarred = await seller.put(`/api/v1/products/${id}`, { stars: 4 });
  assert.equal(restarred.body.ocop_status, 'pending');
  assert.equal(restarred.body.ocop_verified, false);
});

test('an approved claim whose certificate ran out is not verified', async () => {
  const seller = await loggedIn(s.base, 'seller3');
  const org = await loggedIn(s.base, 'organizer');
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  const old = await seller.post(`/api/v1/booths/${boothId}/products`, newProduct({ name: 'Nấm hương rừng', certificate_date: '2020-01-10' }));
  assert.equal(old.status, 201, old.text);
  const r = await org.post(`/api/v1/products/${old.body.id}/ocop-review`, { approved: true });
  assert.equal(r.body.ocop_status, 'approved');
  assert.equal(r.body.certificate_valid, false);
  assert.equal(r.body.ocop_verified, false, 'expired on ' + r.body.certificate_expires);
  const fresh = await seller.put(`/api/v1/products/${old.body.id}`, { certificate_date: today() });
  assert.equal(fresh.body.ocop_status, 'pending', 'a renewed certificate is reviewed again');
});

test('the stars filter counts approved claims only', async () => {
  const seller = await loggedIn(s.base, 'seller4');
  const org = await loggedIn(s.base, 'organizer');
  const anon = new Api(s.base);
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  const products = (await anon.get(`/api/v1/booths/${boothId}/products`)).body.products;
  assert.ok(products.length > 0 && products.every((p) => p.ocop_status === 'approved'), 'demo claims stand as reviewed');
  // Move every product of this booth off 5 stars (pending again), then add one 5-star claim.
  for (const p of products) {
    if (p.stars === 5) await seller.put(`/api/v1/products/${p.id}`, { stars: 4 });
  }
  const five = await seller.post(`/api/v1/booths/${boothId}/products`, newProduct({ name: 'Rượu ngô men lá' }));
  const inFilter = async () => (await anon.get('/api/v1/booths?stars=5')).body.booths.some((b) => b.id === boothId);
  assert.equal(await inFilter(), false, 'a pending 5-star claim does not list the booth under 5 stars');
  await org.post(`/api/v1/products/${five.body.id}/ocop-review`, { approved: true });
  assert.equal(await inFilter(), true, 'the approved claim lists it');
});
