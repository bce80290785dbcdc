// The organizer console in a phone-sized Chromium: the live board (per booth
// and province, refreshed by itself), seller accounts, booths with their
// seller, market days, and moderation of any booth's chat.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { waitFor } from '../lib/publishers.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

let s, org, b, page;
const clients = [];

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  b = await launchBrowser();
  page = b.page;
  await loginInPage(page, s.base, 'organizer');
  assert.equal(new URL(page.url()).pathname, '/organizer', 'an organizer lands in the console');
});
after(async () => {
  for (const c of clients) c.close();
  await b?.close();
  await s?.stop();
});

test('the live board lists every booth and follows new orders by itself', async () => {
  await page.locator('#board-booths li').nth(7).waitFor();
  assert.equal(await page.locator('#board-booths li').count(), 8);
  assert.equal(await page.locator('#board-provinces li').count(), 8);
  assert.equal(await page.locator('#t-orders').innerText(), '0');

  const booth = (await org.get('/api/v1/booths/3')).body;
  const product = booth.products[0];
  const c = await HubClient.connect(s.base, 3);
  clients.push(c);
  await c.hello('Khách mua');
  const ack = await c.request({ type: 'order', client_order_id: 'board-1', product_id: product.id, qty: 2, name: 'Đỗ Văn Nam',
    phone: '0912000111', address: '15 Hàng Bạc, phường Hoàn Kiếm, Hà Nội' }, (m) => m.type === 'order_ack' || m.type === 'order_rejected');
  assert.equal(ack.type, 'order_ack');
  const revenue = `${String(product.price * 2).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
  await page.waitForFunction((r) => document.querySelector('#t-orders').textContent === '1' && document.querySelector('#t-revenue').textContent === r,
    revenue, { timeout: 15000 });
  const row = page.locator('#board-booths li').first();
  assert.match(await row.innerText(), new RegExp(booth.name));
  assert.match(await page.locator('#board-provinces li').first().innerText(), new RegExp(booth.province));
  assert.match(await page.locator('#board-groups').innerText(), new RegExp(revenue.replace('.', '\\.')));
});

test('create a seller account, then a booth assigned to it', async () => {
  await page.fill('#seller-form [name=username]', 'htx.sen.hue');
  await page.fill('#seller-form [name=password]', 'sen-hue-2025');
  await page.click('#seller-form button');
  await page.locator('#seller-list', { hasText: 'htx.sen.hue' }).waitFor();
  const seller = (await org.get('/api/v1/users?role=seller')).body.users.find((u) => u.username === 'htx.sen.hue');
  assert.ok(seller, 'the account exists');

  await page.click('#booths summary');
  await page.fill('#booth-form [name=name]', 'HTX Sen Huế');
  await page.selectOption('#booth-form [name=province]', 'Huế');
  await page.selectOption('#booth-form [name=seller_id]', String(seller.id));
  await page.click('#booth-form button');
  await page.locator('#booth-admin li', { hasText: 'HTX Sen Huế' }).waitFor();
  const created = (await org.get('/api/v1/booths')).body.booths.find((x) => x.name === 'HTX Sen Huế');
  assert.equal(created.province, 'Huế');
  assert.equal(created.seller.id, seller.id);

  // The new seller logs in and lands in that booth's studio.
  const sb = await launchBrowser();
  try {
    await loginInPage(sb.page, s.base, 'htx.sen.hue', 'sen-hue-2025');
    await sb.page.locator('#booth-title', { hasText: 'HTX Sen Huế' }).waitFor();
  } finally {
    await sb.close();
  }
});

test('create a market day in Vietnam time', async () => {
  await page.click('#days summary');
  await page.fill('#day-form [name=title]', 'Chợ phiên OCOP Tết 2027');
  await page.fill('#day-form [name=starts]', '2027-01-20T19:00');
  await page.fill('#day-form [name=ends]', '2027-01-20T22:00');
  await page.click('#day-form button');
  await page.locator('#day-list li', { hasText: 'Chợ phiên OCOP Tết 2027' }).waitFor();
  const day = (await org.get('/api/v1/market-days')).body.market_days.find((d) => d.title === 'Chợ phiên OCOP Tết 2027');
  assert.equal(day.starts_at, Date.UTC(2027, 0, 20, 12, 0) / 1000, '19:00 in Vietnam is 12:00 UTC');
  assert.equal(day.ends_at - day.starts_at, 3 * 3600);
});

test('an organizer joins a booth\'s chat and removes a message', async () => {
  const v = await HubClient.connect(s.base, 4);
  clients.push(v);
  await v.hello('Người lạ');
  // Creating a market day switched the console to it: back to the demo day.
  await page.selectOption('#day-select', '1');
  await page.locator('#mod-booth option[value="4"]').waitFor({ state: 'attached' });
  await page.click('#moderation details summary');
  await page.selectOption('#mod-booth', '4');
  await page.click('#mod-join');
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  v.send({ type: 'chat', text: 'Bán hàng giả đấy mọi người ơi' });
  const item = page.locator('#mod-room [data-testid=chat-list] .chat-item', { hasText: 'Bán hàng giả' });
  await item.waitFor();
  const from = v.messages.length;
  await item.locator('.tool').first().click();
  await v.next('message_deleted', { from });
  await page.fill('#mod-room [data-testid=chat-input]', 'Ban tổ chức nhắc: trao đổi lịch sự nhé');
  await page.press('#mod-room [data-testid=chat-input]', 'Enter');
  const said = await v.next((m) => m.type === 'chat' && m.text.startsWith('Ban tổ chức nhắc'));
  assert.equal(said.from.role, 'organizer');
});

test('a seller is not let into the console', async () => {
  const sb = await launchBrowser();
  try {
    await loginInPage(sb.page, s.base, 'seller5');
    await sb.page.goto(`${s.base}/organizer`);
    await sb.page.locator('#gate:not([hidden])').waitFor();
    assert.equal(await sb.page.locator('#console').isVisible(), false);
  } finally {
    await sb.close();
  }
});

test('after login, "next" goes only to a path of this site', async () => {
  const sb = await launchBrowser();
  try {
    const { page } = sb;
    for (const next of ['/%09/evil.example/', '//evil.example/', '/\\evil.example', 'https://evil.example/',
      '/%0a/evil.example', 'javascript:alert(1)']) {
      await page.goto(`${s.base}/login?next=${next}`);
      await page.fill('[data-testid=login-username]', 'seller5');
      await page.fill('[data-testid=login-password]', 'seller5');
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 }),
        page.click('[data-testid=login-submit]'),
      ]);
      const u = new URL(page.url());
      assert.equal(u.origin, new URL(s.base).origin, `next=${next} left the site for ${page.url()}`);
      assert.equal(u.pathname, '/studio', `next=${next}`);
      // Signed out without the studio's own reaction to a logout (it sends
      // the page back to /login, racing the next goto).
      await page.goto('about:blank');
      await page.context().clearCookies();
    }
    await page.goto(`${s.base}/login?next=/booths/3`);
    await page.fill('[data-testid=login-username]', 'seller5');
    await page.fill('[data-testid=login-password]', 'seller5');
    await Promise.all([page.waitForURL((u) => u.pathname === '/booths/3', { timeout: 15000 }), page.click('[data-testid=login-submit]')]);
  } finally {
    await sb.close();
  }
});

test('"Sao chép" fills a new market day with the last one\'s booths, keys kept', async () => {
  const oldKey = (await org.get('/api/v1/booths/4/stream-key')).body.stream_key;
  const now = Math.floor(Date.now() / 1000);
  const created = (await org.post('/api/v1/market-days', { title: 'Phiên chợ Tết', starts_at: now + 40 * 86400, ends_at: now + 40 * 86400 + 4 * 3600 })).body;
  await page.reload();
  await page.locator('#day-select').selectOption(String(created.id));
  await page.locator('#booth-admin').filter({ hasText: /chưa có gian hàng/ }).waitFor();
  const from = (await org.get('/api/v1/booths/4')).body.market_day_id;
  const n = (await org.get(`/api/v1/booths?market_day=${from}`)).body.booths.length;
  await page.locator('[data-testid=copy-from]').selectOption(String(from));
  await page.click('[data-testid=copy-booths]');
  await page.locator('#toast').filter({ hasText: `Đã sao chép ${n} gian hàng` }).waitFor();
  await page.locator('#booth-admin li.booth-row').nth(n - 1).waitFor();
  const mine = (await org.get(`/api/v1/booths?market_day=${created.id}`)).body.booths.find((b) => b.seller && b.seller.username === 'seller4');
  assert.equal((await org.get(`/api/v1/booths/${mine.id}/stream-key`)).body.stream_key, oldKey);
});

test('"Dừng phát gian này" needs a reason, locks the booth, and "Mở lại" undoes it; chat tools are 44 px and apart', async () => {
  await page.reload();
  const row = page.locator('#booth-admin li.booth-row[data-booth-id="5"]');
  await row.waitFor();
  await row.locator('[data-testid=booth-stop]').click();
  await row.locator('[data-testid=booth-stop-yes]').click();
  await page.locator('#toast').filter({ hasText: 'lý do' }).waitFor();
  assert.equal((await org.get('/api/v1/booths/5')).body.stopped, false, 'nothing without a reason');
  await row.locator('.stop-box input').fill('Quảng cáo sai sự thật');
  await row.locator('[data-testid=booth-stop-yes]').click();
  await page.locator('#booth-admin li.booth-row[data-booth-id="5"] [data-testid=booth-reopen]').waitFor();
  const booth = (await org.get('/api/v1/booths/5')).body;
  assert.equal(booth.stopped, true);
  assert.equal(booth.stopped_reason, 'Quảng cáo sai sự thật');
  await page.locator('#booth-admin li.booth-row[data-booth-id="5"] [data-testid=booth-reopen]').click();
  await page.locator('#booth-admin li.booth-row[data-booth-id="5"] [data-testid=booth-stop]').waitFor();
  assert.equal((await org.get('/api/v1/booths/5')).body.stopped, false);

  // The moderation tools on a chat line (joined in an earlier test).
  const { HubClient } = await import('../lib/hub.mjs');
  const viewer = await HubClient.connect(s.base, 1);
  clients.push(viewer);
  await viewer.hello('Khách hỏi');
  viewer.send({ type: 'chat', text: 'Shop ơi còn hàng không?' });
  await page.click('#moderation details summary');
  await page.locator('#mod-booth').selectOption('1');
  await page.click('#mod-join');
  const line = page.locator('[data-testid=chat-list] li', { hasText: 'còn hàng không' });
  await line.waitFor();
  const boxes = await line.locator('.tool').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, w: r.width, h: r.height })));
  assert.equal(boxes.length, 2, 'delete and mute');
  for (const b of boxes) assert.ok(b.w >= 44 && b.h >= 44, `${b.w}x${b.h}`);
  assert.ok(boxes[1].x - (boxes[0].x + boxes[0].w) >= 8, 'apart');
});
