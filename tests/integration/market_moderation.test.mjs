// Moderation of a whole market day from one socket: an organizer's feed
// (/ws/market-days/{id}/moderation) carries every booth's chat with its
// booth_id; deleting and muting from it act in that booth's room; the muted
// list reaches the feed and the booth's seller, and unmuting (from either)
// lets the buyer chat again. Only organizers may open it, only for booths
// of its day, and a logout closes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Api, loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';

const DAY = 1;
let s, org, seller1;
const clients = [];
const track = (c) => { clients.push(c); return c; };
const feedOf = (api) => HubClient.connectPath(s.base, `/ws/market-days/${DAY}/moderation`, { cookie: api.cookie }).then(track);

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer');
  seller1 = await loggedIn(s.base, 'seller1');
});
after(async () => {
  for (const c of clients) c.close();
  await s?.stop();
});

test('only organizers open a market day feed', async () => {
  await assert.rejects(HubClient.connectPath(s.base, `/ws/market-days/${DAY}/moderation`), 'anonymous');
  await assert.rejects(HubClient.connectPath(s.base, `/ws/market-days/${DAY}/moderation`, { cookie: seller1.cookie }), 'a seller');
  await assert.rejects(HubClient.connectPath(s.base, '/ws/market-days/999/moderation', { cookie: org.cookie }), 'no such day');
  const feed = await feedOf(org);
  const w = await feed.hello('Ban tổ chức');
  assert.equal(w.role, 'organizer');
  assert.equal(w.market_day_id, DAY);
  const booths = (await org.get(`/api/v1/booths?market_day=${DAY}`)).body.booths;
  assert.deepEqual(w.booths.map((b) => b.id).sort((a, b) => a - b), booths.map((b) => b.id).sort((a, b) => a - b));
  assert.ok(w.booths.every((b) => typeof b.name === 'string' && ['offline', 'live', 'reconnecting'].includes(b.state)));
  // Bad input gets an error and the socket stays usable.
  assert.equal((await feed.request('{nope', 'error')).code, 'bad_json');
  assert.equal((await feed.request({ type: 'chat', text: 'x' }, 'error')).code, 'unknown_type');
  assert.equal((await feed.request({ type: 'mute', viewer_id: 5, minutes: 5 }, 'error')).message, 'booth_id: is required');
  feed.close();
});

test('chat from every booth, delete and mute from the feed, unmute from the feed or the studio', async () => {
  const feed = await feedOf(org);
  await feed.hello('Ban tổ chức');
  const lan = track(await HubClient.connect(s.base, 1));
  const binh = track(await HubClient.connect(s.base, 2));
  const lanW = await lan.hello('Lan');
  await binh.hello('Bình');
  const sellerRoom = track(await HubClient.connect(s.base, 1, { cookie: seller1.cookie }));
  await sellerRoom.hello('HTX');
  const firstMutes = await sellerRoom.next((m) => m.type === 'mutes' && m.booth_id === 1);
  assert.deepEqual(firstMutes.mutes, [], 'staff learn the muted list on hello');

  const t0 = Date.now();
  lan.send({ type: 'chat', text: 'Mật ong còn không shop?' });
  binh.send({ type: 'chat', text: 'Spam spam spam' });
  const c1 = await feed.next((m) => m.type === 'chat' && m.text === 'Mật ong còn không shop?');
  const c2 = await feed.next((m) => m.type === 'chat' && m.text === 'Spam spam spam');
  console.log(`  two booths' lines in the feed ${Date.now() - t0} ms after they were sent`);
  assert.equal(c1.booth_id, 1);
  assert.equal(c2.booth_id, 2);
  assert.equal(c1.from.nickname, 'Lan');

  // Delete in booth 2 from the feed: the booth's room and the feed both hear it.
  feed.send({ type: 'delete_message', booth_id: 2, id: c2.id });
  await binh.next((m) => m.type === 'message_deleted' && m.id === c2.id);
  const del = await feed.next((m) => m.type === 'message_deleted' && m.id === c2.id);
  assert.equal(del.booth_id, 2);
  // A message id of another booth is not found in the named booth.
  assert.equal((await feed.request({ type: 'delete_message', booth_id: 2, id: c1.id }, 'error')).code, 'invalid');

  // Mute Lan in booth 1 from the feed.
  const before = Math.floor(Date.now() / 1000);
  feed.send({ type: 'mute', booth_id: 1, viewer_id: c1.from.viewer_id, minutes: 15 });
  const muted = await feed.next((m) => m.type === 'mutes' && m.booth_id === 1 && m.mutes.length === 1);
  assert.equal(muted.mutes[0].viewer_id, lanW.viewer_id);
  assert.equal(muted.mutes[0].nickname, 'Lan');
  assert.ok(Math.abs(muted.mutes[0].until - (before + 15 * 60)) <= 5, `until ${muted.mutes[0].until} is 15 min from now`);
  await sellerRoom.next((m) => m.type === 'mutes' && m.mutes.length === 1);
  assert.equal((await lan.request({ type: 'chat', text: 'alo' }, 'error')).code, 'muted');
  // Another viewer in booth 2 is not muted by it.
  await binh.request({ type: 'chat', text: 'Cho mình hỏi giá' }, (m) => m.type === 'chat' && m.text === 'Cho mình hỏi giá');

  // A new feed learns the running mutes on hello.
  const feed2 = await feedOf(org);
  await feed2.hello('Ban tổ chức 2');
  const known = await feed2.next((m) => m.type === 'mutes' && m.booth_id === 1);
  assert.equal(known.mutes[0].nickname, 'Lan');
  feed2.close();

  // Unmute from the feed: Lan chats again.
  feed.send({ type: 'unmute', booth_id: 1, viewer_id: lanW.viewer_id });
  await feed.next((m) => m.type === 'mutes' && m.booth_id === 1 && m.mutes.length === 0);
  await lan.request({ type: 'chat', text: 'Cảm ơn shop' }, (m) => m.type === 'chat' && m.text === 'Cảm ơn shop');

  // The seller mutes and unmutes in the room; the feed follows.
  sellerRoom.send({ type: 'mute', viewer_id: lanW.viewer_id, minutes: 5 });
  await feed.next((m) => m.type === 'mutes' && m.booth_id === 1 && m.mutes.length === 1 && m.mutes[0].until < before + 10 * 60);
  const from = feed.messages.length;
  sellerRoom.send({ type: 'unmute', viewer_id: lanW.viewer_id });
  await feed.next((m) => m.type === 'mutes' && m.booth_id === 1 && m.mutes.length === 0, { from });
  // A viewer cannot unmute anyone.
  assert.equal((await binh.request({ type: 'unmute', viewer_id: lanW.viewer_id }, 'error')).code, 'forbidden');
});

