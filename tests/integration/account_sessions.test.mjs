// Accounts keep control of their sessions: a password change signs out every
// other device (their open studio sockets close) and keeps this one on a new
// session; "log out other devices" does the same without a new password; an
// organizer disables an account (sessions end, the right password gets a
// clear refusal) and enables it again; a login never keeps a session that
// was planted before it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';

let s, org;
const clients = [];

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer');
});
after(async () => {
  for (const c of clients) c.close();
  await s?.stop();
});

const closedWithin = (c, ms = 15000) =>
  Promise.race([c.closed, new Promise((_, rej) => setTimeout(() => rej(new Error('socket still open')), ms))]);

async function studioSocket(api) {
  const boothId = (await api.get('/api/v1/me')).body.booth_ids[0];
  const ws = await HubClient.connect(s.base, boothId, { cookie: api.cookie });
  clients.push(ws);
  assert.equal((await ws.hello('HTX')).role, 'seller');
  return ws;
}

test('a password change signs out the other devices and keeps this one', async () => {
  const phone = await loggedIn(s.base, 'seller1');
  const laptop = await loggedIn(s.base, 'seller1');
  const laptopWs = await studioSocket(laptop);

  const wrong = await phone.post('/api/v1/me/password', { current_password: 'nope', new_password: 'mật khẩu mới 1' });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.field, 'current_password');
  assert.equal(wrong.body.error.rule, 'wrong_password');
  const same = await phone.post('/api/v1/me/password', { current_password: 'seller1', new_password: 'seller1' });
  assert.equal(same.body.error.rule, 'too_short');
  const same8 = await phone.post('/api/v1/me/password', { current_password: 'seller1', new_password: 'seller1x' });
  assert.equal(same8.status, 200, same8.text);
  const again = await phone.post('/api/v1/me/password', { current_password: 'seller1x', new_password: 'seller1x' });
  assert.equal(again.body.error.rule, 'same_password');
  assert.equal((await new Api(s.base).post('/api/v1/me/password', { current_password: 'a', new_password: 'abcdefgh' })).status, 401);

  assert.equal((await phone.get('/api/v1/me')).status, 200, 'this device stays signed in, on a new session');
  assert.equal((await laptop.get('/api/v1/me')).status, 401, 'the other device is signed out');
  await closedWithin(laptopWs);
  assert.equal((await new Api(s.base).post('/api/v1/login', { username: 'seller1', password: 'seller1' })).status, 401);
  await loggedIn(s.base, 'seller1', 'seller1x');
});

test('"log out other devices" ends every other session', async () => {
  const mine = await loggedIn(s.base, 'seller2');
  const lost = await loggedIn(s.base, 'seller2');
  const lostWs = await studioSocket(lost);
  const r = await mine.post('/api/v1/me/logout-others', {});
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.ended >= 1, `ended ${r.body.ended}`);
  assert.equal((await lost.get('/api/v1/me')).status, 401);
  await closedWithin(lostWs);
  assert.equal((await mine.get('/api/v1/me')).status, 200);
  assert.equal((await mine.post('/api/v1/me/logout-others', {})).body.ended, 0);
});

test('an organizer disables an account and enables it again', async () => {
  const seller = await loggedIn(s.base, 'seller3');
  const ws = await studioSocket(seller);
  const id = (await seller.get('/api/v1/me')).body.user.id;
  assert.equal((await seller.put(`/api/v1/users/${id}`, { disabled: true })).status, 403, 'not a seller\'s call');
  const me = (await org.get('/api/v1/me')).body.user;
  const self = await org.put(`/api/v1/users/${me.id}`, { disabled: true });
  assert.equal(self.status, 403);
  assert.equal(self.body.error.rule, 'self');
  assert.equal((await org.put(`/api/v1/users/${id}`, { disabled: 'yes' })).body.error.rule, 'wrong_type');
  assert.equal((await org.put(`/api/v1/users/${id}`, {})).body.error.rule, 'required');
  assert.equal((await org.put('/api/v1/users/999999', { disabled: true })).status, 404);

  const off = await org.put(`/api/v1/users/${id}`, { disabled: true });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.user.disabled, true);
  assert.equal((await seller.get('/api/v1/me')).status, 401, 'its session ended');
  await closedWithin(ws);
  const refused = await new Api(s.base).post('/api/v1/login', { username: 'seller3', password: 'seller3' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.rule, 'account_disabled');
  const wrong = await new Api(s.base).post('/api/v1/login', { username: 'seller3', password: 'wrong-one' });
  assert.equal(wrong.status, 401, 'a wrong password says nothing about the account');
  assert.equal((await org.get('/api/v1/users?role=seller')).body.users.find((u) => u.id === id).disabled, true);

  const on = await org.put(`/api/v1/users/${id}`, { disabled: false });
  assert.equal(on.body.user.disabled, false);
  await loggedIn(s.base, 'seller3');
});

test('a login replaces a session planted before it', async () => {
  const planted = await loggedIn(s.base, 'seller4');
  const cookie = planted.cookie;
  // The victim's browser carries the planted cookie when they log in.
  const victim = new Api(s.base);
  victim.cookie = cookie;
  await victim.login('seller5');
  assert.notEqual(victim.cookie, cookie);
  const stale = new Api(s.base);
  stale.cookie = cookie;
  assert.equal((await stale.get('/api/v1/me')).status, 401, 'the planted session is gone');
  assert.equal((await victim.get('/api/v1/me')).body.user.username, 'seller5');
});
