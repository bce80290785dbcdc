// Product photos over REST with real files: a phone JPEG comes back upright,
// at most 1600 px wide, without its EXIF, from our origin with a year's
// cache; a decompression bomb, a text file named .jpg, an oversized upload
// and one photo too many are refused with a clear message and nothing kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { bombPng, phoneJpeg } from '../lib/images.mjs';

let s, seller, productId;
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-photos-'));

before(async () => {
  s = await startServer({ config: { photos: { max_mb: 2, max_per_product: 3 } } });
  seller = await loggedIn(s.base, 'seller3');
  const boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  productId = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[0].id;
});
after(async () => {
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const upload = (api, id, bytes, type = 'image/jpeg') => api.post(`/api/v1/products/${id}/photos`, bytes, { raw: true, headers: { 'content-type': type } });
const photoFiles = () => { try { return readdirSync(join(s.dir, 'data', 'photos')).filter((f) => !f.endsWith('.part')); } catch { return []; } };

// RGB of one pixel of a JPEG, through ffmpeg.
function pixel(file, x, y) {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `crop=2:2:${x}:${y}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return [out[0], out[1], out[2]];
}

test('a 4000x3000 phone JPEG turned by EXIF comes back upright, 1600 px wide, stripped', async () => {
  const jpeg = phoneJpeg(tmp, { width: 4000, height: 3000, orientation: 6 });
  const t0 = Date.now();
  const r = await upload(seller, productId, jpeg);
  console.log(`  upload of ${jpeg.length} bytes answered ${r.status} in ${Date.now() - t0} ms`);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.photos.length, 1);
  const photo = r.body.photos[0];
  assert.match(photo.url, /^\/media\/photos\/[0-9a-f]{32}\.jpg$/);
  assert.equal(r.body.image_url, photo.url, 'the first photo is the cover');

  const card = await fetch(s.base + photo.url);
  assert.equal(card.status, 200);
  assert.equal(card.headers.get('content-type'), 'image/jpeg');
  assert.equal(card.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const bytes = Buffer.from(await card.arrayBuffer());
  assert.equal(bytes.includes(Buffer.from('Exif')), false, 'no EXIF left');
  const file = join(tmp, 'card.jpg');
  writeFileSync(file, bytes);
  const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split(',').map(Number);
  console.log(`  card ${w}x${h}`);
  assert.equal(w, 1600);
  assert.equal(h, 2133, 'portrait: turned as the EXIF said');
  const top = pixel(file, 800, 200), bottom = pixel(file, 800, 1900);
  assert.ok(top[0] > 200 && top[2] < 60, `red on top once upright: ${top}`);
  assert.ok(bottom[2] > 200 && bottom[0] < 60, `blue at the bottom: ${bottom}`);
  const tile = await fetch(s.base + photo.tile_url);
  assert.equal(tile.status, 200);
  writeFileSync(join(tmp, 'tile.jpg'), Buffer.from(await tile.arrayBuffer()));
  const tw = Number(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width', '-of', 'csv=p=0', join(tmp, 'tile.jpg')], { encoding: 'utf8' }).trim());
  assert.equal(tw, 480);
});

test('a decompression bomb, a text file named .jpg, an oversized upload are refused, nothing kept', async () => {
  const before = photoFiles().length;
  const bomb = bombPng(8000);
  console.log(`  bomb: ${bomb.length} bytes declaring 8000x8000`);
  const b = await upload(seller, productId, bomb, 'image/png');
  assert.equal(b.status, 400, b.text);
  assert.equal(b.body.error.message, 'photo: 8000x8000 is more than 50 megapixels');
  const text = await upload(seller, productId, Buffer.from('Đây là một tệp văn bản, không phải ảnh.\n'), 'image/jpeg');
  assert.equal(text.status, 400);
  assert.equal(text.body.error.message, 'photo: not a JPEG, PNG or WebP image');
  const big = await upload(seller, productId, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(3 << 20)]));
  assert.equal(big.status, 413);
  assert.equal((await upload(seller, productId, Buffer.alloc(0))).status, 400);
  assert.equal(photoFiles().length, before, 'no file left behind');
  assert.equal((await seller.get(`/api/v1/products/${productId}`)).body.photos.length, 1);
});

test('only the booth\'s seller or an organizer uploads; at most max_per_product photos; cover and delete', async () => {
  const small = phoneJpeg(tmp, { width: 800, height: 600, orientation: 1 });
  assert.equal((await upload(new Api(s.base), productId, small)).status, 401);
  assert.equal((await upload(await loggedIn(s.base, 'seller1'), productId, small)).status, 403);
  assert.equal((await upload(seller, 999999, small)).status, 404);
  const second = await upload(seller, productId, small);
  assert.equal(second.status, 201);
  const third = await upload(await loggedIn(s.base, 'organizer'), productId, small);
  assert.equal(third.status, 201);
  const fourth = await upload(seller, productId, small);
  assert.equal(fourth.status, 409);
  assert.match(fourth.body.error.message, /at most 3 photos/);

  const [first, , last] = third.body.photos;
  const covered = await seller.post(`/api/v1/products/${productId}/photos/${last.id}/cover`, {});
  assert.equal(covered.status, 200);
  assert.equal(covered.body.photos[0].id, last.id);
  assert.equal(covered.body.image_url, last.url);
  const removed = await seller.del(`/api/v1/products/${productId}/photos/${last.id}`);
  assert.equal(removed.status, 200);
  assert.equal(removed.body.photos[0].id, first.id, 'the next photo becomes the cover');
  assert.equal((await fetch(s.base + last.url)).status, 404, 'its files are gone');
  assert.equal((await seller.del(`/api/v1/products/${productId}/photos/${last.id}`)).status, 404);
  assert.equal((await fetch(`${s.base}/media/photos/..%2f..%2focoplive.db.jpg`)).status, 404);
});

test('outside image links are no longer accepted', async () => {
  const r = await seller.put(`/api/v1/products/${productId}`, { image_url: 'https://zalo.me/photo.jpg' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.message, 'image_url: upload the photo instead; links to other sites are not shown');
});
