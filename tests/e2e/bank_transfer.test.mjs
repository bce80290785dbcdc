// Bank transfer end to end in two phone-sized Chromium profiles: the seller
// enters the booth's account in the studio; a buyer picks bank transfer on
// the watch page and sees the VietQR code with the amount and note; a
// screenshot of that code, read by zbarimg (zbar-tools), gives back the very
// string the server sent; the seller sees the order with its risk codes,
// filters by them, marks it paid, and cancels a cluster with one confirmation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';
import { waitFor } from '../lib/publishers.mjs';
import { decodeVietQr } from '../lib/vietqr.mjs';

const run = promisify(execFile);
const BOOTH = 3;
let s, org, seller, buyer, shots;

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  [seller, buyer] = await Promise.all([launchBrowser(), launchBrowser()]);
  shots = mkdtempSync(join(tmpdir(), 'ocoplive-qr-'));
  await loginInPage(seller.page, s.base, `seller${BOOTH}`);
  await seller.page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
});
after(async () => {
  await seller?.close();
  await buyer?.close();
  await s?.stop();
  if (shots) rmSync(shots, { recursive: true, force: true });
});

const vnd = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;

test('the seller enters the booth\'s bank account in the studio', async () => {
  const page = seller.page;
  await page.locator('[data-testid=bank-bin] option[value="970422"]').waitFor({ state: 'attached' });
  assert.match(await page.locator('[data-testid=bank-state]').innerText(), /Chưa có tài khoản/);
  await page.selectOption('[data-testid=bank-bin]', '970422');
  await page.fill('[data-testid=bank-account-number]', '0001 2345 67890');
  await page.fill('[data-testid=bank-account-name]', 'HTX Làng nghề Kinh Bắc');
  // A bad number first: the form says why, in place.
  await page.fill('[data-testid=bank-account-number]', '12A45');
  await page.click('[data-testid=bank-save]');
  const why = page.locator('[data-testid=error-account_number]');
  await why.waitFor();
  assert.match(await why.innerText(), /6–19 chữ số/, 'in Vietnamese, under the number');
  assert.equal(await page.locator('#bank-error').isVisible(), false);
  await page.fill('[data-testid=bank-account-number]', '0001 2345 67890');
  await page.click('[data-testid=bank-save]');
  await page.waitForFunction(() => /MBBank/.test(document.querySelector('[data-testid=bank-state]').textContent));
  assert.match(await page.locator("[data-testid=bank-state]").innerText(), /MBBank · 0001234567890 · HTX LANG NGHE KINH BAC/);
  const stored = (await org.get(`/api/v1/booths/${BOOTH}/bank-account`)).body.bank_account;
  assert.deepEqual([stored.bank_bin, stored.account_number, stored.account_name], ['970422', '0001234567890', 'HTX LANG NGHE KINH BAC']);
});

test('a buyer picks bank transfer, sees the QR with amount and note, and the QR scans back to the same string', async () => {
  const page = buyer.page;
  const acks = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => {
    try { const m = JSON.parse(f.payload); if (m.type === 'order_ack') acks.push(m); } catch { /* not JSON */ }
  }));
  await page.goto(`${s.base}/booths/${BOOTH}`);
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  const row = page.locator('.pitem').first();
  await row.locator('button', { hasText: 'Đặt mua' }).click();
  await page.fill('[data-testid=order-name]', 'Phạm Thị Thu');
  await page.fill('[data-testid=order-phone]', '0903 456 789');
  await page.fill('[data-testid=order-address]', '5 Lý Thái Tổ, phường Suối Hoa, Bắc Ninh');
  await page.fill('[data-testid=order-qty]', '2');
  await page.locator('[data-testid=order-payment-transfer]').check();
  assert.equal(await page.locator('#pay-transfer-note').isVisible(), true);
  const subtotal = await page.locator('#order-total').innerText();
  await page.click('[data-testid=order-submit]');
  const box = page.locator('[data-testid=payment-box]');
  await box.waitFor({ state: 'visible' });
  const code = (await page.locator('[data-testid=order-code]').innerText()).trim();
  await waitFor(() => acks.length > 0, { what: 'the order_ack frame' });
  const ack = acks.at(-1);
  assert.equal(ack.code, code);
  assert.equal(ack.payment.method, 'bank_transfer');
  assert.equal(await page.locator('[data-testid=payment-amount]').innerText(), vnd(ack.payment.amount));
  assert.equal(await page.locator('[data-testid=payment-amount]').innerText(), subtotal, 'the amount is the order\'s subtotal');
  assert.equal(await page.locator('[data-testid=payment-note]').innerText(), code);
  assert.ok(!JSON.stringify(acks).includes('risk'), 'the buyer\'s ack carries no risk codes');

  // The image as a banking app's camera would see it.
  const qr = page.locator('[data-testid=payment-qr]');
  await page.waitForFunction(() => document.querySelector('[data-testid=payment-qr]').naturalWidth > 0);
  const file = join(shots, 'qr.png');
  await qr.screenshot({ path: file });
  const { stdout } = await run('zbarimg', ['--raw', '-q', file]);
  const scanned = stdout.replace(/\n$/, '');
  console.log(`  zbarimg read ${scanned.length} characters: ${scanned}`);
  assert.equal(scanned, ack.payment.vietqr, 'the QR decodes to the string the server sent');
  const fields = decodeVietQr(scanned);
  assert.equal(fields.crc, fields.crcExpected);
  assert.equal(fields.bin, '970422');
  assert.equal(fields.account, '0001234567890');
  assert.equal(fields.purpose, code);
  assert.equal(fields.amount, String(ack.payment.amount));
});

