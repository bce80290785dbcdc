// Bank transfers with VietQR and the CSV exports, against the real binary:
// the booth's account is validated, a transfer order's vietqr string is read
// field by field by a decoder of the test's own (tests/lib/vietqr.mjs) and
// its CRC checked, the seller marks it paid, and both CSV files parse with
// Python's csv module with the Vietnamese intact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { decodeVietQr } from '../lib/vietqr.mjs';
import { parseCsvWithPython } from '../lib/csv.mjs';

const BOOTH = 2;
const ACCOUNT = { bank_bin: '970436', account_number: '0011 0012 34567', account_name: 'Hợp tác xã Chè Tân Cương Xanh' };
let s, org, seller, shop;
before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  seller = await loggedIn(s.base, `seller${BOOTH}`);
  shop = await HubClient.connect(s.base, BOOTH, { cookie: seller.cookie });
  await shop.hello('Shop');
});
after(async () => { shop?.close(); await s.stop(); });

let seq = 0;
const order = (productId, extra = {}) => ({
  type: 'order', client_order_id: `pay-${++seq}`, product_id: productId, qty: 2,
  name: 'Nguyễn Thị Hoa', phone: '0912345678', address: 'Số 12 ngõ 34 Trần Phú, phường Hà Đông, Hà Nội', ...extra,
});
const answered = (msg) => (m) => (m.type === 'order_ack' || m.type === 'order_rejected') && m.client_order_id === msg.client_order_id;

async function buy(boothId, msg, localAddress) {
  const c = await HubClient.connect(s.base, boothId, { localAddress });
  try { return await c.request(msg, answered(msg)); } finally { c.close(); }
}
const product = async (boothId) => (await new Api(s.base).get(`/api/v1/booths/${boothId}/products`)).body.products.find((p) => p.stock >= 10);

