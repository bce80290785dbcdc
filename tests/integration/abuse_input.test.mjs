// Cross-site requests that ride a visitor's cookie, request framing and text
// tricks a hostile client uses: a chunked body,
// two Content-Lengths, Content-Length beside chunked, a length that is not a
// number, and blocked words with zero-width characters inside. Each is
// refused at once, and the connection's neighbours are unaffected.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import WebSocket from 'ws';
import { HubClient } from '../lib/hub.mjs';
import { waitFor } from '../lib/publishers.mjs';
import { loggedIn } from '../lib/api.mjs';

let s;
before(async () => { s = await startServer({ config: { hub: { word_filter: ['lừa đảo', 'scam'], chat_per_second: 1000, chat_burst: 1000 } } }); });
after(async () => { await s?.stop(); });

// Writes `text` on a fresh connection; resolves with the status line and
// how long the server took to answer and close.
function raw(text) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let out = '';
    const c = net.connect(Number(new URL(s.base).port), '127.0.0.1', () => c.write(text));
    c.on('data', (d) => { out += d; });
    c.on('error', () => {});
    c.on('close', () => resolve({ status: out.split('\r\n')[0], ms: Date.now() - t0 }));
    c.setTimeout(15000, () => c.destroy());
  });
}

const body = '{"username":"organizer","password":"wrong"}';
const head = 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';

test('bodies whose framing could be read two ways are refused at once', async () => {
  const cases = {
    'chunked': [`${head}Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`, /^HTTP\/1\.1 411/],
    'two Content-Lengths': [`${head}Content-Length: ${body.length}\r\nContent-Length: 4\r\n\r\n${body}`, /^HTTP\/1\.1 400/],
    'Content-Length and chunked': [`${head}Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, /^HTTP\/1\.1 400/],
    'a length that is not a number': [`${head}Content-Length: 4x\r\n\r\n${body}`, /^HTTP\/1\.1 400/],
  };
  for (const [what, [text, want]] of Object.entries(cases)) {
    const r = await raw(text);
    console.log(`  ${what}: "${r.status}" in ${r.ms} ms`);
    assert.match(r.status, want, what);
    assert.ok(r.ms < 2000, `${what}: answered after ${r.ms} ms`);
  }
  const fine = await raw(`${head}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.match(fine.status, /^HTTP\/1\.1 401/, 'a well-framed request is still read');
});

test('a blocked word with zero-width characters inside is still blocked', async () => {
  const v = await HubClient.connect(s.base, 1);
  await v.request({ type: 'hello', nickname: 'Khách' }, 'welcome');
  for (const zw of ['\u200b', '\u200c', '\u2060', '\u2063', '\ufeff', '\u00ad', '\u180e', '\ufe00']) {
    for (const text of [`lừa${zw} đảo`, `l${zw}ừa đ${zw}ảo`, `s${zw}c${zw}a${zw}m`]) {
      const blocked = await v.request({ type: 'chat', text }, 'error');
      assert.equal(blocked.code, 'invalid', JSON.stringify(text));
    }
  }
  const fine = await v.request({ type: 'chat', text: 'mật\u200bong ngon' }, 'chat');
  assert.equal(fine.text, 'mật\u200bong ngon', 'a clean message keeps its characters');
  v.close();
});

test('stacked accents ("Zalgo" text) are refused in chat, nicknames and REST text; decomposed Vietnamese is not', async () => {
  const zalgo = 'Mua' + '\u0336\u035b\u0489'.repeat(20) + ' ngay';
  const v = await HubClient.connect(s.base, 1);
  const nick = await v.request({ type: 'hello', nickname: `Kh${'\u0301'.repeat(8)}ách` }, 'error');
  assert.equal(nick.code, 'invalid');
  assert.match(nick.message, /nickname: has too many accents stacked/);
  await v.request({ type: 'hello', nickname: 'Khách' }, 'welcome');
  const chat = await v.request({ type: 'chat', text: zalgo }, 'error');
  assert.equal(chat.code, 'invalid');
  assert.match(chat.message, /text: has too many accents stacked/);
  const nfd = 'Ma\u0323\u0302t ong tho\u031b\u0300m nhe\u0301';  // "Mật ong thơm nhé", decomposed: two marks at most
  assert.equal((await v.request({ type: 'chat', text: nfd }, 'chat')).text, nfd);
  v.close();
  const org = await loggedIn(s.base, 'organizer', 'organizer');
  const r = await org.post('/api/v1/booths/1/products', { name: zalgo, producer: 'HTX', province: 'Lào Cai', group: 'food', price: 1000, unit: 'hộp', stock: 1, stars: 3 });
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.body), /too many accents/);
});

