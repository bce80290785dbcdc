// "Đơn của tôi" in a phone-sized Chromium: an order placed on the watch page
// is listed on /orders with its status, follows the seller's changes by
// itself, and another device finds it by code and phone. Also: a pinned
// product whose deal sold out is ordered at the price the buyer was shown.
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

test('a sold-out deal leaves the pinned product orderable at its regular price', async () => {
  const { HubClient } = await import('../lib/hub.mjs');
  const seller = await loggedIn(s.base, 'seller3');
  const product = (await seller.get('/api/v1/booths/3/products')).body.products.find((p) => p.stock >= 5);
  const shop = await HubClient.connect(s.base, 3, { cookie: seller.cookie });
  await shop.hello('Shop');
  await shop.request({ type: 'pin', product_id: product.id, deal: { price: 1000, quantity: 1, ends_at: Math.floor(Date.now() / 1000) + 600 } }, 'card');
  const bot = await HubClient.connect(s.base, 3);
  await bot.hello('Nhanh tay');
  const first = await bot.request({ type: 'order', client_order_id: 'fast-1', product_id: product.id, qty: 1, name: 'Khách nhanh', phone: '0988111222',
    address: '1 Lê Lợi, phường Thạch Thang, Đà Nẵng' }, (m) => m.type === 'order_ack' || m.type === 'order_rejected');
  assert.equal(first.type, 'order_ack');
  bot.close();

  const page = buyer.page;
  await page.goto(`${s.base}/booths/3`);
  const card = page.locator('[data-testid=product-card]');
  await card.locator('[data-testid=deal-sold-out]').waitFor();
  const button = card.locator('[data-testid=order-button]');
  assert.equal(await button.isEnabled(), true);
  assert.match(await button.innerText(), /Đặt giá thường/);
  assert.match(await card.innerText(), new RegExp(`${product.price.toLocaleString('de-DE').replace('.', '\\.')} ₫`));
  await button.click();
  await page.fill('[data-testid=order-name]', 'Phạm Thu Trang');
  await page.fill('[data-testid=order-phone]', '0977 333 444');
  await page.fill('[data-testid=order-address]', '9 Hùng Vương, phường Hải Châu, Đà Nẵng');
  await page.click('[data-testid=order-submit]');
  const code = (await page.locator('[data-testid=order-code]').innerText()).trim();
  const placed = (await seller.get('/api/v1/booths/3/orders')).body.orders.find((o) => o.code === code);
  assert.equal(placed.unit_price, product.price, 'the price the buyer saw');
  shop.close();
});
