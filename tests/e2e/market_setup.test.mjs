// An organizer sets up a market day in the console on a phone, in order:
// the steps panel says what is next; the booth form makes the seller's
// account; the login card (text to copy, QR of the studio link) gets the
// seller in; "Gửi thông tin đăng nhập" makes a new password; a booth is
// deleted; and one feed moderates every booth's chat, with the muted list
// and "Bỏ khóa".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

let s, org, b, page, day;
const clients = [];
const tmp = mkdtempSync(join(tmpdir(), 'ocoplive-setup-e2e-'));

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer');
  const now = Math.floor(Date.now() / 1000);
  // The console opens on the market day running now (the demo's); a later
  // empty one is chosen from the picker.
  day = (await org.post('/api/v1/market-days', { title: 'Phiên chợ Huế', starts_at: now + 20 * 86400, ends_at: now + 20 * 86400 + 3 * 3600 })).body;
  b = await launchBrowser();
  page = b.page;
  await loginInPage(page, s.base, 'organizer');
});
after(async () => {
  for (const c of clients) c.close();
  await b?.close();
  await s?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const step = (name) => page.locator(`[data-testid=step-${name}]`);

test('the steps lead from an empty market day to a booth with its seller, whose login card gets them in', async () => {
  await page.locator('#day-select').selectOption(String(day.id));
  await page.locator('[data-testid=step-day][data-done=true]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#setup-box').evaluate((e) => e.open), true, 'steps left: open');
  assert.equal(await step('booths').getAttribute('data-done'), 'false');
  assert.equal(await step('sellers').getAttribute('data-done'), 'false');
  // With no booths the form is open, ready to make the seller's account too.
  await page.locator('#booth-form [data-testid=booth-name]').waitFor();
  assert.equal(await page.locator('#booth-form [name=seller_id]').inputValue(), 'new');
  assert.equal(await page.locator('#new-seller').isVisible(), true);

  // A taken user name is said beside the field, in Vietnamese.
  await page.fill('[data-testid=booth-name]', 'HTX Sen Huế');
  await page.selectOption('#booth-form [name=province]', 'Huế');
  await page.fill('[data-testid=seller-display-name]', 'Chị Nguyễn Thị Lan');
  await page.fill('[data-testid=seller-phone]', '0912 345 678');
  await page.fill('[data-testid=new-seller-username]', 'seller1');
  await page.click('#booth-form button.primary');
  const err = page.locator('#booth-form [data-testid=error-seller_username]');
  await err.waitFor();
  assert.match(await err.innerText(), /đã có người dùng/);

  await page.fill('[data-testid=new-seller-username]', 'sen.hue');
  await page.click('#booth-form button.primary');
  const card = page.locator('[data-testid=login-card]');
  await card.waitFor();
  const username = await card.locator('[data-testid=login-card-username]').innerText();
  const password = await card.locator('[data-testid=login-card-password]').innerText();
  assert.equal(username, 'sen.hue');
  assert.match(password, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  const text = await page.locator('[data-testid=login-card-text]').inputValue();
  const booth = (await org.get(`/api/v1/booths?market_day=${day.id}`)).body.booths.find((x) => x.name === 'HTX Sen Huế');
  assert.ok(booth, 'the booth exists');
  assert.equal(booth.seller.username, 'sen.hue');
  for (const part of [password, 'sen.hue', `/studio?booth=${booth.id}`]) assert.ok(text.includes(part), `the text to copy has ${part}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=login-card-qr]').naturalWidth > 0);
  const png = join(tmp, 'card-qr.png');
  await card.locator('[data-testid=login-card-qr]').screenshot({ path: png });
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.log(`  login card QR decodes to ${decoded}`);
  assert.equal(decoded, `${s.base}/studio?booth=${booth.id}`);
  if (process.env.OCOPLIVE_SHOTS) await page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'organizer-login-card.jpg'), type: 'jpeg', quality: 72 });
  await page.locator('[data-testid=step-sellers][data-done=true]').waitFor({ state: 'attached' });
  assert.equal(await step('booths').getAttribute('data-done'), 'true');
  assert.equal(await page.locator('#setup-box').evaluate((e) => e.open), false, 'all done: the steps fold to one line');

  // The seller signs in with the card and lands in the booth's studio.
  const sb = await launchBrowser();
  try {
    await loginInPage(sb.page, s.base, username, password);
    await sb.page.locator('#booth-title', { hasText: 'HTX Sen Huế' }).waitFor();
  } finally {
    await sb.close();
  }
});

test('"Gửi thông tin đăng nhập" makes a new password; the old one stops working', async () => {
  const row = page.locator('#booth-admin li.booth-row', { hasText: 'HTX Sen Huế' });
  const old = await page.locator('[data-testid=login-card-password]').innerText();
  await row.locator('[data-testid=send-login]').click();
  await row.locator('[data-testid=confirm-yes]').click();
  await page.waitForFunction((o) => {
    const el = document.querySelector('[data-testid=login-card-password]');
    return el && el.textContent && el.textContent !== o;
  }, old, { timeout: 15000 });
  const fresh = await page.locator('[data-testid=login-card-password]').innerText();
  assert.equal((await new Api(s.base).post('/api/v1/login', { username: 'sen.hue', password: old })).status, 401);
  await loggedIn(s.base, 'sen.hue', fresh);
});

test('the seller changes the password in the studio; the organizer disables the account', async () => {
  const current = await page.locator('[data-testid=login-card-password]').innerText();
  const sb = await launchBrowser();
  try {
    await loginInPage(sb.page, s.base, 'sen.hue', current);
    await sb.page.locator('#booth-title', { hasText: 'HTX Sen Huế' }).waitFor();
    await sb.page.click('#account summary');
    await sb.page.fill('[data-testid=current-password]', 'sai mật khẩu');
    await sb.page.fill('[data-testid=new-password]', 'sen-hue-2027');
    await sb.page.click('[data-testid=password-save]');
    const err = sb.page.locator('#password-form [data-testid=error-current_password]');
    await err.waitFor();
    assert.match(await err.innerText(), /không đúng/);
    await sb.page.fill('[data-testid=current-password]', current);
    await sb.page.click('[data-testid=password-save]');
    await sb.page.locator('#toast').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();
    assert.equal((await sb.page.context().request.get(`${s.base}/api/v1/me`)).status(), 200, 'the studio stays signed in');
  } finally {
    await sb.close();
  }
  await loggedIn(s.base, 'sen.hue', 'sen-hue-2027');

  await page.reload();
  const row = page.locator('[data-testid=seller-row]', { hasText: 'sen.hue' });
  await row.waitFor();
  await row.locator('[data-testid=seller-disable]').click();
  await page.locator('[data-testid=seller-row].off', { hasText: 'sen.hue' }).waitFor();
  const refused = await new Api(s.base).post('/api/v1/login', { username: 'sen.hue', password: 'sen-hue-2027' });
  assert.equal(refused.status, 403);
  const lb = await launchBrowser();
  try {
    await lb.page.goto(`${s.base}/login`);
    await lb.page.fill('[data-testid=login-username]', 'sen.hue');
    await lb.page.fill('[data-testid=login-password]', 'sen-hue-2027');
    await lb.page.click('[data-testid=login-submit]');
    await lb.page.locator('#login-error', { hasText: 'đã bị ban tổ chức khóa' }).waitFor();
  } finally {
    await lb.close();
  }
  await page.locator('[data-testid=seller-row].off', { hasText: 'sen.hue' }).locator('[data-testid=seller-disable]').click();
  await page.locator('[data-testid=seller-row]:not(.off)', { hasText: 'sen.hue' }).waitFor();
  await loggedIn(s.base, 'sen.hue', 'sen-hue-2027');
});

test('a booth is deleted from its row', async () => {
  await org.post('/api/v1/booths', { market_day_id: day.id, name: 'Gian tạo nhầm', province: 'Huế' });
  await page.reload();
  await page.locator('#day-select').selectOption(String(day.id));
  const row = page.locator('#booth-admin li.booth-row', { hasText: 'Gian tạo nhầm' });
  await row.waitFor();
  await row.locator('[data-testid=booth-edit]').click();
  await row.locator('[data-testid=booth-delete]').click();
  await row.locator('[data-testid=confirm-yes]').click();
  await row.waitFor({ state: 'detached' });
  assert.ok(!(await org.get(`/api/v1/booths?market_day=${day.id}`)).body.booths.some((x) => x.name === 'Gian tạo nhầm'));
  assert.deepEqual(b.events.dialogs, [], 'asked in the page, never with a browser dialog');
});

test('one feed moderates every booth: delete, mute, the muted list and "Bỏ khóa"', async () => {
  await page.locator('#day-select').selectOption('1');
  await page.locator('#feed-filter option[value="3"]').waitFor({ state: 'attached' });
  const an = await HubClient.connect(s.base, 2);
  const binh = await HubClient.connect(s.base, 3);
  clients.push(an, binh);
  const anW = await an.hello('Anh Tuấn');
  await binh.hello('Bình');
  const t0 = Date.now();
  an.send({ type: 'chat', text: 'Mua 2 hộp mật ong nhé' });
  binh.send({ type: 'chat', text: 'Vào nhóm Zalo này nhận quà' });
  const feed = page.locator('[data-testid=market-feed]');
  const lineA = feed.locator('li', { hasText: 'Mua 2 hộp mật ong' });
  const lineB = feed.locator('li', { hasText: 'Vào nhóm Zalo' });
  await lineA.waitFor();
  await lineB.waitFor();
  console.log(`  both booths' lines in the organizer's feed ${Date.now() - t0} ms after they were sent`);
  const booth2 = (await org.get('/api/v1/booths/2')).body.name;
  assert.equal(await lineA.locator('[data-testid=chat-booth]').innerText(), booth2);

  const from = binh.messages.length;
  await lineB.locator('.tool').first().click();
  await binh.next('message_deleted', { from });
  await lineB.waitFor({ state: 'detached' });

  await page.locator('#feed-mute').selectOption('15');
  await lineA.locator('.tool').nth(1).click();
  const muted = page.locator('[data-testid=muted-item]', { hasText: 'Anh Tuấn' });
  await muted.waitFor();
  assert.match(await muted.innerText(), new RegExp(booth2));
  assert.equal((await an.request({ type: 'chat', text: 'alo alo' }, 'error')).code, 'muted');
  const box = await muted.locator('[data-testid=unmute]').boundingBox();
  assert.ok(box.height >= 44, `"Bỏ khóa" is ${box.height} px tall`);
  await muted.locator('[data-testid=unmute]').click();
  await muted.waitFor({ state: 'detached' });
  await an.request({ type: 'chat', text: 'Cảm ơn ban tổ chức' }, (m) => m.type === 'chat' && m.text === 'Cảm ơn ban tổ chức');
  assert.equal(anW.role, 'viewer');

  // The booth filter shows one booth's lines.
  await page.locator('[data-testid=feed-filter]').selectOption('3');
  await feed.locator('li', { hasText: 'Cảm ơn ban tổ chức' }).waitFor({ state: 'detached' });
  await page.locator('[data-testid=feed-filter]').selectOption('');
  await feed.locator('li', { hasText: 'Cảm ơn ban tổ chức' }).waitFor();
  if (process.env.OCOPLIVE_SHOTS) {
    await page.locator('#moderation').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'organizer-feed.jpg'), type: 'jpeg', quality: 72 });
  }
});