// Resolves 'open' or how the upgrade failed.
function upgrade(cookie, origin) {
  return new Promise((resolve) => {
    const headers = { cookie, ...(origin ? { origin } : {}) };
    const ws = new WebSocket(`${s.base.replace(/^http/, 'ws')}/ws/booths/1`, { headers });
    ws.once('open', () => { ws.close(); resolve('open'); });
    ws.once('unexpected-response', (_, r) => resolve(`refused ${r.statusCode}`));
    ws.once('error', (e) => resolve(`refused (${e.message})`));
  });
}

test('a page of another site cannot act with a seller\'s cookie: no text/plain POST, no websocket', async () => {
  const seller = await loggedIn(s.base, 'seller1', 'seller1');
  const own = s.base;
  const evil = 'http://127.0.0.2:9999';
  const product = JSON.stringify({ name: 'x' });
  const attempts = {
    // What <form enctype=text/plain> on another site sends, with the cookie.
    'cross-site text/plain POST': [{ origin: evil, 'content-type': 'text/plain' }, 403],
    'cross-site JSON POST': [{ origin: evil, 'content-type': 'application/json' }, 403],
    'same-site text/plain POST': [{ origin: own, 'content-type': 'text/plain' }, 415],
    'no Origin, text/plain POST': [{ 'content-type': 'text/plain' }, 415],
    'no Origin, form POST': [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
  };
  for (const [what, [headers, want]] of Object.entries(attempts)) {
    const r = await seller.post('/api/v1/booths/1/products', product, { raw: true, headers });
    console.log(`  ${what}: ${r.status} ${JSON.stringify(r.body?.error ?? r.body)}`);
    assert.equal(r.status, want, `${what}: ${r.text}`);
  }
  const before = (await seller.get('/api/v1/booths/1/products')).body.products.length;
  const ok = await seller.post('/api/v1/booths/1/products', product, { raw: true, headers: { origin: own } });
  assert.equal(ok.status, 400, `our own page gets to validation: ${ok.text}`);
  assert.equal((await seller.get('/api/v1/booths/1/products')).body.products.length, before, 'nothing was created');

  const foreign = await upgrade(seller.cookie, evil);
  const nullOrigin = await upgrade(seller.cookie, 'null');
  const ours = await upgrade(seller.cookie, own);
  const noOrigin = await upgrade(seller.cookie, null);
  console.log(`  websocket upgrade from ${evil}: ${foreign}; from "null": ${nullOrigin}; from our page: ${ours}; without Origin: ${noOrigin}`);
  assert.match(foreign, /^refused/);
  assert.match(nullOrigin, /^refused/);
  assert.equal(ours, 'open');
  assert.equal(noOrigin, 'open');
});

test('hello is throttled: a connection cannot turn small hellos into welcomes over and over', async () => {
  const v = await HubClient.connect(s.base, 1);
  const from = v.messages.length;
  for (let i = 0; i < 20; i++) v.send({ type: 'hello', nickname: `Khách ${i}` });
  await waitFor(async () => v.messages.length - from >= 20 && true, { timeout: 5000, what: '20 answers' });
  const answers = v.messages.slice(from);
  const welcomes = answers.filter((m) => m.type === 'welcome').length;
  const limited = answers.filter((m) => m.type === 'error' && m.code === 'rate_limited').length;
  console.log(`  20 hellos: ${welcomes} welcomes, ${limited} rate_limited`);
  assert.equal(welcomes, 3);
  assert.equal(limited, 17);
  const chat = await v.request({ type: 'chat', text: 'vẫn nói được' }, 'chat');
  assert.equal(chat.text, 'vẫn nói được', 'the connection stays usable');
  v.close();
});
