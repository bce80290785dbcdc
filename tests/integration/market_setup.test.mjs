// An organizer sets up a market day over REST: a seller's account made in
// the booth form (the server picks the password and says it once), a new
// password to hand over (the old one and its sessions end), edits and
// deletes of market days and booths that are refused while live and that
// never take orders or replays with them, a certificate photo on an OCOP
// claim, and the studio link's QR for the printed login card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { phoneJpeg } from '../lib/images.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';

let s, org;
const pubs = [];
const clients = [];
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-setup-'));
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: 1 } } });
  org = await loggedIn(s.base, 'organizer');
});
after(async () => {
  for (const p of pubs) await p.stop();
  for (const c of clients) c.close();
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function newDay(title) {
  const r = await org.post('/api/v1/market-days', { title, starts_at: now() + 86400, ends_at: now() + 86400 + 4 * 3600 });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function newBooth(dayId, name, extra = {}) {
  const r = await org.post('/api/v1/booths', { market_day_id: dayId, name, province: 'Huế', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('a seller account made inside the booth form, its password said once', async () => {
  const day = await newDay('Phiên chợ Huế');
  const booth = await newBooth(day.id, 'HTX Sen Huế', { new_seller: { username: 'sen.hue', display_name: 'Chị Lan', phone: '0912 345 678' } });
  assert.equal(booth.seller.username, 'sen.hue');
  assert.equal(booth.credentials.username, 'sen.hue');
  assert.match(booth.credentials.password, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  const seller = await loggedIn(s.base, 'sen.hue', booth.credentials.password);
  assert.deepEqual((await seller.get('/api/v1/me')).body.booth_ids, [booth.id]);
  const listed = (await org.get('/api/v1/users?role=seller')).body.users.find((u) => u.username === 'sen.hue');
  assert.equal(listed.display_name, 'Chị Lan');
  assert.equal(listed.phone, '0912345678');
  assert.ok(!('credentials' in (await org.get(`/api/v1/booths/${booth.id}`)).body), 'never said again');

  // Refusals name the field; nothing is half made.
  const before = (await org.get(`/api/v1/booths?market_day=${day.id}`)).body.booths.length;
  const taken = await org.post('/api/v1/booths', { market_day_id: day.id, name: 'Gian trùng', province: 'Huế', new_seller: { username: 'sen.hue' } });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.field, 'new_seller.username');
  assert.equal(taken.body.error.rule, 'taken');
  const phone = await org.post('/api/v1/booths', { market_day_id: day.id, name: 'Gian sai số', province: 'Huế', new_seller: { username: 'x.y.z', phone: '12345' } });
  assert.equal(phone.status, 400);
  assert.equal(phone.body.error.field, 'new_seller.phone');
  assert.equal(phone.body.error.rule, 'bad_phone');
  const both = await org.post('/api/v1/booths', { market_day_id: day.id, name: 'Gian hai người', province: 'Huế', seller_id: booth.seller.id, new_seller: { username: 'ab.cd' } });
  assert.equal(both.status, 400);
  assert.equal(both.body.error.field, 'new_seller');
  const bad = await org.post('/api/v1/booths', { market_day_id: day.id, name: 'Gian tên lạ', province: 'Huế', new_seller: { username: 'Chị Lan' } });
  assert.equal(bad.body.error.rule, 'bad_username');
  assert.equal((await org.get(`/api/v1/booths?market_day=${day.id}`)).body.booths.length, before);
  assert.ok(!(await org.get('/api/v1/users?role=seller')).body.users.some((u) => u.username === 'x.y.z' || u.username === 'ab.cd'));
  const seller5 = await loggedIn(s.base, 'seller5');
  assert.equal((await seller5.post('/api/v1/booths', { market_day_id: day.id, name: 'x', province: 'Huế', new_seller: { username: 'q.q.q' } })).status, 403);
});

test('a new password ends the old one and the seller\'s sessions', async () => {
  const seller = await loggedIn(s.base, 'seller6');
  const me = (await seller.get('/api/v1/me')).body.user;
  assert.equal((await seller.post(`/api/v1/users/${me.id}/new-password`, {})).status, 403, 'sellers cannot');
  const orgUser = (await org.get('/api/v1/me')).body.user;
  assert.equal((await org.post(`/api/v1/users/${orgUser.id}/new-password`, {})).status, 403, 'only sellers\' passwords');
  assert.equal((await org.post('/api/v1/users/999999/new-password', {})).status, 404);
  // The seller's studio socket is open; the new password closes it.
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  const ws = await HubClient.connect(s.base, boothId, { cookie: seller.cookie });
  clients.push(ws);
  assert.equal((await ws.hello('HTX')).role, 'seller');
  const r = await org.post(`/api/v1/users/${me.id}/new-password`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.body.user.username, 'seller6');
  assert.equal((await seller.get('/api/v1/me')).status, 401, 'the old session ended');
  await Promise.race([ws.closed, new Promise((_, rej) => setTimeout(() => rej(new Error('studio socket still open')), 15000))]);
  assert.equal((await new Api(s.base).post('/api/v1/login', { username: 'seller6', password: 'seller6' })).status, 401);
  await loggedIn(s.base, 'seller6', r.body.password);
});

test('market days and booths are edited and deleted, never while live, never with orders', async () => {
  const day = await newDay('Phiên thử');
  const edited = await org.put(`/api/v1/market-days/${day.id}`, { title: 'Phiên chợ Xuân' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.title, 'Phiên chợ Xuân');
  assert.equal(edited.body.starts_at, day.starts_at, 'the times stay');
  const long = await org.put(`/api/v1/market-days/${day.id}`, { ends_at: day.starts_at + 8 * 86400 });
  assert.equal(long.status, 400);
  assert.equal(long.body.error.field, 'ends_at');
  assert.equal(long.body.error.rule, 'too_long');
  assert.equal((await org.put('/api/v1/market-days/99999', { title: 'x' })).status, 404);
  const seller = await loggedIn(s.base, 'seller2');
  assert.equal((await seller.put(`/api/v1/market-days/${day.id}`, { title: 'x' })).status, 403);
  assert.equal((await seller.del(`/api/v1/market-days/${day.id}`)).status, 403);

  // A booth with products and a photo goes, and so does the photo's file.
  const booth = await newBooth(day.id, 'Gian xóa được');
  const p = await org.post(`/api/v1/booths/${booth.id}/products`, { name: 'Trà sen', producer: 'HTX Sen Huế', province: 'Huế', group: 'beverage',
    stars: 4, certificate_date: '2025-05-01', price: 120000, unit: 'hộp 100 g', stock: 5 });
  assert.equal(p.status, 201, p.text);
  const productId = (p.body.product || p.body).id;
  const jpeg = phoneJpeg(tmp, { width: 800, height: 600, orientation: 1 });
  const up = await org.post(`/api/v1/products/${productId}/photos`, jpeg, { raw: true, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(up.status, 201, up.text);
  const photoUrl = up.body.photos[0].url;
  assert.equal((await fetch(s.base + photoUrl)).status, 200);
  assert.equal((await seller.del(`/api/v1/booths/${booth.id}`)).status, 403);
  const gone = await org.del(`/api/v1/booths/${booth.id}`);
  assert.equal(gone.status, 200, gone.text);
  assert.equal((await org.get(`/api/v1/booths/${booth.id}`)).status, 404);
  assert.equal((await fetch(s.base + photoUrl)).status, 404, 'its photo file is gone');

  // A demo booth with an order stays, and so does its market day: all or none.
  const demoBooth = (await org.get('/api/v1/booths/7')).body;
  const buyer = await HubClient.connect(s.base, 7);
  clients.push(buyer);
  await buyer.hello('Khách');
  const ack = await buyer.request({ type: 'order', client_order_id: 'setup-1', product_id: demoBooth.products[0].id, qty: 1, name: 'Trần Thị Hoa',
    phone: '0987654321', address: '12 Lê Lợi, phường Phú Hội, Huế' }, (m) => m.type === 'order_ack' || m.type === 'order_rejected');
  assert.equal(ack.type, 'order_ack');
  const kept = await org.del('/api/v1/booths/7');
  assert.equal(kept.status, 409);
  assert.equal(kept.body.error.rule, 'has_orders');
  const dayKept = await org.del(`/api/v1/market-days/${demoBooth.market_day_id}`);
  assert.equal(dayKept.status, 409);
  assert.equal(dayKept.body.error.rule, 'has_orders');
  assert.equal((await org.get('/api/v1/booths/1')).status, 200, 'no booth of that day was deleted');

  // An empty market day with booths goes whole.
  const day2 = await newDay('Phiên trống');
  await newBooth(day2.id, 'Gian A');
  await newBooth(day2.id, 'Gian B');
  const dayGone = await org.del(`/api/v1/market-days/${day2.id}`);
  assert.equal(dayGone.status, 200, dayGone.text);
  assert.equal(dayGone.body.booths_deleted, 2);
  assert.ok(!(await org.get('/api/v1/market-days')).body.market_days.some((d) => d.id === day2.id));
  assert.equal((await org.get(`/api/v1/booths?market_day=${day2.id}`)).body.booths.length, 0);
});

test('while a booth is live its day and the booth are not edited or deleted', async () => {
  const day = await newDay('Phiên đang phát');
  const booth = await newBooth(day.id, 'Gian đang phát');
  const key = (await org.get(`/api/v1/booths/${booth.id}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '320x240', rate: 15, bitrate: '300k', gop: 30 });
  pubs.push(pub);
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth.id}`)).body.state === 'live', { what: 'live' });
  const edit = await org.put(`/api/v1/market-days/${day.id}`, { title: 'Đổi tên' });
  assert.equal(edit.status, 409);
  assert.equal(edit.body.error.rule, 'live');
  assert.equal((await org.del(`/api/v1/market-days/${day.id}`)).body.error.rule, 'live');
  assert.equal((await org.del(`/api/v1/booths/${booth.id}`)).body.error.rule, 'live');
  const move = await org.put(`/api/v1/booths/${booth.id}`, { market_day_id: 1 });
  assert.equal(move.status, 409);
  assert.equal(move.body.error.field, 'market_day_id');
  assert.equal((await org.put(`/api/v1/booths/${booth.id}`, { name: 'Gian đổi tên khi phát' })).status, 200, 'a rename is harmless');

  await pub.stop();
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth.id}`)).body.state === 'offline', { what: 'offline' });
  assert.equal((await org.put(`/api/v1/market-days/${day.id}`, { title: 'Đổi tên' })).status, 200);
  // The live left a replay: the booth keeps it until the replay is deleted.
  let del = await org.del(`/api/v1/booths/${booth.id}`);
  if (del.status === 409) {
    assert.equal(del.body.error.rule, 'has_replays');
    await waitFor(async () => (await org.get(`/api/v1/booths/${booth.id}/replays`)).body.replays.length > 0, { what: 'the replay listed' });
    for (const r of (await org.get(`/api/v1/booths/${booth.id}/replays`)).body.replays) assert.equal((await org.del(`/api/v1/replays/${r.id}`)).status, 200);
    del = await org.del(`/api/v1/booths/${booth.id}`);
  }
  assert.equal(del.status, 200, del.text);
});

test('a certificate photo on an OCOP claim sends it back for review; the studio link QR', async () => {
  const seller = await loggedIn(s.base, 'seller4');
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  const product = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[0];
  assert.equal((await org.post(`/api/v1/products/${product.id}/ocop-review`, { approved: true })).status, 200);
  const jpeg = phoneJpeg(tmp, { width: 1200, height: 900, orientation: 1 });
  const put = (api, bytes, type = 'image/jpeg') => api.put(`/api/v1/products/${product.id}/certificate-photo`, bytes, { raw: true, headers: { 'content-type': type } });
  const other = await loggedIn(s.base, 'seller5');
  assert.equal((await put(other, jpeg)).status, 403);
  const r = await put(seller, jpeg);
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.certificate_photo_url, /^\/media\/photos\/[0-9a-f]+\.jpg$/);
  assert.equal(r.body.ocop_status, 'pending', 'new evidence is reviewed again');
  const img = await fetch(s.base + r.body.certificate_photo_url);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/jpeg');
  const queue = (await org.get('/api/v1/ocop-claims?status=pending')).body.products.find((p) => p.id === product.id);
  assert.equal(queue.certificate_photo_url, r.body.certificate_photo_url);
  const text = join(tmp, 'not-a-photo.jpg');
  writeFileSync(text, 'giấy chứng nhận');
  const refused = await put(seller, readFileSync(text));
  assert.equal(refused.status, 400);
  const still = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products.find((p) => p.id === product.id);
  assert.equal(still.certificate_photo_url, r.body.certificate_photo_url, 'a refused upload keeps the photo there was');
  const removed = await seller.del(`/api/v1/products/${product.id}/certificate-photo`);
  assert.equal(removed.status, 200);
  assert.equal(removed.body.certificate_photo_url, null);
  assert.equal((await fetch(s.base + r.body.certificate_photo_url)).status, 404, 'the file went with it');

  // The studio link's QR on the printed login card.
  const svg = await org.get(`/api/v1/booths/${boothId}/studio-qr.svg`);
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /image\/svg\+xml/);
  const svgFile = join(tmp, 'studio.svg'), png = join(tmp, 'studio.png');
  writeFileSync(svgFile, svg.text);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', svgFile, '-vf', 'scale=400:400', png]);
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(decoded, `${s.base}/studio?booth=${boothId}`);
  assert.equal((await other.get(`/api/v1/booths/${boothId}/studio-qr.svg`)).status, 403);
});
