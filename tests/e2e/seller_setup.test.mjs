// A seller setting up on a phone (390x844): prices typed the Vietnamese way,
// and going live from one scan or one tap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, loginInPage, showProducts } from '../lib/browser.mjs';
import { phoneJpeg } from '../lib/images.mjs';

let s, seller, b, page, boothId;
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-seller-'));

before(async () => {
  s = await startServer();
  seller = await loggedIn(s.base, 'seller5');
  boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
  b = await launchBrowser();
  page = b.page;
  await loginInPage(page, s.base, 'seller5');
});
after(async () => {
  await b?.close();
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function openEditor(productId) {
  await page.locator(`.sp-item[data-product-id="${productId}"] [data-testid=product-edit]`).click();
  await page.locator('#product-dialog[open]').waitFor();
}

test('a price typed as 250.000 is stored as 250000 đồng', async () => {
  const product = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[0];
  await openEditor(product.id);
  const price = page.locator('[data-testid=product-price]');
  assert.equal(await price.inputValue(), product.price.toLocaleString('de-DE'), 'the editor shows the price grouped with dots');
  await price.fill('250.000');
  assert.equal(await page.locator('[data-testid=product-price-preview]').innerText(), '= 250.000 ₫');
  await page.click('[data-testid=product-save]');
  await page.locator('#product-dialog:not([open])').waitFor({ state: 'attached' });
  assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.price, 250000);

  // Other spellings sellers use, read back from the server each time.
  for (const [typed, want] of [['1,5 triệu', 1500000], ['320k', 320000], ['95 nghìn', 95000]]) {
    await openEditor(product.id);
    await price.fill(typed);
    await page.click('[data-testid=product-save]');
    await page.locator('#product-dialog:not([open])').waitFor({ state: 'attached' });
    assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.price, want, typed);
  }
});

test('an unreadable price is refused on the field, and one under 1.000 ₫ asks first', async () => {
  const product = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[0];
  const before = product.price;
  await openEditor(product.id);
  const price = page.locator('[data-testid=product-price]');
  await price.fill('1,5');
  assert.match(await page.locator('[data-testid=product-price-preview]').innerText(), /Chưa hiểu/);
  await page.click('[data-testid=product-save]');
  assert.match(await page.locator('#product-error').innerText(), /Giá chưa đúng/);
  assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.price, before, 'nothing saved');

  await price.fill('250');
  await page.click('[data-testid=product-save]');
  assert.match(await page.locator('#product-error').innerText(), /250 ₫ thấp bất thường/);
  assert.equal(await page.locator('#product-dialog[open]').count(), 1, 'still open');
  assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.price, before, 'not saved before the seller confirms');
  await page.click('[data-testid=product-save]');
  await page.locator('#product-dialog:not([open])').waitFor({ state: 'attached' });
  assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.price, 250, 'saved once confirmed');
  assert.deepEqual(b.events.pageErrors, []);
});

test('"Mở trong Larix" and the QR are the same Larix Grove link, with the booth\'s publish URL inside', async () => {
  const key = (await seller.get(`/api/v1/booths/${boothId}/stream-key`)).body;
  await page.goto(`${s.base}/studio`);
  const link = page.locator('[data-testid=larix-link]');
  await page.waitForFunction(() => document.querySelector('[data-testid=larix-link]').href.startsWith('larix:'));
  const href = await link.getAttribute('href');
  assert.equal(href, key.larix_url);
  const grove = new URL(href);
  assert.equal(grove.protocol, 'larix:');
  assert.equal(grove.searchParams.get('conn[][url]'), key.publish_url, 'the publish URL, key included');
  assert.equal(key.publish_url, `${key.rtmp_url}/${key.stream_key}`);
  const booth = (await seller.get(`/api/v1/booths/${boothId}`)).body;
  assert.equal(grove.searchParams.get('conn[][name]'), booth.name);
  assert.equal(grove.searchParams.get('enc[vid][res]'), '1280x720');
  assert.equal(grove.searchParams.get('enc[vid][keyframe]'), '2');
  assert.ok(Number(grove.searchParams.get('enc[vid][bitrate]')) > 0);

  // The QR stays hidden with the key until the seller asks.
  const qr = page.locator('[data-testid=larix-qr]');
  assert.equal(await qr.isVisible(), false);
  assert.equal(await page.getAttribute('#publish-url', 'type'), 'password');
  await page.click('[data-testid=show-key]');
  await page.waitForFunction(() => document.querySelector('[data-testid=larix-qr]').naturalWidth > 0);
  assert.equal(await page.inputValue('#publish-url'), key.publish_url, 'the full URL is one copyable line');
  const png = join(tmp, 'larix-qr.png');
  await qr.screenshot({ path: png });
  // OCOPLIVE_SHOTS=dir: the README's picture of going live.
  if (process.env.OCOPLIVE_SHOTS) {
    await page.evaluate(() => window.scrollTo(0, document.querySelector('#larix-link').getBoundingClientRect().top + window.scrollY - 170));
    await page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'studio-golive.jpg'), type: 'jpeg', quality: 72 });
  }
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.log(`QR (${decoded.length} characters) decodes to the link: ${decoded === href}`);
  assert.equal(decoded, href);
});

