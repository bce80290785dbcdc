// The seller studio in a phone-sized Chromium: stream key with QR and a
// confirmed rotation, ingest health from a real ffmpeg publisher (with the
// B-frames warning) and what a watching buyer's player reports, products created and restocked through the forms, and
// chat moderation (delete, mute, slow mode) seen by a websocket viewer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser, loginInPage, showProducts } from '../lib/browser.mjs';

const BOOTH = 2;
let s, org, b, page;
const closers = [];

before(async () => {
  s = await startServer({ config: { hub: { chat_per_second: 5, chat_burst: 10 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  b = await launchBrowser();
  page = b.page;
  await loginInPage(page, s.base, 'seller2');
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
});
after(async () => {
  for (const c of closers) await c();
  await b?.close();
  await s?.stop();
});

test('the studio shows the RTMP URL, the key and its QR code; rotating asks first', async () => {
  const rest = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body;
  await page.waitForFunction((k) => document.querySelector('#stream-key').value === k, rest.stream_key);
  assert.equal(await page.inputValue('#rtmp-url'), rest.rtmp_url);
  assert.equal(await page.inputValue('#publish-url'), rest.publish_url);
  assert.equal(await page.getAttribute('#stream-key', 'type'), 'password', 'the key is masked until asked');
  assert.equal(await page.getAttribute('#publish-url', 'type'), 'password', 'so is the URL that holds it');
  assert.equal(await page.locator('[data-testid=larix-qr]').isVisible(), false, 'and the QR');
  await page.click('[data-testid=show-key]');
  await page.waitForFunction(() => document.querySelector('#qr').naturalWidth > 0);
  assert.equal(await page.getAttribute('#stream-key', 'type'), 'text');
  await page.click('[data-testid=show-key]');
  assert.equal(await page.locator('[data-testid=larix-qr]').isVisible(), false, 'hidden again');
  await page.click('#rotate-key');
  assert.equal(await page.locator('#rotate-confirm').isVisible(), true, 'a confirmation comes first');
  await page.click('#rotate-no');
  assert.equal((await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key, rest.stream_key, 'cancel keeps the key');
  await page.click('#rotate-key');
  await page.click('#rotate-yes');
  const fresh = await waitFor(async () => {
    const k = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
    return k !== rest.stream_key ? k : null;
  }, { what: 'a new key' });
  await page.waitForFunction((k) => document.querySelector('#stream-key').value === k, fresh.value);
});

test('ingest health follows a live publisher and warns about B-frames', async () => {
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { bframes: 2 });
  closers.push(() => pub.stop());
  await page.locator('#health-grid:not([hidden])').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('#h-res').textContent === '1280×720', null, { timeout: 15000 });
  assert.match(await page.locator('#h-bitrate').innerText(), /\d kbps/);
  await page.locator('#h-warn:not([hidden])').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#h-warn').innerText(), /B-frames/);
  assert.match(await page.locator('#state-badge').innerText(), /LIVE/i);

  // A buyer watching: its player's receiver reports reach the studio.
  assert.equal(await page.locator('#h-loss').innerText(), '–', 'no viewer yet');
  const viewer = await b.newPage();
  await viewer.goto(`${s.base}/booths/${BOOTH}`);
  const t0 = Date.now();
  await page.waitForFunction(() => /^\d+(\.\d)? %$/.test(document.querySelector('#h-loss').textContent)
    && /^\d+ ms$/.test(document.querySelector('#h-rtt').textContent), null, { timeout: 15000 });
  const rest = (await org.get(`/api/v1/booths/${BOOTH}`)).body.delivery;
  console.log(`  viewer figures in the studio after ${Date.now() - t0} ms: loss ${await page.locator('#h-loss').innerText()}, ` +
    `RTT ${await page.locator('#h-rtt').innerText()}; REST ${JSON.stringify(rest)}`);
  assert.equal(rest.viewers, 1);
  assert.ok(rest.loss_pct >= 0 && rest.loss_pct < 5, `loss ${rest.loss_pct} % on loopback`);
  assert.ok(rest.rtt_ms >= 0 && rest.rtt_ms < 1000, `RTT ${rest.rtt_ms} ms on loopback`);
  await viewer.close();
  await pub.stop();
});

test('a product created and restocked in the studio is on the watch page', async () => {
  await page.click('#add-product');
  const f = page.locator('#product-form');
  await f.locator('[name=name]').fill('Trà xanh Tân Cương túi lọc');
  await f.locator('[name=producer]').fill('HTX Chè Tân Cương Xanh');
  await f.locator('[name=province]').selectOption('Thái Nguyên');
  await f.locator('[name=group]').selectOption('beverage');
  await f.locator('[name=stars]').selectOption('4');
  await f.locator('[name=certificate_date]').fill('2024-06-01');
  await f.locator('[name=price]').fill('85000');
  await f.locator('[name=unit]').fill('hộp 25 túi');
  await f.locator('[name=stock]').fill('40');
  await f.locator('[name=story]').fill('Chè <b>búp</b> hái sáng sớm, sao bằng chảo gang.');
  await f.locator('#product-save').click();
  await page.locator('#product-dialog').waitFor({ state: 'hidden' });
  const item = page.locator('.sp-item', { hasText: 'Trà xanh Tân Cương túi lọc' });
  await item.waitFor();
  const created = (await org.get(`/api/v1/booths/${BOOTH}/products`)).body.products.find((p) => p.name === 'Trà xanh Tân Cương túi lọc');
  assert.ok(created, 'stored');
  assert.equal(created.price, 85000);
  assert.equal(created.stars, 4);
  assert.equal(created.unit, 'hộp 25 túi');

  await item.locator('.stock-in').fill('55');
  await item.locator('button', { hasText: 'Lưu' }).click();
  await waitFor(async () => (await org.get(`/api/v1/products/${created.id}`)).body.stock === 55, { what: 'stock saved' });

  const viewer = await b.newPage();
  await viewer.goto(`${s.base}/booths/${BOOTH}`);
  await viewer.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  await showProducts(viewer);
  const row = viewer.locator('.pitem', { hasText: 'Trà xanh Tân Cương túi lọc' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /85\.000 ₫/);
  assert.match(text, /Còn 55 sản phẩm/);
  await row.locator('summary').click();
  assert.match(await row.locator('.story p').innerText(), /<b>búp<\/b>/, 'the story is text, tags and all');
  await viewer.close();
});

test('moderation: delete a message, mute a viewer, slow mode', async () => {
  const v1 = await HubClient.connect(s.base, BOOTH);
  const v2 = await HubClient.connect(s.base, BOOTH);
  closers.push(async () => { v1.close(); v2.close(); });
  await v1.hello('Khách Bình');
  await v2.hello('Khách An');
  v1.send({ type: 'chat', text: 'Tin nhắn cần xóa' });
  const item = page.locator('[data-testid=chat-list] .chat-item', { hasText: 'Tin nhắn cần xóa' });
  await item.waitFor();
  const from = v1.messages.length;
  await item.locator('.tool').first().click();
  await v1.next('message_deleted', { from });
  await item.waitFor({ state: 'detached' });

  v1.send({ type: 'chat', text: 'Tôi nói tiếp đây' });
  const again = page.locator('[data-testid=chat-list] .chat-item', { hasText: 'Tôi nói tiếp đây' });
  await again.waitFor();
  await again.locator('.tool').nth(1).click();  // mute
  const muted = await v1.request({ type: 'chat', text: 'Còn nói được không?' }, (m) => m.type === 'error' || (m.type === 'chat' && m.text === 'Còn nói được không?'));
  assert.equal(muted.type, 'error');
  assert.equal(muted.code, 'muted');
  // The muted list, and "Bỏ khóa".
  const listed = page.locator('[data-testid=muted-list] [data-testid=muted-item]', { hasText: 'Khách Bình' });
  await listed.waitFor();
  await listed.locator('[data-testid=unmute]').click();
  await listed.waitFor({ state: 'detached' });
  await v1.request({ type: 'chat', text: 'Cảm ơn shop' }, (m) => m.type === 'chat' && m.text === 'Cảm ơn shop');

  await page.selectOption('#slow-mode', '30');
  await page.waitForTimeout(300);
  v2.send({ type: 'chat', text: 'Tin thứ nhất' });
  await v2.next((m) => m.type === 'chat' && m.text === 'Tin thứ nhất');
  const slow = await v2.request({ type: 'chat', text: 'Tin thứ hai' }, (m) => m.type === 'error' || (m.type === 'chat' && m.text === 'Tin thứ hai'));
  assert.equal(slow.type, 'error');
  assert.equal(slow.code, 'slow_mode');
  await page.selectOption('#slow-mode', '0');
});
