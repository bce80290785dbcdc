// Login, sessions and every role check of the foundation routes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

function assertError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  assert.equal(typeof r.body.error.message, 'string');
}

describe('login', () => {
  test('demo accounts log in; the cookie is HttpOnly and SameSite', async () => {
    const api = new Api(s.base);
    const r = await api.post('/api/v1/login', { username: 'organizer', password: 'organizer' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.user).sort(), ['id', 'role', 'username']);
    assert.equal(r.body.user.role, 'organizer');
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=(Lax|Strict)/);
    const me = await api.get('/api/v1/me');
    assert.equal(me.body.user.username, 'organizer');
  });

  test('seller1 owns booth 1', async () => {
    const api = await loggedIn(s.base, 'seller1');
    const me = await api.get('/api/v1/me');
    assert.equal(me.body.user.role, 'seller');
    assert.deepEqual(me.body.booth_ids, [1]);
  });

  test('wrong password and unknown user get 401; logout ends the session', async () => {
    const api = new Api(s.base);
    assertError(await api.post('/api/v1/login', { username: 'seller2', password: 'nope-nope' }), 401, 'unauthorized');
    assertError(await api.post('/api/v1/login', { username: 'ghost', password: 'whatever1' }), 401, 'unauthorized');
    await api.login('seller2');
    assert.equal((await api.get('/api/v1/me')).status, 200);
    const out = await api.post('/api/v1/logout', {});
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
    assertError(await api.get('/api/v1/me'), 401, 'unauthorized');
  });

  test('a forged session cookie is not a session', async () => {
    const api = new Api(s.base);
    api.cookie = 'ocop_session=' + 'a'.repeat(64);
    assertError(await api.get('/api/v1/me'), 401, 'unauthorized');
    api.cookie = "ocop_session=' OR 1=1 --";
    assertError(await api.get('/api/v1/me'), 401, 'unauthorized');
  });

  test('failed logins are rate-limited per address', async () => {
    const limited3 = await startServer({ config: { http: { login_attempts_per_minute: 3 } } });
    try {
    const api = new Api(limited3.base);
    let limited = false;
    for (let i = 0; i < 6 && !limited; i++) {
      const r = await api.post('/api/v1/login', { username: 'seller3', password: 'wrong-' + i });
      if (r.status === 429) { limited = true; assertError(r, 429, 'rate_limited'); }
      else assert.equal(r.status, 401);
    }
    assert.ok(limited, 'expected 429 after 3 failures within a minute');
    const good = await api.post('/api/v1/login', { username: 'seller3', password: 'seller3' });
    assertError(good, 429, 'rate_limited');
    } finally { await limited3.stop(); }
  });
});