test('a 4000x3000 phone photo turned by EXIF is shown upright on the watch page, from our origin', async () => {
  await page.goto(`${s.base}/studio`);
  const product = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[1];
  await openEditor(product.id);
  const file = join(tmp, 'phone.jpg');
  writeFileSync(file, phoneJpeg(tmp, { width: 4000, height: 3000, orientation: 6 }));
  const t0 = Date.now();
  await page.locator('[data-testid=product-photo]').setInputFiles(file);
  await page.locator('[data-testid=photo-item]').first().waitFor();
  console.log(`photo uploaded and shown in the editor ${Date.now() - t0} ms after choosing it`);
  assert.match(await page.locator('#photo-status').innerText(), /Đã tải 1 ảnh/);
  const saved = (await seller.get(`/api/v1/products/${product.id}`)).body;
  assert.equal(saved.photos.length, 1);
  await page.click('[data-testid=product-save]');

  const buyer = await b.newPage();
  await buyer.goto(`${s.base}/booths/${boothId}`);
  await showProducts(buyer);
  const img = buyer.locator(`.pitem[data-product-id="${product.id}"] img`);
  await img.waitFor();
  await buyer.waitForFunction((id) => { const i = document.querySelector(`.pitem[data-product-id="${id}"] img`); return i && i.complete && i.naturalWidth > 0; }, product.id);
  const src = await img.getAttribute('src');
  assert.equal(src, saved.photos[0].tile_url, 'the row shows the tile size, from our origin');
  // The card size, drawn as stored (no EXIF left to turn it): upright means red on top.
  const fig = await buyer.evaluate(async (url) => {
    const im = new Image();
    im.src = url;
    await im.decode();
    const c = document.createElement('canvas');
    c.width = im.naturalWidth;
    c.height = im.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(im, 0, 0);
    const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
    return { w: im.naturalWidth, h: im.naturalHeight, top: at(im.naturalWidth / 2, 100), bottom: at(im.naturalWidth / 2, im.naturalHeight - 100), origin: new URL(im.src).origin };
  }, saved.photos[0].url);
  console.log(`card on the watch page's origin: ${fig.w}x${fig.h}, top ${fig.top}, bottom ${fig.bottom}`);
  assert.equal(fig.origin, s.base);
  assert.ok(fig.w <= 1600 && fig.h > fig.w, `${fig.w}x${fig.h}`);
  assert.ok(fig.top[0] > 200 && fig.top[2] < 60, 'red on top');
  assert.ok(fig.bottom[2] > 200 && fig.bottom[0] < 60, 'blue at the bottom');
  await buyer.close();
  assert.deepEqual(b.events.pageErrors, []);
});

test('a text file named .jpg is refused beside the field, in Vietnamese', async () => {
  await page.goto(`${s.base}/studio`);
  const product = (await seller.get(`/api/v1/booths/${boothId}/products`)).body.products[0];
  await openEditor(product.id);
  const file = join(tmp, 'notes.jpg');
  writeFileSync(file, 'không phải ảnh\n');
  await page.locator('[data-testid=product-photo]').setInputFiles(file);
  await page.waitForFunction(() => /không phải ảnh JPEG/.test(document.querySelector('#photo-status').textContent));
  assert.equal((await seller.get(`/api/v1/products/${product.id}`)).body.photos.length, 0);
});