describe('the booth\'s bank account', () => {
  test('is validated against the NAPAS list and written only by its seller or organizers', async () => {
    const banks = (await new Api(s.base).get('/api/v1/banks')).body.banks;
    assert.ok(banks.length >= 50);
    assert.deepEqual(banks.find((b) => b.bin === '970436'), { bin: '970436', code: 'VCB', short_name: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại Thương Việt Nam' });

    const path = `/api/v1/booths/${BOOTH}/bank-account`;
    assert.equal((await new Api(s.base).put(path, ACCOUNT)).status, 401);
    assert.equal((await (await loggedIn(s.base, 'seller3')).put(path, ACCOUNT)).status, 403);
    for (const [body, message] of [
      [{ ...ACCOUNT, bank_bin: '999999' }, /^bank_bin: not a bank of the NAPAS list/],
      [{ ...ACCOUNT, account_number: '0011-00A2' }, /^account_number: digits only$/],
      [{ ...ACCOUNT, account_number: '12345' }, /^account_number: must be 6 to 19 digits$/],
      [{ ...ACCOUNT, account_name: '<b>' }, /^account_name: /],
      [{ bank_bin: '970436', account_number: '0011001234567' }, /^account_name: is required$/],
      [{ ...ACCOUNT, iban: 'x' }, /^iban: unknown field$/],
    ]) {
      const r = await seller.put(path, body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error.code, 'invalid');
      assert.match(r.body.error.message, message);
    }
    assert.equal((await new Api(s.base).get(`/api/v1/booths/${BOOTH}`)).body.bank_transfer, false);
    const ok = await seller.put(path, ACCOUNT);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.bank_account, { bank_bin: '970436', bank_code: 'VCB', bank_name: 'Vietcombank',
      account_number: '0011001234567', account_name: 'HOP TAC XA CHE TAN CUONG XANH' });
    assert.deepEqual((await org.get(path)).body, ok.body);
    assert.equal((await new Api(s.base).get(`/api/v1/booths/${BOOTH}`)).body.bank_transfer, true);
    assert.equal((await new Api(s.base).get(path)).status, 401, 'the account is not public');
  });
});

describe('a bank-transfer order', () => {
  let ack, p;
  test('is refused where the booth has no account, and bad payment values are invalid', async () => {
    const other = await product(3);
    const r = await buy(3, order(other.id, { payment: 'bank_transfer' }), '127.0.20.1');
    assert.deepEqual([r.type, r.reason], ['order_rejected', 'invalid']);
    const bad = await buy(BOOTH, order(other.id, { payment: 'momo' }), '127.0.20.2');
    assert.deepEqual([bad.type, bad.reason], ['order_rejected', 'invalid']);
  });

  test('gets order_ack with the amount, the note and a VietQR string that decodes field by field', async () => {
    p = await product(BOOTH);
    const msg = order(p.id, { payment: 'bank_transfer' });
    ack = await buy(BOOTH, msg, '127.0.20.3');
    assert.equal(ack.type, 'order_ack', JSON.stringify(ack));
    assert.deepEqual(Object.keys(ack.payment).sort(), ['amount', 'method', 'note', 'vietqr']);
    assert.equal(ack.payment.method, 'bank_transfer');
    assert.equal(ack.payment.amount, 2 * p.price);
    assert.equal(ack.payment.note, ack.code);
    const qr = decodeVietQr(ack.payment.vietqr);
    console.log(`  ${ack.code}: ${ack.payment.vietqr}`);
    assert.deepEqual(qr.order, ['00', '01', '38', '53', '54', '58', '62', '63']);
    assert.equal(qr.payloadFormat, '01');
    assert.equal(qr.initiation, '12');
    assert.equal(qr.guid, 'A000000727');
    assert.equal(qr.bin, '970436');
    assert.equal(qr.account, '0011001234567');
    assert.equal(qr.service, 'QRIBFTTA');
    assert.equal(qr.currency, '704');
    assert.equal(qr.amount, String(2 * p.price));
    assert.equal(qr.country, 'VN');
    assert.equal(qr.purpose, ack.code);
    assert.match(qr.crc, /^[0-9A-F]{4}$/);
    assert.equal(qr.crc, qr.crcExpected, 'CRC-16/CCITT-FALSE over the string up to 6304');
    // One flipped digit breaks the CRC: the check is real.
    const tampered = ack.payment.vietqr.replace(`54${String(qr.amount.length).padStart(2, '0')}${qr.amount}`,
      `54${String(qr.amount.length).padStart(2, '0')}${qr.amount.replace(/.$/, (d) => String((Number(d) + 1) % 10))}`);
    assert.notEqual(decodeVietQr(tampered).crc, decodeVietQr(tampered).crcExpected);

    // A retry of the same client_order_id gets the same answer, QR and all.
    const again = await buy(BOOTH, msg, '127.0.20.4');
    assert.deepEqual(again, ack);
  });

  test('the QR image is served for the order\'s id and code only', async () => {
    const r = await fetch(`${s.base}/api/v1/orders/${ack.order_id}/vietqr.svg?code=${ack.code}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(await r.text(), /^<svg[^>]*viewBox/);
    assert.equal((await fetch(`${s.base}/api/v1/orders/${ack.order_id}/vietqr.svg?code=OC-AAAAAA`)).status, 404);
    assert.equal((await fetch(`${s.base}/api/v1/orders/${ack.order_id}/vietqr.svg`)).status, 404);
  });

  test('the seller sees payment_method and marks it paid; a cash order cannot be', async () => {
    const listed = (await seller.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.find((o) => o.id === ack.order_id);
    assert.equal(listed.payment_method, 'bank_transfer');
    assert.equal(listed.paid_at, null);
    const from = shop.messages.length;
    const paid = await seller.patch(`/api/v1/orders/${ack.order_id}`, { paid: true });
    assert.equal(paid.status, 200, paid.text);
    assert.ok(Number.isInteger(paid.body.paid_at) && Math.abs(paid.body.paid_at - Date.now() / 1000) < 60);
    const pushed = await shop.next((m) => m.type === 'order' && m.order.id === ack.order_id && m.order.paid_at, { from });
    assert.equal(pushed.order.paid_at, paid.body.paid_at);
    assert.equal((await seller.patch(`/api/v1/orders/${ack.order_id}`, { paid: 'yes' })).body.error.message, 'paid: must be true or false');
    assert.equal((await seller.patch(`/api/v1/orders/${ack.order_id}`, { paid: true, status: 'confirmed' })).status, 400);
    assert.equal((await (await loggedIn(s.base, 'seller3')).patch(`/api/v1/orders/${ack.order_id}`, { paid: true })).status, 403);
    const cod = await buy(BOOTH, order(p.id, { qty: 1, phone: '0912345679' }), '127.0.20.5');
    assert.equal(cod.payment, undefined, 'a cash order\'s ack has no payment block');
    const refused = await seller.patch(`/api/v1/orders/${cod.order_id}`, { paid: true });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /^paid: only a bank-transfer order/);
  });
});

describe('CSV exports', () => {
  test('a booth\'s orders.csv parses with Python\'s csv module and holds every field, Vietnamese intact', async () => {
    // Names and notes that need quoting, and one that a spreadsheet would run as a formula.
    const tricky = await buy(BOOTH, order((await product(BOOTH)).id, {
      qty: 1, name: 'Trần Thị "Bông", Hà Nội', phone: '0977123456', note: 'Giao giờ hành chính\ngọi trước', address: 'Thôn Đông, xã Tân Cương, Thái Nguyên',
    }), '127.0.21.1');
    const formula = await buy(BOOTH, order((await product(BOOTH)).id, { qty: 1, name: '=HYPERLINK("http://x")', phone: '0977123457' }), '127.0.21.2');
    assert.equal(tricky.type, 'order_ack');
    assert.equal((await seller.patch(`/api/v1/orders/${tricky.order_id}`, { status: 'confirmed' })).status, 200);

    const r = await seller.request('GET', `/api/v1/booths/${BOOTH}/orders.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="orders-booth-2\.csv"/);
    const bytes = Buffer.from(await (await fetch(`${s.base}/api/v1/booths/${BOOTH}/orders.csv`, { headers: { cookie: seller.cookie } })).arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const csv = await parseCsvWithPython(bytes);
    assert.equal(csv.bom, true);
    assert.deepEqual(csv.header, ['id', 'code', 'created_at', 'status', 'product_id', 'product', 'qty', 'unit_price', 'total',
      'payment_method', 'paid_at', 'name', 'phone', 'address', 'note', 'risk', 'booth_id']);
    const rest = (await seller.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
    assert.equal(csv.rows.length, rest.length);
    const products = new Map((await new Api(s.base).get(`/api/v1/booths/${BOOTH}/products`)).body.products.map((x) => [x.id, x.name]));
    for (const o of rest) {
      const row = csv.rows.find((x) => Number(x.id) === o.id);
      assert.ok(row, `order ${o.code} is in the CSV`);
      assert.equal(row.code, o.code);
      assert.equal(row.status, o.status);
      assert.equal(Number(row.qty), o.qty);
      assert.equal(Number(row.total), o.total);
      assert.equal(row.product, products.get(o.product_id));
      assert.equal(row.payment_method, o.payment_method);
      assert.equal(row.paid_at === '', o.paid_at === null);
      assert.equal(row.risk, o.risk.join(' '));
      assert.equal(row.phone.replace(/ /g, ''), o.phone, 'phones are grouped so a spreadsheet keeps the leading 0');
      assert.match(row.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      if (!o.name.startsWith('=')) assert.equal(row.name, o.name);
      assert.equal(row.address, o.address);
      assert.equal(row.note, o.note);
    }
    const t = csv.rows.find((x) => Number(x.id) === tricky.order_id);
    assert.equal(t.name, 'Trần Thị "Bông", Hà Nội');
    assert.equal(t.note, 'Giao giờ hành chính\ngọi trước');
    assert.equal(t.status, 'confirmed');
    assert.equal(csv.rows.find((x) => Number(x.id) === formula.order_id).name, '\'=HYPERLINK("http://x")', 'a formula is written as text');
    assert.ok(csv.rows.some((x) => x.payment_method === 'bank_transfer' && x.paid_at !== ''));
    console.log(`  orders.csv: ${bytes.length} bytes, ${csv.rows.length} orders, e.g. ${JSON.stringify(t.name)} / ${t.product}`);

    assert.equal((await (await loggedIn(s.base, 'seller3')).get(`/api/v1/booths/${BOOTH}/orders.csv`)).status, 403);
    assert.equal((await new Api(s.base).get(`/api/v1/booths/${BOOTH}/orders.csv`)).status, 401);
    assert.equal((await org.get(`/api/v1/booths/${BOOTH}/orders.csv`)).status, 200);
  });

  test('the market day\'s report.csv sums orders, units, revenue and refused deliveries per booth, province and group', async () => {
    // A refused delivery at booth 5 and a cancelled order at booth 4.
    const p5 = await product(5);
    const refused = await buy(5, order(p5.id, { qty: 3, phone: '0966111222' }), '127.0.22.1');
    const seller5 = await loggedIn(s.base, 'seller5');
    for (const status of ['confirmed', 'shipped', 'returned'])
      assert.equal((await seller5.patch(`/api/v1/orders/${refused.order_id}`, { status })).status, 200);
    const p4 = await product(4);
    const cancelled = await buy(4, order(p4.id, { qty: 1, phone: '0966111223' }), '127.0.22.2');
    assert.equal((await (await loggedIn(s.base, 'seller4')).patch(`/api/v1/orders/${cancelled.order_id}`, { status: 'cancelled' })).status, 200);

    const day = (await new Api(s.base).get('/api/v1/market-days')).body.market_days[0];
    assert.equal((await seller.get(`/api/v1/market-days/${day.id}/report.csv`)).status, 403);
    const res = await fetch(`${s.base}/api/v1/market-days/${day.id}/report.csv`, { headers: { cookie: org.cookie } });
    assert.equal(res.status, 200);
    const csv = await parseCsvWithPython(Buffer.from(await res.arrayBuffer()));
    assert.equal(csv.bom, true);
    assert.deepEqual(csv.header, ['scope', 'id', 'name', 'province', 'orders', 'units', 'revenue', 'returned_orders', 'returned_units']);

    // Expected figures from the orders themselves.
    const booths = (await new Api(s.base).get(`/api/v1/booths?market_day=${day.id}`)).body.booths;
    const want = { orders: 0, units: 0, revenue: 0, returned_orders: 0, returned_units: 0 };
    const num = (row) => Object.fromEntries(Object.keys(want).map((k) => [k, Number(row[k])]));
    const total = { ...want };
    for (const b of booths) {
      const orders = (await org.get(`/api/v1/booths/${b.id}/orders`)).body.orders;
      const standing = orders.filter((o) => o.status !== 'cancelled' && o.status !== 'returned');
      const returned = orders.filter((o) => o.status === 'returned');
      const expect = { orders: standing.length, units: standing.reduce((n, o) => n + o.qty, 0), revenue: standing.reduce((n, o) => n + o.total, 0),
        returned_orders: returned.length, returned_units: returned.reduce((n, o) => n + o.qty, 0) };
      const row = csv.rows.find((x) => x.scope === 'booth' && Number(x.id) === b.id);
      assert.equal(row.name, b.name, 'booth names exactly');
      assert.equal(row.province, b.province);
      assert.deepEqual(num(row), expect, `figures of ${b.name}`);
      for (const k of Object.keys(total)) total[k] += expect[k];
    }
    assert.deepEqual(num(csv.rows.find((x) => x.scope === 'total')), total);
    const provinces = csv.rows.filter((x) => x.scope === 'province');
    assert.deepEqual(provinces.map((x) => x.name).sort(), [...new Set(booths.map((b) => b.province))].sort());
    const groups = csv.rows.filter((x) => x.scope === 'group');
    assert.ok(groups.length >= 1);
    for (const g of groups) assert.match(g.name, /Thực phẩm|Đồ uống|Thảo dược|Vải và may mặc|Lưu niệm|Dịch vụ du lịch/);
    const sum = (rows, k) => rows.reduce((n, x) => n + Number(x[k]), 0);
    for (const k of Object.keys(want)) {
      assert.equal(sum(provinces, k), total[k], `provinces add up (${k})`);
      assert.equal(sum(groups, k), total[k], `groups add up (${k})`);
    }
    assert.equal(num(csv.rows.find((x) => x.scope === 'booth' && Number(x.id) === 5)).returned_units, 3);
    console.log(`  report.csv: ${csv.rows.length} rows; total ${JSON.stringify(total)}`);
  });
});
