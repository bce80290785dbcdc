// The live room on a phone (390x844, touch) with a portrait (720x1280)
// publisher: the video fills the screen, chat and the pinned deal float over
// it within reach, the order sheet opens over the playing video, "lấy 2"
// fills the sheet, and a real touch swipe (CDP touch events) moves to the
// next live booth, whose video was connected while the finger moved.
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const W = 390, H = 844;
// OCOPLIVE_SHOTS=dir: screenshots of each state (the README's come from here).
const shot = (name) => (process.env.OCOPLIVE_SHOTS ? page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, `${name}.jpg`), type: 'jpeg', quality: 72 }) : null);
let s, org, browser, page, shop;
const pubs = [];

async function goLive(booth, size) {
  const key = (await org.get(`/api/v1/booths/${booth}/stream-key`)).body.stream_key;
  pubs.push(ffmpegPublisher(`${s.rtmpBase}/${key}`, { size, bitrate: '500k', gop: 30, preset: 'ultrafast' }));
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth}`)).body.live, { timeout: 20000, what: `booth ${booth} live` });
}

// The shown video has decoded frames and moves on.
async function playing(p, booth) {
  await p.waitForFunction((id) => {
    const v = document.querySelector('#live-video');
    return location.pathname === `/booths/${id}` && v && v.readyState >= 2 && v.currentTime > 0.2 && v.videoWidth > 0;
  }, booth, { timeout: 15000, polling: 50 });
}

const inView = (box) => box && box.y >= 0 && box.x >= 0 && box.y + box.height <= H && box.x + box.width <= W;

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  await goLive(1, '720x1280');
  await goLive(2, '1280x720');
  const seller = await loggedIn(s.base, 'seller1');
  shop = await HubClient.connect(s.base, 1, { cookie: seller.cookie });
  await shop.hello('HTX Sa Pa');
  browser = await launchBrowser();  // 390x844, touch
  page = browser.page;
});
after(async () => {
  shop?.close();
  await browser?.close();
  for (const p of pubs) await p.stop();
  await s?.stop();
});

test('the portrait video fills the phone screen; chat from another client shows over it without scrolling', { timeout: 60000 }, async () => {
  await page.goto(`${s.base}/booths/1`);
  await playing(page, 1);
  await page.locator('body.room[data-hub=open]').waitFor({ state: 'attached' });
  const cover = await page.evaluate(() => {
    const r = document.querySelector('#live-video').getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return { share: (w * h) / (innerWidth * innerHeight), fit: getComputedStyle(document.querySelector('#live-video')).objectFit };
  });
  console.log(`  video covers ${(cover.share * 100).toFixed(1)} % of the 390x844 viewport (object-fit ${cover.fit})`);
  assert.ok(cover.share >= 0.85, `the video covers ${cover.share}`);
  assert.equal(cover.fit, 'cover', 'a portrait stream fills the screen');

  const buyer = await HubClient.connect(s.base, 1);
  await buyer.hello('Chị Lan');
  await buyer.request({ type: 'chat', text: 'Khăn này có màu đỏ không shop?' }, 'chat');
  const line = page.locator('[data-testid=chat-list] .chat-item', { hasText: 'Khăn này có màu đỏ' });
  await line.waitFor();
  assert.ok(inView(await line.boundingBox()), `the message is on screen: ${JSON.stringify(await line.boundingBox())}`);
  assert.ok(inView(await page.locator('[data-testid=chat-input]').boundingBox()), 'the chat input is on screen');
  assert.equal(await page.evaluate(() => scrollY), 0, 'nothing scrolled');
  await shot('room-chat');
  buyer.close();
});

test('a pinned deal floats over the video; its order button opens the sheet while the video plays on', { timeout: 60000 }, async () => {
  const product = (await org.get('/api/v1/booths/1/products')).body.products[0];
  await shop.request({ type: 'pin', product_id: product.id, deal: { price: 99000, quantity: 20, ends_at: Math.floor(Date.now() / 1000) + 600 } }, 'card');
  const button = page.locator('[data-testid=product-card] [data-testid=order-button]');
  await button.waitFor();
  await page.waitForTimeout(400);  // the card's entrance animation
  await shot('room-deal');
  const box = await button.boundingBox();
  assert.ok(inView(box), `the order button is on screen: ${JSON.stringify(box)}`);
  assert.ok(box.height >= 44 && box.width >= 44, 'a thumb-sized target');
  const t0 = await page.evaluate(() => document.querySelector('#live-video').currentTime);
  await button.click();
  await page.locator('#order-sheet[open]').waitFor();
  await page.waitForTimeout(1200);
  await shot('room-sheet');
  const t1 = await page.evaluate(() => document.querySelector('#live-video').currentTime);
  console.log(`  sheet open; video currentTime ${t0.toFixed(2)} -> ${t1.toFixed(2)} s`);
  assert.ok(t1 > t0 + 0.5, 'the video keeps playing under the sheet');
  await page.keyboard.press('Escape');
  await page.locator('#order-sheet[open]').waitFor({ state: 'detached' });

  await page.fill('[data-testid=chat-input]', 'lấy 2');
  await page.press('[data-testid=chat-input]', 'Enter');
  await page.locator('#order-sheet[open]').waitFor();
  assert.equal(await page.inputValue('[data-testid=order-qty]'), '2');
  await page.keyboard.press('Escape');

  await page.click('[data-testid=products-button]');
  const list = page.locator('#products-panel.open');
  await list.waitFor();
  await page.waitForTimeout(300);
  await shot('room-products');
  assert.ok((await list.boundingBox()).y + (await list.boundingBox()).height <= H + 1, 'the product list is a bottom sheet');
  await page.click('#products-close');
});

test('the share button hands over the booth\'s link (Web Share where the phone has it, else the clipboard)', async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.base });
  const native = await page.evaluate(() => typeof navigator.share === 'function');
  if (native) {
    // Record what the page would share instead of opening the system sheet.
    await page.evaluate(() => { navigator.share = async (d) => { window.__shared = d; }; });
    await page.click('[data-testid=share-button]');
    const shared = await page.evaluate(() => window.__shared);
    assert.equal(shared.url, `${s.base}/booths/1`);
    assert.match(shared.text, /OCOP Live/);
  } else {
    await page.click('[data-testid=share-button]');
    await page.locator('#chat-status', { hasText: 'Đã chép liên kết' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${s.base}/booths/1`);
  }
  console.log(`  share: ${native ? 'Web Share API' : 'copied to the clipboard'}`);
});

