// Bad input gets a clear 4xx JSON error and the server keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';

let s, seller;
before(async () => {
  s = await startServer();
  seller = await loggedIn(s.base, 'seller1');
});
after(async () => { await s.stop(); });

async function assertServing() {
  const r = await fetch(`${s.base}/api/v1/health`);
  assert.equal(r.status, 200);
  assert.ok(s.alive(), 'server process must still run');
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.body?.error?.code, code, r.text);
  if (field) assert.match(r.body.error.message, new RegExp(`^${field}\\b`), r.text);
}

const goodProduct = {
  name: 'Mật ong hoa bạc hà', producer: 'HTX Ong mật Đồng Văn', province: 'Tuyên Quang', group: 'food', stars: 4,
  certificate_date: '2025-08-01', price: 350000, unit: 'chai 500 ml', stock: 40,
  story: 'Ong nuôi trên cao nguyên đá.', image_url: '/img/products/mat-ong.svg',
  traceability_url: 'https://truyxuat.example.vn/mat-ong',
};

test('malformed JSON bodies get 400 bad_json', async () => {
  for (const body of ['{', '{"name":', 'not json', '[1,2]', '"text"', '', '{"a":1}{"b":2}', '\u0000']) {
    const r = await seller.post('/api/v1/booths/1/products', body, { raw: true });
    assert.equal(r.status, 400, `body ${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.code, 'bad_json');
  }
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  assertError(await seller.post('/api/v1/booths/1/products', `{"a":${deep}}`, { raw: true }), 400, 'bad_json');
  await assertServing();
});

test('bodies over 1 MiB get 413', async () => {
  const big = JSON.stringify({ ...goodProduct, story: 'x'.repeat((1 << 20) + 10) });
  const r = await seller.post('/api/v1/booths/1/products', big, { raw: true });
  assertError(r, 413, 'too_large');
  await assertServing();
  // The same connection pool still works for ordinary requests.
  assert.equal((await seller.get('/api/v1/booths/1/products')).status, 200);
});

test('unknown routes get a JSON 404; wrong methods a 405 with Allow', async () => {
  const api = new Api(s.base);
  assertError(await api.get('/api/v1/nope'), 404, 'not_found');
  assertError(await api.get('/api/v1/booths/abc'), 404, 'not_found');
  assertError(await api.get('/api/v1/booths/0'), 404, 'not_found');
  assertError(await api.get('/api/v1/booths/99999999999999999999'), 404, 'not_found');
  assertError(await api.post('/api/v1/nope', {}), 404, 'not_found');
  const r = await api.del('/api/v1/market-days');
  assertError(r, 405, 'method_not_allowed');
  assert.match(r.headers.get('allow'), /GET/);
  assertError(await api.patch('/api/v1/health', {}), 405, 'method_not_allowed');
  assertError(await api.put('/api/v1/login', {}), 405, 'method_not_allowed');
  await assertServing();
});

test('paths cannot escape the web root', async () => {
  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/img/../../CMakeLists.txt', '/..%2fconfig']) {
    const r = await fetch(s.base + p);
    assert.ok(r.status === 404 || r.status === 403 || r.status === 400, `${p} -> ${r.status}`);
    const text = await r.text();
    assert.ok(!text.includes('root:x:0:0'), p);
  }
  await assertServing();
});

test('product validation names the field', async () => {
  const cases = [
    [{ stars: 2 }, 'stars'], [{ stars: 6 }, 'stars'], [{ stars: 4.5 }, 'stars'], [{ stars: '4' }, 'stars'],
    [{ group: 'candy' }, 'group'], [{ province: 'Hà Giang' }, 'province'], [{ province: 'ha noi' }, 'province'],
    [{ price: -1 }, 'price'], [{ price: 1.5 }, 'price'], [{ price: '45000' }, 'price'], [{ price: 1e300 }, 'price'],
    [{ stock: -3 }, 'stock'], [{ certificate_date: '2025-02-30' }, 'certificate_date'],
    [{ certificate_date: '01/08/2025' }, 'certificate_date'], [{ certificate_date: '2099-01-01' }, 'certificate_date'],
    [{ name: '' }, 'name'], [{ name: '   ' }, 'name'], [{ name: 'x'.repeat(121) }, 'name'],
    [{ image_url: 'javascript:alert(1)' }, 'image_url'], [{ traceability_url: 'ftp://x' }, 'traceability_url'],
    [{ id: 5 }, 'id'], [{ colour: 'red' }, 'colour'],
  ];
  for (const [patch, field] of cases) {
    const r = await seller.post('/api/v1/booths/1/products', { ...goodProduct, ...patch });
    assertError(r, 400, 'invalid', field);
  }
  const missing = { ...goodProduct };
  delete missing.price;
  assertError(await seller.post('/api/v1/booths/1/products', missing), 400, 'invalid', 'price');
  const created = await seller.post('/api/v1/booths/1/products', goodProduct);
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.certificate_expires, '2028-08-01');
  assert.equal(created.body.certificate_valid, true);
  assertError(await seller.put(`/api/v1/products/${created.body.id}`, { stars: 1 }), 400, 'invalid', 'stars');
  assert.equal((await seller.get(`/api/v1/products/${created.body.id}`)).body.stars, 4);
  await assertServing();
});

test('quotes, SQL fragments and markup are stored and returned verbatim', async () => {
  const tricky = [
    "Robert'); DROP TABLE products;--",
    '"; DELETE FROM users; --',
    "' OR '1'='1",
    '<script>alert("x")</script>',
    'Nước mắm "cốt" 40° – đặc biệt',
    '\\"escaped\\" \\\\ back',
  ];
  for (const name of tricky) {
    const r = await seller.post('/api/v1/booths/1/products', { ...goodProduct, name, story: name });
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    const back = await new Api(s.base).get(`/api/v1/products/${r.body.id}`);
    assert.equal(back.body.name, name);
    assert.equal(back.body.story, name);
  }
  const q = await new Api(s.base).get(`/api/v1/booths?province=${encodeURIComponent("' OR 1=1 --")}`);
  assertError(q, 400, 'invalid', 'province');
  const all = await new Api(s.base).get('/api/v1/booths');
  assert.equal(all.body.booths.length, 8, 'no booth lost');
  const users = await (await loggedIn(s.base, 'organizer', 'organizer')).get('/api/v1/users');
  assert.ok(users.body.users.length >= 9, 'no user lost');
  await assertServing();
});

test('booth filters validate their values', async () => {
  const api = new Api(s.base);
  assertError(await api.get('/api/v1/booths?stars=7'), 400, 'invalid', 'stars');
  assertError(await api.get('/api/v1/booths?group=drinks'), 400, 'invalid', 'group');
  assertError(await api.get('/api/v1/booths?market_day=x'), 400, 'invalid', 'market_day');
  assertError(await api.get('/api/v1/booths?live=maybe'), 400, 'invalid', 'live');
  const hn = await api.get(`/api/v1/booths?province=${encodeURIComponent('Cà Mau')}`);
  assert.equal(hn.body.booths.length, 1);
  const tourism = await api.get('/api/v1/booths?group=tourism&market_day=1');
  assert.ok(tourism.body.booths.length >= 1);
  const five = await api.get('/api/v1/booths?stars=5');
  assert.ok(five.body.booths.length >= 1 && five.body.booths.length < 8);
  const offline = await api.get('/api/v1/booths?live=false');
  assert.equal(offline.body.booths.length, 8);
  assert.equal((await api.get('/api/v1/booths?live=true')).body.booths.length, 0);
});

test('garbage on the HTTP port does not hurt the server', async () => {
  const payloads = [
    Buffer.from('GARBAGE\r\n\r\n'),
    Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n' + 'X-Long: ' + 'a'.repeat(20000) + '\r\n\r\n'),
    Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]),
    Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{'),
    Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"username":'),
  ];
  await Promise.all(payloads.map((p) => new Promise((res) => {
    const sock = net.connect(s.http, '127.0.0.1', () => sock.end(p));
    sock.on('data', () => {});
    sock.on('error', res);
    sock.on('close', res);
    setTimeout(() => { sock.destroy(); res(); }, 3000);
  })));
  await assertServing();
});
