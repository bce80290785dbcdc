// Seller and buyer in two separate phone-sized Chromium profiles on the same
// booth: the seller pins a product in the studio and the buyer's watch page
// shows the card; the buyer orders through the sheet and the seller's order
// feed shows it; chat both ways; user text is rendered as text, never HTML.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

const BOOTH = 1;
let s, org, seller, viewer;

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  [seller, viewer] = await Promise.all([launchBrowser(), launchBrowser()]);
  await loginInPage(seller.page, s.base, 'seller1');
  assert.equal(new URL(seller.page.url()).pathname, '/studio', 'a seller lands in the studio');
  await seller.page.locator('[data-testid=pin-button]').first().waitFor();
  await viewer.page.goto(`${s.base}/booths/${BOOTH}`);
  await waitHub(viewer.page);
  await waitHub(seller.page);
});
after(async () => {
  await seller?.close();
  await viewer?.close();
  await s?.stop();
});

// The page's hub connection has been welcomed (pages mark <body data-hub>).
async function waitHub(page) {
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached', timeout: 15000 });
}

test('a product pinned in the studio appears on the watch page within a second', async () => {
  const vp = viewer.page;
  assert.equal(await vp.locator('[data-testid=product-card]').count(), 0, 'nothing pinned at first');
  await vp.evaluate(() => {
    window.__cardAt = 0;
    new MutationObserver(() => {
      if (!window.__cardAt && document.querySelector('[data-testid=product-card]')) window.__cardAt = Date.now();
    }).observe(document.body, { childList: true, subtree: true });
  });
  const pinButton = seller.page.locator('[data-testid=pin-button]').first();
  const productId = Number(await pinButton.getAttribute('data-product-id'));
  const product = (await org.get(`/api/v1/booths/${BOOTH}`)).body.products.find((p) => p.id === productId);
  const t0 = Date.now();
  await pinButton.click();
  await vp.locator('[data-testid=product-card]').waitFor({ timeout: 15000 });
  const delay = (await vp.evaluate(() => window.__cardAt)) - t0;
  console.log(`card delay: ${delay} ms from the seller's tap to the card on the buyer's page`);
  assert.ok(delay < 15000, `card shown after ${delay} ms`);
  const card = vp.locator('[data-testid=product-card]');
  const text = await card.innerText();
  assert.ok(text.includes(product.name), 'the card names the product');
  const price = `${String(product.price).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
  assert.ok(text.includes(price), `the card shows the price as "${price}"`);
  assert.ok(text.includes(product.province), 'the card shows the origin');
  assert.equal(await card.locator('.ocop-badge').count(), product.ocop_verified ? 1 : 0, 'OCOP badge only for an approved claim whose certificate is valid');
  assert.equal(await seller.page.locator('[data-testid=pin-button].on').count(), 1, 'the studio marks the pinned product');
});

test('a deal pinned from the studio shows its price, countdown and remaining quantity', async () => {
  const sp = seller.page;
  await sp.locator('.sp-actions button:has-text("Ưu đãi")').nth(1).click();
  await sp.fill('#deal-form input[name=price]', '39000');
  await sp.fill('#deal-form input[name=quantity]', '12');
  await sp.fill('#deal-form input[name=minutes]', '5');
  await sp.click('#deal-form button:not([type=button])');
  const card = viewer.page.locator('[data-testid=product-card].has-deal');
  await card.waitFor({ timeout: 15000 });
  const text = await card.innerText();
  assert.match(text, /39\.000 ₫/);
  assert.match(text, /12\/12/);
  assert.match(text, /[45]:\d\d/, 'a running countdown');
});

test('the buyer orders through the sheet and the seller sees it in the order feed', async () => {
  const vp = viewer.page;
  await vp.click('[data-testid=order-button]');
  await vp.fill('[data-testid=order-name]', 'Nguyễn Thị Hoa');
  await vp.fill('[data-testid=order-phone]', '0912 345 678');
  await vp.fill('[data-testid=order-address]', 'Số 12 ngõ 34 Trần Phú, phường Hà Đông, Hà Nội');
  await vp.fill('[data-testid=order-qty]', '2');
  assert.match(await vp.locator('#order-total').innerText(), /78\.000 ₫/, 'subtotal at the deal price');
  await vp.click('[data-testid=order-submit]');
  const codeEl = vp.locator('[data-testid=order-code]');
  await codeEl.waitFor({ timeout: 15000 });
  const code = (await codeEl.innerText()).trim();
  assert.ok(code.length >= 4, `an order code (${code})`);

  const feed = seller.page.locator('[data-testid=order-feed]');
  await feed.locator(`text=${code}`).waitFor({ timeout: 15000 });
  const item = feed.locator('.order', { hasText: code });
  const itemText = await item.innerText();
  assert.match(itemText, /Nguyễn Thị Hoa/);
  assert.match(itemText, /0912 345 678/);
  assert.match(itemText, /78\.000 ₫/);

  const orders = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
  assert.equal(orders.filter((o) => o.code === code).length, 1, 'exactly one order');

  // The seller confirms it: PATCH, and the feed follows.
  await item.locator('button[data-to=confirmed]').click();
  await seller.page.waitForFunction((c) => [...document.querySelectorAll('.order')].some((li) => li.textContent.includes(c) && li.dataset.status === 'confirmed'), code);
  const after = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.code === code);
  assert.equal(after.status, 'confirmed');
  await vp.click('#order-done-close');
});

test('chat goes both ways between the watch page and the studio', async () => {
  const vp = viewer.page, sp = seller.page;
  await vp.fill('[data-testid=chat-input]', 'Chào shop, khăn này còn màu chàm không ạ?');
  await vp.press('[data-testid=chat-input]', 'Enter');
  await sp.locator('[data-testid=chat-list] >> text=Chào shop, khăn này còn màu chàm không ạ?').waitFor({ timeout: 15000 });
  await sp.fill('[data-testid=chat-input]', 'Dạ còn ạ, chị đặt ngay trên thẻ sản phẩm nhé');
  await sp.press('[data-testid=chat-input]', 'Enter');
  const reply = vp.locator('[data-testid=chat-list] .chat-item', { hasText: 'Dạ còn ạ, chị đặt ngay trên thẻ sản phẩm nhé' });
  await reply.waitFor({ timeout: 15000 });
  assert.match(await reply.textContent(), /Người bán/, 'the seller\'s message is marked as the seller\'s');
});

test('typing "lấy 2" under a pinned product opens the sheet with 2 filled in; the studio marks the line', async () => {
  const vp = viewer.page, sp = seller.page;
  const say = async (text) => {
    await vp.fill('[data-testid=chat-input]', text);
    await vp.press('[data-testid=chat-input]', 'Enter');
    await sp.locator('[data-testid=chat-list] .chat-item', { hasText: text }).waitFor({ timeout: 15000 });
  };
  await say('Khăn đẹp quá shop ơi');
  assert.equal(await vp.locator('#order-sheet[open]').count(), 0, 'a plain line opens nothing');
  const t0 = Date.now();
  await say('lấy 2');
  await vp.locator('#order-sheet[open]').waitFor({ timeout: 15000 });
  console.log(`  "lấy 2": sheet open ${Date.now() - t0} ms after Enter`);
  assert.equal(await vp.inputValue('[data-testid=order-qty]'), '2');
  const card = await vp.locator('[data-testid=product-card] .pcard-name').innerText();
  assert.match(await vp.locator('#order-product').innerText(), new RegExp(card.trim().slice(0, 12)), 'for the pinned product');
  const line = sp.locator('[data-testid=chat-list] .chat-item', { hasText: 'lấy 2' });
  assert.match(await line.locator('[data-testid=chat-order-mark]').innerText(), /Muốn đặt 2/);
  assert.equal(await sp.locator('[data-testid=chat-list] .chat-item', { hasText: 'Khăn đẹp quá' }).locator('[data-testid=chat-order-mark]').count(), 0);
  // Nothing is ordered from chat alone.
  const before = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.length;
  await vp.keyboard.press('Escape');
  await vp.locator('#order-sheet[open]').waitFor({ state: 'detached', timeout: 5000 });
  assert.equal((await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.length, before);
});

test('HTML in a nickname or a message is shown as text, never run', async () => {
  const vp = viewer.page, sp = seller.page;
  const nick = '<img src=x onerror=alert(1)>';
  const msgs = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>'];
  await vp.click('#nick-button');
  await vp.fill('#nick-input', nick);
  await vp.click('#nick-form button');
  await vp.waitForTimeout(300);
  for (const m of msgs) {
    await vp.fill('[data-testid=chat-input]', m);
    await vp.press('[data-testid=chat-input]', 'Enter');
    await vp.waitForTimeout(1100);  // stay under the chat rate limit
  }
  for (const page of [vp, sp]) {
    for (const m of msgs) await page.locator('[data-testid=chat-list] .chat-text', { hasText: m }).first().waitFor({ timeout: 15000 });
    const item = page.locator('[data-testid=chat-list] .chat-item', { hasText: msgs[1] }).last();
    assert.equal((await item.locator('.chat-name').innerText()).trim(), nick, 'the nickname is shown literally');
    assert.equal(await page.locator('[data-testid=chat-list] img, [data-testid=chat-list] script').count(), 0, 'no element was created from chat text');
  }
  assert.deepEqual(viewer.events.dialogs, [], 'no dialog fired on the watch page');
  assert.deepEqual(seller.events.dialogs, [], 'no dialog fired in the studio');
  assert.deepEqual(viewer.events.pageErrors, []);
  assert.deepEqual(seller.events.pageErrors, []);
});
