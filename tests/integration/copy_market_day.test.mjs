// "Sao chép gian hàng từ phiên trước": booths copied into the next market
// day keep their seller and stream key, so the seller's phone goes live on
// the new day's booth without touching Larix; products, their photos and OCOP
// claims, the bank account and the visibility come along.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { phoneJpeg } from '../lib/images.mjs';

let s, org, seller, pub;
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-copy-'));

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer');
  seller = await loggedIn(s.base, 'seller2');
});
after(async () => {
  await pub?.stop();
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('copied booths keep their stream keys; the seller\'s phone goes live on the new day unchanged', async () => {
  const oldDay = (await org.get('/api/v1/booths/2')).body.market_day_id;
  const oldKey = (await seller.get('/api/v1/booths/2/stream-key')).body;
  const oldProducts = (await org.get('/api/v1/booths/2/products')).body.products;
  const photo = await seller.post(`/api/v1/products/${oldProducts[0].id}/photos`, phoneJpeg(tmp, { width: 800, height: 600, orientation: 1 }),
    { raw: true, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(photo.status, 201, photo.text);
  const now = Math.floor(Date.now() / 1000);
  const day = (await org.post('/api/v1/market-days', { title: 'Phiên chợ OCOP tháng sau', starts_at: now + 30 * 86400, ends_at: now + 30 * 86400 + 6 * 3600 })).body;

  assert.equal((await seller.post(`/api/v1/market-days/${day.id}/copy-booths`, { from_market_day_id: oldDay })).status, 403);
  const same = await org.post(`/api/v1/market-days/${day.id}/copy-booths`, { from_market_day_id: day.id });
  assert.equal(same.status, 400);
  assert.equal(same.body.error.field, 'from_market_day_id');
  assert.equal((await org.post(`/api/v1/market-days/${day.id}/copy-booths`, { from_market_day_id: 999 })).status, 400);

  const copied = await org.post(`/api/v1/market-days/${day.id}/copy-booths`, { from_market_day_id: oldDay });
  assert.equal(copied.status, 201, copied.text);
  const oldBooths = (await org.get(`/api/v1/booths?market_day=${oldDay}`)).body.booths;
  assert.equal(copied.body.booths.length, oldBooths.length);
  assert.deepEqual(copied.body.skipped, []);
  const copy = copied.body.booths.find((b) => b.seller && b.seller.username === 'seller2');
  assert.ok(copy, 'seller2 has a booth on the new day');
  assert.equal(copy.market_day_id, day.id);
  assert.equal(copy.name, oldBooths.find((b) => b.id === 2).name);

  const newKey = (await seller.get(`/api/v1/booths/${copy.id}/stream-key`)).body;
  assert.equal(newKey.stream_key, oldKey.stream_key, 'the same key, so Larix needs no change');
  assert.equal(newKey.publish_url, oldKey.publish_url);
  assert.notEqual((await org.get('/api/v1/booths/2/stream-key')).body.stream_key, oldKey.stream_key, 'the old booth has a new key');

  const products = (await org.get(`/api/v1/booths/${copy.id}/products`)).body.products;
  assert.deepEqual(products.map((p) => [p.name, p.price, p.ocop_status]), oldProducts.map((p) => [p.name, p.price, p.ocop_status]));
  assert.equal(products[0].photos.length, 1);
  assert.equal(products[0].photos[0].id, photo.body.photos[0].id, 'the photo files are shared');

  // Again: nothing doubles.
  const again = await org.post(`/api/v1/market-days/${day.id}/copy-booths`, { from_market_day_id: oldDay });
  assert.equal(again.body.booths.length, 0);
  assert.equal(again.body.skipped.length, oldBooths.length);

  // The phone, set up once, publishes with the key it had.
  pub = ffmpegPublisher(`${s.rtmpBase}/${oldKey.stream_key}`, { size: '320x240', rate: 15, bitrate: '300k', gop: 30 });
  const { ms } = await waitFor(async () => (await org.get(`/api/v1/booths/${copy.id}`)).body.state === 'live', { what: 'the new day\'s booth live' });
  console.log(`  the copied booth went live ${ms} ms after the phone published with its old key`);
  assert.equal((await org.get('/api/v1/booths/2')).body.state, 'offline', 'not the old day\'s booth');

  // A live booth's key cannot move.
  const other = (await org.post('/api/v1/market-days', { title: 'Phiên chợ sau nữa', starts_at: now + 60 * 86400, ends_at: now + 60 * 86400 + 3600 })).body;
  const busy = await org.post(`/api/v1/market-days/${other.id}/copy-booths`, { from_market_day_id: day.id });
  assert.equal(busy.status, 409);
  assert.match(busy.body.error.message, /is live/);

  // Removing the copy's photo leaves the original's file.
  assert.equal((await seller.del(`/api/v1/products/${products[0].id}/photos/${products[0].photos[0].id}`)).status, 200);
  assert.equal((await fetch(s.base + photo.body.photos[0].url)).status, 200);
});
