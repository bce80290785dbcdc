// Refusals in the organizer console (390x844) read in Vietnamese beside the
// field they concern, never as the server's English: a user name already
// taken (the server's verdict, field "username", rule "taken") and a market
// day longer than 7 days (said before the server is asked, as the server
// would: field "ends_at", rule "too_long").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

let s, b, page;

before(async () => {
  s = await startServer();
  b = await launchBrowser();
  page = b.page;
  await loginInPage(page, s.base, 'organizer');
});
after(async () => {
  await b?.close();
  await s?.stop();
});

test('the server names the field and the rule it refused', async () => {
  const org = await loggedIn(s.base, 'organizer');
  const dup = await org.post('/api/v1/users', { username: 'seller1', password: 'mat-khau-dai', role: 'seller' });
  assert.equal(dup.status, 409);
  assert.deepEqual([dup.body.error.field, dup.body.error.rule], ['username', 'taken']);
  const long = await org.post('/api/v1/market-days', { title: 'Phiên dài', starts_at: 1_800_000_000, ends_at: 1_800_000_000 + 8 * 86400 });
  assert.equal(long.status, 400);
  assert.deepEqual([long.body.error.field, long.body.error.rule], ['ends_at', 'too_long']);
});

test('a user name already taken is said beside the field, in Vietnamese', async () => {
  const f = page.locator('#seller-form');
  await f.locator('[name=username]').fill('seller1');
  await f.locator('[name=password]').fill('mat-khau-dai');
  await f.locator('button:not([type=button])').click();
  const msg = page.locator('[data-testid=error-username]');
  await msg.waitFor();
  assert.equal(await msg.innerText(), 'Tên đăng nhập này đã có người dùng. Hãy chọn tên khác.');
  assert.equal(await f.locator('[name=username]').getAttribute('aria-invalid'), 'true');
  // Directly under the user name field.
  const [field, box] = await Promise.all([f.locator('[name=username]').boundingBox(), msg.boundingBox()]);
  assert.ok(box.y > field.y && box.y - (field.y + field.height) < 40, `message ${box.y - field.y - field.height} px under the field`);
  assert.equal(await page.locator('#seller-error').isVisible(), false);
  assert.doesNotMatch(await page.locator('#sellers').innerText(), /is taken|username/);
});

test('a market day over 7 days is said beside its end, before anything is sent', async () => {
  await page.locator('#days details.create summary').click();
  const f = page.locator('#day-form');
  await f.locator('[name=title]').fill('Phiên chợ OCOP mùa xuân');
  await f.locator('[name=starts]').fill('2027-02-01T08:00');
  await f.locator('[name=ends]').fill('2027-02-09T08:00');
  const asked = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/market-days') && r.method() === 'POST') asked.push(r); });
  await f.locator('button:not([type=button])').click();
  const msg = page.locator('[data-testid=error-ends]');
  await msg.waitFor();
  assert.equal(await msg.innerText(), 'Một phiên chợ kéo dài tối đa 7 ngày. Hãy chọn giờ kết thúc sớm hơn.');
  assert.equal(asked.length, 0);
  assert.match(await page.locator('#day-form').innerText(), /tối đa 7 ngày/, 'the limit is written before it is hit');
  // Fixed, it goes through and the message leaves.
  await f.locator('[name=ends]').fill('2027-02-01T20:00');
  await f.locator('button:not([type=button])').click();
  await msg.waitFor({ state: 'detached' });
  await page.locator('#toast').filter({ hasText: 'Đã tạo phiên chợ' }).waitFor();
  assert.deepEqual(b.events.pageErrors, []);
});