test('a swipe up moves to the next live booth; its video was connecting while the finger moved; back returns', { timeout: 60000 }, async () => {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 200, y }] });
  // On the video above the floating card, a slow drag over a third of the screen.
  await touch('touchStart', 300);
  for (let y = 280; y >= 10; y -= 30) { await touch('touchMove', y); await page.waitForTimeout(16); }
  await shot('room-swipe');
  const during = await page.evaluate(() => document.querySelectorAll('.player video').length);
  const t0 = Date.now();
  await touch('touchEnd');
  await playing(page, 2);
  const ms = Date.now() - t0;
  console.log(`  swipe: next booth's video playing ${ms} ms after the finger lifted (${during} videos during the swipe)`);
  assert.equal(during, 2, 'the next booth\'s video was made during the swipe');
  assert.equal(await page.evaluate(() => document.querySelectorAll('.player video').length), 1, 'the old one is gone');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#live-video')).objectFit), 'contain', 'a landscape stream is letterboxed');
  // The room follows the new booth: its deal and its chat, not booth 1's.
  const seller2 = await loggedIn(s.base, 'seller2');
  const shop2 = await HubClient.connect(s.base, 2, { cookie: seller2.cookie });
  await shop2.hello('HTX Chè Tân Cương');
  const tea = (await org.get('/api/v1/booths/2/products')).body.products[0];
  await shop2.request({ type: 'pin', product_id: tea.id, deal: { price: 120000, quantity: 30, ends_at: Math.floor(Date.now() / 1000) + 900 } }, 'card');
  await shop2.request({ type: 'chat', text: 'Chè mới sao sáng nay, mời cả nhà ạ' }, 'chat');
  await page.locator('[data-testid=product-card]', { hasText: tea.name }).waitFor();
  await page.locator('[data-testid=chat-list] .chat-item', { hasText: 'Chè mới sao sáng nay' }).waitFor();
  assert.equal(await page.locator('[data-testid=chat-list] .chat-item', { hasText: 'Khăn này có màu đỏ' }).count(), 0, 'booth 1\'s chat is gone');
  shop2.close();
  await page.waitForTimeout(500);
  await shot('room-landscape');
  assert.match(await page.locator('#booth-name').innerText(), /.+/);
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });

  await page.goBack();
  await playing(page, 1);
  console.log('  back: booth 1 again');
  await page.keyboard.press('ArrowDown');
  await playing(page, 2);
  console.log('  ArrowDown: booth 2');
});