test('the feed acts only in its own market day, and closes on logout', async () => {
  const day2 = await org.post('/api/v1/market-days', { title: 'Phiên khác', starts_at: Math.floor(Date.now() / 1000) + 86400, ends_at: Math.floor(Date.now() / 1000) + 90000 });
  assert.equal(day2.status, 201, day2.text);
  const other = await org.post('/api/v1/booths', { market_day_id: day2.body.market_day?.id ?? day2.body.id, name: 'Gian phiên khác', province: 'Hà Nội' });
  assert.equal(other.status, 201, other.text);
  const otherId = other.body.booth?.id ?? other.body.id;

  const org2 = new Api(s.base);
  await org2.login('organizer');
  const feed = await feedOf(org2);
  await feed.hello('BTC');
  const e = await feed.request({ type: 'mute', booth_id: otherId, viewer_id: 7, minutes: 5 }, 'error');
  assert.equal(e.code, 'invalid');
  assert.match(e.message, /not a booth of this market day/);
  // A chat in the other day's booth does not reach this feed.
  const v = track(await HubClient.connect(s.base, otherId));
  await v.hello('Người lạ');
  await v.request({ type: 'chat', text: 'phiên khác' }, (m) => m.type === 'chat');
  const marker = track(await HubClient.connect(s.base, 1));
  await marker.hello('Mốc');
  marker.send({ type: 'chat', text: 'mốc thời gian' });
  await feed.next((m) => m.type === 'chat' && m.text === 'mốc thời gian');
  assert.ok(!feed.messages.some((m) => m.type === 'chat' && m.text === 'phiên khác'));

  await org2.post('/api/v1/logout', {});
  const code = await Promise.race([feed.closed, new Promise((r) => setTimeout(() => r('still open'), 15000))]);
  assert.notEqual(code, 'still open', 'the feed closes when its session ends');
});

test('a mute follows the person to a new viewer id from the same address, not their neighbours', async () => {
  const feed = await feedOf(org);
  await feed.hello('Ban tổ chức');
  // A neighbour behind the same address, connected before the mute, with the
  // viewer cookie a page load gives.
  const page = await fetch(`${s.base}/booths/3`);
  const cookie = (page.headers.get('set-cookie') || '').split(';')[0];
  assert.match(cookie, /^ocop_viewer=/);
  const neighbour = track(await HubClient.connect(s.base, 3, { localAddress: '127.0.0.5', cookie }));
  await neighbour.hello('Hàng xóm');
  const troll = track(await HubClient.connect(s.base, 3, { localAddress: '127.0.0.5' }));
  const w = await troll.hello('Kẻ phá');
  troll.send({ type: 'chat', text: 'spam 1' });
  await feed.next((m) => m.type === 'chat' && m.text === 'spam 1');
  feed.send({ type: 'mute', booth_id: 3, viewer_id: w.viewer_id, minutes: 5 });
  await feed.next((m) => m.type === 'mutes' && m.booth_id === 3 && m.mutes.length === 1);
  troll.close();
  // Back without the cookie: a new viewer id, the same address.
  const again = track(await HubClient.connect(s.base, 3, { localAddress: '127.0.0.5' }));
  const w2 = await again.hello('Người mới');
  assert.notEqual(w2.viewer_id, w.viewer_id);
  assert.equal((await again.request({ type: 'chat', text: 'spam 2' }, 'error')).code, 'muted');
  await neighbour.request({ type: 'chat', text: 'Cho hỏi giá' }, (m) => m.type === 'chat' && m.text === 'Cho hỏi giá');
  const elsewhere = track(await HubClient.connect(s.base, 3, { localAddress: '127.0.0.6' }));
  await elsewhere.hello('Khách khác');
  await elsewhere.request({ type: 'chat', text: 'Ship Huế không?' }, (m) => m.type === 'chat' && m.text === 'Ship Huế không?');
  // The neighbour reloads the page (same cookie, so the same viewer id): still free.
  neighbour.close();
  const back = track(await HubClient.connect(s.base, 3, { localAddress: '127.0.0.5', cookie }));
  await back.hello('Hàng xóm');
  await back.request({ type: 'chat', text: 'Mình quay lại' }, (m) => m.type === 'chat' && m.text === 'Mình quay lại');
  feed.send({ type: 'unmute', booth_id: 3, viewer_id: w.viewer_id });
  await feed.next((m) => m.type === 'mutes' && m.booth_id === 3 && m.mutes.length === 0);
  await again.request({ type: 'chat', text: 'xin lỗi' }, (m) => m.type === 'chat' && m.text === 'xin lỗi');
});