test('the seller sees the order with its risk codes, filters by them and marks it paid', async () => {
  const page = seller.page;
  const order = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.payment_method === 'bank_transfer');
  assert.ok(order.risk.includes('new_phone'));
  const item = page.locator(`.order[data-order-id="${order.id}"]`);
  await item.waitFor();
  assert.match(await item.locator('[data-testid=order-risk]').innerText(), /Số mới/);
  assert.match(await item.innerText(), /Chuyển khoản · Chưa nhận tiền/);

  await page.selectOption('[data-testid=risk-filter]', 'phone_refused_before');
  await item.waitFor({ state: 'detached' });
  await page.selectOption('[data-testid=risk-filter]', 'new_phone');
  await item.waitFor();
  await page.selectOption('[data-testid=risk-filter]', '');

  await item.locator('[data-testid=mark-paid]').click();
  await page.waitForFunction((id) => /Đã nhận tiền \d\d:\d\d/.test(document.querySelector(`.order[data-order-id="${id}"]`).textContent), order.id);
  const paid = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.id === order.id);
  assert.ok(Number.isInteger(paid.paid_at));
  assert.equal(await page.locator(`.order[data-order-id="${order.id}"] [data-testid=mark-paid]`).count(), 0);
});

test('the seller cancels a cluster from one network with one confirmation', async () => {
  const page = seller.page;
  const product = (await org.get(`/api/v1/booths/${BOOTH}`)).body.products.find((p) => p.stock >= 5);
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const c = await HubClient.connect(s.base, BOOTH, { localAddress: '127.0.40.1' });
    const msg = { type: 'order', client_order_id: `bot-${i}`, product_id: product.id, qty: 1, name: 'Bot', phone: `090800000${i}`, address: '1 Đường Số 1, Bắc Ninh' };
    const ack = await c.request(msg, (m) => m.type === 'order_ack' || m.type === 'order_rejected');
    assert.equal(ack.type, 'order_ack');
    ids.push(ack.order_id);
    c.close();
  }
  const third = page.locator(`.order[data-order-id="${ids[2]}"]`);
  await third.waitFor();
  assert.match(await third.locator('[data-testid=order-risk]').innerText(), /Nhiều đơn cùng mạng/);
  await third.locator('[data-testid=cancel-cluster-address]').click();
  const yes = page.locator('[data-testid=cluster-yes]');
  assert.match(await yes.innerText(), /Hủy 3 đơn/);
  await yes.click();
  await waitFor(async () => {
    const orders = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.filter((o) => ids.includes(o.id));
    return orders.every((o) => o.status === 'cancelled');
  }, { what: 'the 3 orders cancelled' });
  await page.waitForFunction((list) => list.every((id) => !document.querySelector(`.order[data-order-id="${id}"]`)), ids);
  assert.deepEqual(seller.events.pageErrors, []);
  assert.deepEqual(buyer.events.pageErrors, []);
});
