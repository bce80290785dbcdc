// A recorded live in the replay page: Chromium plays the MP4 (byte ranges),
// the chapters are the products the seller pinned, tapping one seeks there
// and shows that product's card, and its order button places a real order.
// The showroom's "Xem lại" row and the offline booth's page link to it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const BOOTH = 1;
let s, org, browser, replay, products;

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: 2 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  const seller = await loggedIn(s.base, `seller${BOOTH}`);
  const shop = await HubClient.connect(s.base, BOOTH, { cookie: seller.cookie });
  await shop.hello('Shop');
  products = (await new Api(s.base).get(`/api/v1/booths/${BOOTH}/products`)).body.products;
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', bitrate: '600k', gop: 30, seconds: 20 });
  await waitFor(async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.state === 'live', { timeout: 20000, what: 'live' });
  await sleep(3000);
  await shop.request({ type: 'pin', product_id: products[0].id }, 'card');
  await sleep(8000);
  await shop.request({ type: 'pin', product_id: products[1].id }, 'card');
  shop.close();
  await pub.exited;
  ({ value: replay } = await waitFor(async () => (await new Api(s.base).get(`/api/v1/booths/${BOOTH}/replays`)).body.replays[0],
    { timeout: 20000, what: 'the replay' }));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const currentTime = (page) => page.evaluate(() => document.querySelector('#replay-video').currentTime);

test('the replay page lists the chapters, seeks to one and shows its card; its order button orders', { timeout: 90000 }, async () => {
  const page = browser.page;
  await page.goto(`${s.base}/replays/${replay.id}`);
  const chapters = page.locator('[data-testid=chapter]');
  await waitFor(async () => (await chapters.count()) === 2, { what: 'two chapters' });
  assert.equal(await page.locator('[data-testid=chapter-mark]').count(), 2);
  assert.match(await chapters.nth(0).innerText(), new RegExp(products[0].name.slice(0, 10)));
  assert.match(await chapters.nth(1).innerText(), new RegExp(products[1].name.slice(0, 10)));
  await page.waitForFunction(() => document.querySelector('#replay-video').readyState >= 1);

  const target = replay.chapters[1].offset;
  const t0 = Date.now();
  await chapters.nth(1).click();
  await page.locator(`[data-testid=product-card][data-product-id="${products[1].id}"]`).waitFor();
  await waitFor(async () => Math.abs((await currentTime(page)) - target) < 1.5, { what: `the video at ${target} s` });
  const a = await currentTime(page);
  await waitFor(async () => (await currentTime(page)) > a + 0.5, { what: 'the video playing from there' });
  console.log(`  chapter 2 at ${target} s: card of "${products[1].name}", video at ${a.toFixed(2)} s and playing, ${Date.now() - t0} ms after the tap`);

  await chapters.nth(0).click();
  await page.locator(`[data-testid=product-card][data-product-id="${products[0].id}"]`).waitFor();
  assert.ok(Math.abs((await currentTime(page)) - replay.chapters[0].offset) < 1.5);

  await page.locator('[data-testid=product-card] [data-testid=order-button]').click();
  await page.fill('[data-testid=order-name]', 'Đỗ Thị Lan');
  await page.fill('[data-testid=order-phone]', '0987 654 321');
  await page.fill('[data-testid=order-address]', '3 Hàm Rồng, Sa Pa, Lào Cai');
  await page.click('[data-testid=order-submit]');
  const code = (await page.locator('[data-testid=order-code]').innerText({ timeout: 15000 })).trim();
  const orders = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
  const order = orders.find((o) => o.code === code);
  assert.ok(order, `order ${code} reached the booth`);
  assert.equal(order.product_id, products[0].id);
  assert.equal(order.unit_price, products[0].price, 'today\'s price');
  console.log(`  ordered from the replay: ${code}`);
  assert.deepEqual(browser.events.pageErrors, []);
});

test('the showroom\'s "Xem lại" row and the offline booth\'s page link to the replay', { timeout: 60000 }, async () => {
  const page = browser.page;
  await page.goto(`${s.base}/`);
  const link = page.locator(`[data-testid=replay-row] [data-testid=replay-link][data-replay-id="${replay.id}"]`);
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/replays/${replay.id}`);
  await page.goto(`${s.base}/booths/${BOOTH}`);
  await page.locator(`[data-testid=booth-replays] [data-testid=replay-link][data-replay-id="${replay.id}"]`).waitFor();
});