describe('role checks', () => {
  test('market days: anyone reads; only organizers create', async () => {
    const anon = new Api(s.base);
    const list = await anon.get('/api/v1/market-days');
    assert.equal(list.status, 200);
    assert.equal(list.body.market_days.length, 1);
    const day = { title: 'Chợ phiên cuối tuần', starts_at: 1800000000, ends_at: 1800036000 };
    assertError(await anon.post('/api/v1/market-days', day), 401, 'unauthorized');
    const seller = await loggedIn(s.base, 'seller1');
    assertError(await seller.post('/api/v1/market-days', day), 403, 'forbidden');
    const org = await loggedIn(s.base, 'organizer', 'organizer');
    const created = await org.post('/api/v1/market-days', day);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.title, day.title);
    assertError(await org.post('/api/v1/market-days', { ...day, ends_at: day.starts_at - 1 }), 400, 'invalid');
  });

  test('booths: only organizers create and edit, and assign sellers', async () => {
    const org = await loggedIn(s.base, 'organizer', 'organizer');
    const seller = await loggedIn(s.base, 'seller1');
    const booth = { market_day_id: 1, name: 'Gian hàng mới', province: 'Hải Phòng' };
    assertError(await seller.post('/api/v1/booths', booth), 403, 'forbidden');
    assertError(await new Api(s.base).post('/api/v1/booths', booth), 401, 'unauthorized');
    const created = await org.post('/api/v1/booths', booth);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.seller, null);
    assert.equal(created.body.state, 'offline');
    assert.equal(created.body.stream_key, undefined, 'stream key must not be public');
    const id = created.body.id;
    assertError(await seller.put(`/api/v1/booths/${id}`, { name: 'x' }), 403, 'forbidden');
    const users = await org.get('/api/v1/users?role=seller');
    const seller8 = users.body.users.find((u) => u.username === 'seller8');
    const assigned = await org.put(`/api/v1/booths/${id}`, { seller_id: seller8.id });
    assert.equal(assigned.status, 200, assigned.text);
    assert.equal(assigned.body.seller.username, 'seller8');
    assertError(await org.put(`/api/v1/booths/${id}`, { seller_id: 1 }), 400, 'invalid');  // 1 is the organizer
    assertError(await org.put(`/api/v1/booths/${id}`, { province: 'Hà Tây' }), 400, 'invalid');
    assertError(await org.put('/api/v1/booths/9999', { name: 'x' }), 404, 'not_found');
  });

  test('users: only organizers create accounts', async () => {
    const org = await loggedIn(s.base, 'organizer', 'organizer');
    const seller = await loggedIn(s.base, 'seller1');
    const body = { username: 'htx_moc_chau', password: 'mận hậu ngon 2026', role: 'seller' };
    assertError(await seller.post('/api/v1/users', body), 403, 'forbidden');
    const r = await org.post('/api/v1/users', body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.user.role, 'seller');
    assertError(await org.post('/api/v1/users', body), 409, 'conflict');
    assertError(await org.post('/api/v1/users', { ...body, username: 'X Y' }), 400, 'invalid');
    assertError(await org.post('/api/v1/users', { ...body, username: 'v1', role: 'viewer' }), 400, 'invalid');
    const fresh = await loggedIn(s.base, 'htx_moc_chau', 'mận hậu ngon 2026');
    assert.equal((await fresh.get('/api/v1/me')).body.user.username, 'htx_moc_chau');
    assertError(await seller.get('/api/v1/users'), 403, 'forbidden');
  });

  test('stream keys: readable only by the booth seller and organizers; rotate makes a new key', async () => {
    const anon = new Api(s.base);
    const own = await loggedIn(s.base, 'seller2');
    const other = await loggedIn(s.base, 'seller3');
    const org = await loggedIn(s.base, 'organizer', 'organizer');
    assertError(await anon.get('/api/v1/booths/2/stream-key'), 401, 'unauthorized');
    assertError(await other.get('/api/v1/booths/2/stream-key'), 403, 'forbidden');
    assertError(await other.post('/api/v1/booths/2/stream-key/rotate', {}), 403, 'forbidden');
    const mine = await own.get('/api/v1/booths/2/stream-key');
    assert.equal(mine.status, 200);
    assert.match(mine.body.stream_key, /^[0-9a-f]{24}$/);
    assert.equal(mine.body.rtmp_url, `rtmp://127.0.0.1:${s.rtmp}/live`);
    assert.equal(mine.body.publish_url, `${mine.body.rtmp_url}/${mine.body.stream_key}`);
    const orgView = await org.get('/api/v1/booths/2/stream-key');
    assert.equal(orgView.body.stream_key, mine.body.stream_key);
    const rotated = await own.post('/api/v1/booths/2/stream-key/rotate', {});
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.stream_key, mine.body.stream_key);
    assert.equal((await org.get('/api/v1/booths/2/stream-key')).body.stream_key, rotated.body.stream_key);
    assertError(await own.get('/api/v1/booths/77/stream-key'), 404, 'not_found');
    const qr = await own.get('/api/v1/booths/2/stream-key/qr.svg');
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
    assert.match(qr.text, /^<svg[^>]+viewBox="0 0 \d+ \d+"/);
    assert.ok(qr.text.length > 1000);
    assertError(await other.get('/api/v1/booths/2/stream-key/qr.svg'), 403, 'forbidden');
  });

  test('products: a seller writes only in their own booth', async () => {
    const own = await loggedIn(s.base, 'seller4');
    const other = await loggedIn(s.base, 'seller5');
    const product = {
      name: 'Kẹo cu đơ gừng', producer: 'Hộ kinh doanh Bà Mai', province: 'Hà Tĩnh', group: 'food', stars: 3,
      certificate_date: '2025-05-20', price: 45000, unit: 'gói 250 g', stock: 80,
    };
    assertError(await new Api(s.base).post('/api/v1/booths/4/products', product), 401, 'unauthorized');
    assertError(await other.post('/api/v1/booths/4/products', product), 403, 'forbidden');
    const created = await own.post('/api/v1/booths/4/products', product);
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    assert.equal(created.body.booth_id, 4);
    assertError(await other.put(`/api/v1/products/${id}`, { price: 1 }), 403, 'forbidden');
    assertError(await other.del(`/api/v1/products/${id}`), 403, 'forbidden');
    const edited = await own.put(`/api/v1/products/${id}`, { price: 49000, stock: 70 });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.body.price, 49000);
    assert.equal(edited.body.name, product.name);
    const org = await loggedIn(s.base, 'organizer', 'organizer');
    assert.equal((await org.put(`/api/v1/products/${id}`, { stock: 60 })).status, 200);
    assert.equal((await own.del(`/api/v1/products/${id}`)).status, 200);
    assertError(await new Api(s.base).get(`/api/v1/products/${id}`), 404, 'not_found');
  });

  test('booth ingest figures are shown only to its seller and organizers', async () => {
    const anon = await new Api(s.base).get('/api/v1/booths/1');
    assert.equal(anon.status, 200);
    assert.ok(!('ingest' in anon.body));
    assert.ok(anon.body.products.length >= 4);
    const own = await (await loggedIn(s.base, 'seller1')).get('/api/v1/booths/1');
    assert.ok('ingest' in own.body);
    const other = await (await loggedIn(s.base, 'seller2')).get('/api/v1/booths/1');
    assert.ok(!('ingest' in other.body));
  });
});
