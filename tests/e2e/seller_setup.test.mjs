// A seller setting up on a phone (390x844): prices typed the Vietnamese way,
// and going live from one scan or one tap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

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
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.log(`QR (${decoded.length} characters) decodes to the link: ${decoded === href}`);
  assert.equal(decoded, href);
});
