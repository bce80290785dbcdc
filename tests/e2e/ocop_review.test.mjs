// OCOP claims in the browser (390x844): a seller's new claim shows as being
// checked to buyers and as waiting in the studio; the organizer approves it
// from the console's queue, and the buyer's page then carries the badge.
// A certificate in its last 30 days warns the seller.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phoneJpeg } from '../lib/images.mjs';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, loginInPage, showProducts } from '../lib/browser.mjs';

let s, seller, boothId;
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-ocop-e2e-'));
const browsers = [];
const browser = async () => { const b = await launchBrowser(); browsers.push(b); return b; };

// A date `days` days after (36 months before today), in Vietnam.
function certifiedDaysAgoPlus(days) {
  const d = new Date(Date.now() + 7 * 3600e3);
  d.setUTCFullYear(d.getUTCFullYear() - 3);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  s = await startServer();
  seller = await loggedIn(s.base, 'seller1');
  boothId = (await seller.get('/api/v1/me')).body.booth_ids[0];
});
after(async () => {
  for (const b of browsers) await b.close();
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('an organizer\'s approval makes the OCOP badge appear on the buyer\'s page', async () => {
  const created = await seller.post(`/api/v1/booths/${boothId}/products`, {
    name: 'Miến dong Bình Liêu', producer: 'HTX Miến dong Bình Liêu', province: 'Quảng Ninh', group: 'food',
    stars: 4, certificate_date: '2025-06-20', certificate_number: '2150/QĐ-UBND', price: 90000, unit: 'gói 500 g', stock: 50,
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;

  const buyer = await browser();
  await buyer.page.goto(`${s.base}/booths/${boothId}`);
  await showProducts(buyer.page);
  const item = buyer.page.locator(`.pitem[data-product-id="${id}"]`);
  await item.waitFor();
  assert.equal(await item.locator('[data-testid=ocop-badge]').count(), 0, 'no badge before the review');
  assert.match(await item.locator('[data-testid=ocop-pending]').innerText(), /xác minh/);

  const studio = await browser();
  await loginInPage(studio.page, s.base, 'seller1');
  const claim = studio.page.locator(`.sp-item[data-product-id="${id}"] [data-testid=ocop-claim]`);
  await claim.waitFor();
  assert.match(await claim.innerText(), /Chờ ban tổ chức duyệt/);
  // The seller photographs the certificate from the product editor.
  await studio.page.locator(`.sp-item[data-product-id="${id}"] [data-testid=product-edit]`).click();
  await studio.page.locator('#product-dialog[open]').waitFor();
  await studio.page.setInputFiles('[data-testid=product-cert-photo]', { name: 'giay-chung-nhan.jpg', mimeType: 'image/jpeg', buffer: phoneJpeg(tmp, { width: 1600, height: 1200, orientation: 1 }) });
  await studio.page.waitForFunction(() => { const i = document.querySelector('[data-testid=cert-photo-img]'); return i && !i.hidden && i.naturalWidth > 0; });
  await studio.page.keyboard.press('Escape');
  const certUrl = (await seller.get(`/api/v1/products/${id}`)).body.certificate_photo_url;
  assert.match(certUrl, /^\/media\/photos\/[0-9a-f]+\.jpg$/);

  const org = await browser();
  await loginInPage(org.page, s.base, 'organizer');
  const queued = org.page.locator(`[data-testid=ocop-claim-item][data-product-id="${id}"]`);
  await queued.waitFor();
  assert.match(await queued.innerText(), /2150\/QĐ-UBND/);
  const certLink = queued.locator('[data-testid=ocop-cert-photo]');
  assert.equal(await certLink.getAttribute('href'), certUrl, 'the organizer sees the certificate photo');
  await org.page.waitForFunction((pid) => document.querySelector(`[data-testid=ocop-claim-item][data-product-id="${pid}"] [data-testid=ocop-cert-photo] img`)?.naturalWidth > 0, id);
  assert.match(await org.page.locator('#ocop-count').innerText(), /^[1-9]/);
  if (process.env.OCOPLIVE_SHOTS) {
    await org.page.evaluate(() => window.scrollTo(0, document.querySelector('#ocop').getBoundingClientRect().top + window.scrollY - 120));
    await org.page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'organizer-ocop.jpg'), type: 'jpeg', quality: 72 });
  }
  // A rejection without a reason is stopped in the page.
  await queued.locator('[data-testid=ocop-reject]').click();
  await org.page.locator('#toast').filter({ hasText: 'lý do' }).waitFor();
  assert.equal((await seller.get(`/api/v1/products/${id}`)).body.ocop_status, 'pending');
  const t0 = Date.now();
  await queued.locator('[data-testid=ocop-approve]').click();
  await queued.waitFor({ state: 'detached' });
  assert.equal((await seller.get(`/api/v1/products/${id}`)).body.ocop_status, 'approved');

  await buyer.page.reload();
  await showProducts(buyer.page);
  await item.locator('[data-testid=ocop-badge]').waitFor();
  console.log(`badge on the buyer's page ${Date.now() - t0} ms after the organizer's tap (reload included)`);
  assert.match(await item.locator('[data-testid=ocop-badge]').getAttribute('aria-label'), /4 sao/);
  await studio.page.reload();
  await studio.page.locator(`.sp-item[data-product-id="${id}"] [data-testid=ocop-claim].approved`).waitFor();
  for (const b of browsers) assert.deepEqual(b.events.pageErrors, []);
});

test('a certificate in its last 30 days warns the seller in the studio', async () => {
  const soon = await seller.post(`/api/v1/booths/${boothId}/products`, {
    name: 'Trà hoa vàng', producer: 'HTX Trà hoa vàng Ba Chẽ', province: 'Quảng Ninh', group: 'beverage',
    stars: 3, certificate_date: certifiedDaysAgoPlus(20), price: 450000, unit: 'hộp 100 g', stock: 10,
  });
  assert.equal(soon.status, 201, soon.text);
  const far = await seller.post(`/api/v1/booths/${boothId}/products`, {
    name: 'Ba kích tím', producer: 'HTX Ba kích Ba Chẽ', province: 'Quảng Ninh', group: 'herbal',
    stars: 3, certificate_date: certifiedDaysAgoPlus(60), price: 350000, unit: 'kg', stock: 10,
  });
  const studio = await browser();
  await loginInPage(studio.page, s.base, 'seller1');
  const warn = studio.page.locator(`.sp-item[data-product-id="${soon.body.id}"] [data-testid=cert-expiry]`);
  await warn.waitFor();
  const text = await warn.innerText();
  console.log(`studio warning: "${text}"`);
  assert.match(text, /còn (19|20|21) ngày/);
  assert.equal(await studio.page.locator(`.sp-item[data-product-id="${far.body.id}"] [data-testid=cert-expiry]`).count(), 0,
    'no warning 60 days ahead');
});
