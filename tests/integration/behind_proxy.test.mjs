// Behind a TLS reverse proxy every client reaches us from the proxy's
// address. With http.trusted_proxies the client's address comes from
// X-Forwarded-For (per-address limits apply to clients, not to the proxy),
// and with http.secure_cookies cookies are Secure and answers carry HSTS.
// Without trust, X-Forwarded-For is the client's own word and is ignored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';

let proxied, direct;
before(async () => {
  const http_ = { login_attempts_per_minute: 2, max_connections_per_address: 5 };
  proxied = await startServer({ config: { http: { ...http_, trusted_proxies: ['127.0.0.1'], secure_cookies: true } } });
  direct = await startServer({ config: { http: http_ } });
});
after(async () => {
  await proxied?.stop();
  await direct?.stop();
});

function post(base, path, body, headers = {}) {
  const url = new URL(path, base);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const wrong = (base, xff) => post(base, '/api/v1/login', { username: 'seller1', password: 'nope' },
  xff ? { 'x-forwarded-for': xff } : {});

test('behind a trusted proxy, failed logins count per client, not per proxy', async () => {
  const a = [await wrong(proxied.base, '198.51.100.1'), await wrong(proxied.base, '198.51.100.1'), await wrong(proxied.base, '198.51.100.1')];
  // seller1's own account limit is 2 as well: another account for the second client.
  const b = await post(proxied.base, '/api/v1/login', { username: 'seller2', password: 'seller2' }, { 'x-forwarded-for': '6.6.6.6, 198.51.100.2' });
  console.log(`  client .1: ${a.map((r) => r.status).join(' ')}; client .2 (with a forged first hop): ${b.status}`);
  assert.deepEqual(a.map((r) => r.status), [401, 401, 429]);
  assert.equal(b.status, 200, 'another client behind the same proxy still logs in');
  assert.match(b.headers['set-cookie'].join(';'), /ocop_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax; Secure/);
  assert.equal(b.headers['strict-transport-security'], 'max-age=31536000');
});

// Opens `n` idle sockets; resolves how many the server closed at once.
async function idleClosed(base, n) {
  const socks = [];
  let closed = 0;
  for (let i = 0; i < n; i++) {
    const c = net.connect(Number(new URL(base).port), '127.0.0.1');
    c.on('error', () => {});
    c.on('close', () => { closed++; });
    socks.push(c);
  }
  await new Promise((r) => setTimeout(r, 800));
  const n0 = closed;
  for (const c of socks) c.destroy();
  return n0;
}

test('the proxy\'s own connections are not held to the per-address cap; a client\'s are', async () => {
  const viaProxy = await idleClosed(proxied.base, 12);
  const straight = await idleClosed(direct.base, 12);
  console.log(`  12 sockets from the trusted proxy: ${viaProxy} refused; from an untrusted address: ${straight} refused (cap 5)`);
  assert.equal(viaProxy, 0);
  assert.equal(straight, 7);
});

test('without trust, X-Forwarded-For is ignored and cookies are not Secure', async () => {
  const r = [await wrong(direct.base, '198.51.100.1'), await wrong(direct.base, '198.51.100.2'), await wrong(direct.base, '198.51.100.3')];
  console.log(`  three forged addresses from one socket address: ${r.map((x) => x.status).join(' ')}`);
  assert.deepEqual(r.map((x) => x.status), [401, 401, 429]);
  const ok = await post(direct.base, '/api/v1/login', { username: 'seller3', password: 'seller3' }, { 'x-forwarded-for': '203.0.113.9' });
  assert.equal(ok.status, 429, 'the socket address is over its limit, whatever the header says');
  const health = await fetch(`${direct.base}/api/v1/health`);
  assert.equal(health.headers.get('strict-transport-security'), null);
});
