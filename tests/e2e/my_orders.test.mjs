// "Đơn của tôi" in a phone-sized Chromium: an order placed on the watch page
// is listed on /orders with its status, follows the seller's changes by
// itself, and another device finds it by code and phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, showProducts } from '../lib/browser.mjs';

const BOOTH = 4;
let s, buyer, other, code, orderId;

before(async () => {
  s = await startServer();
  buyer = await launchBrowser();
});
after(async () => {
  await buyer?.close();
  await other?.close();
  await s?.stop();
});

test('an order placed on the watch page is in "Đơn của tôi" and follows the seller', async () => {
  const page = buyer.page;
  await page.goto(`${s.base}/booths/${BOOTH}`);
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  await showProducts(page);
  await page.locator('.pitem').first().locator('button', { hasText: 'Đặt mua' }).click();
  await page.fill('[data-testid=order-name]', 'Lê Thị Mai');
  await page.fill('[data-testid=order-phone]', '0905 123 456');
  await page.fill('[data-testid=order-address]', '12 Trần Phú, phường Hải Châu, Đà Nẵng');
  await page.click('[data-testid=order-submit]');
  code = (await page.locator('[data-testid=order-code]').innerText()).trim();
  assert.match(code, /^OC-[2-9A-Z]{6}$/);
  assert.equal(await page.locator('[data-testid=my-orders-link]').getAttribute('href'), '/orders');

  await page.goto(`${s.base}/orders`);
  const item = page.locator(`[data-testid=my-order][data-code="${code}"]`);
  await item.locator('[data-testid=my-order-status][data-status=placed]').waitFor();
  assert.match(await item.innerText(), /× 1/);
  assert.equal(await item.locator('input.order-code').inputValue(), code);

  const seller = await loggedIn(s.base, `seller${BOOTH}`);
  orderId = (await seller.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.code === code).id;
  assert.equal((await seller.patch(`/api/v1/orders/${orderId}`, { status: 'confirmed' })).status, 200);
  assert.equal((await seller.patch(`/api/v1/orders/${orderId}`, { status: 'shipped' })).status, 200);
  const t0 = Date.now();
  await item.locator('[data-testid=my-order-status][data-status=shipped]').waitFor({ timeout: 15000 });
  console.log(`"Đang giao" shown ${Date.now() - t0} ms after the seller's change (page polls every 5 s)`);
  assert.match(await item.locator('li.now').innerText(), /Đang giao/);
  if (process.env.OCOPLIVE_SHOTS) await page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'my-orders.jpg'), type: 'jpeg', quality: 72 });
  assert.equal(await item.locator('li.done').count(), 2, 'Mới and Đã xác nhận are behind it');
  assert.deepEqual(buyer.events.pageErrors, []);
});

test('another device finds the order by code and phone; a wrong phone finds nothing', async () => {
  other = await launchBrowser();
  const page = other.page;
  await page.goto(`${s.base}/orders`);
  await page.locator('#my-none:not([hidden])').waitFor();
  await page.fill('[data-testid=lookup-code]', code.toLowerCase());
  await page.fill('[data-testid=lookup-phone]', '0905 000 000');
  await page.click('[data-testid=lookup-submit]');
  const err = page.locator('#lookup-error:not([hidden])');
  await err.waitFor();
  assert.match(await err.innerText(), /Không có đơn nào khớp/);
  assert.equal(await page.locator('[data-testid=my-order]').count(), 0);

  await page.fill('[data-testid=lookup-phone]', '+84905123456');
  await page.click('[data-testid=lookup-submit]');
  await page.locator(`[data-testid=my-order][data-code="${code}"] [data-testid=my-order-status][data-status=shipped]`).waitFor();
  await page.reload();
  await page.locator(`[data-testid=my-order][data-code="${code}"]`).waitFor();
  assert.deepEqual(other.events.pageErrors, []);
});
