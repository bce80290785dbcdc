// The web client is served from the web root with the right types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let s;
before(async () => { s = await startServer({ demo: false }); });
after(async () => { await s.stop(); });

test('/ serves the showroom page and its script', async () => {
  const page = await fetch(`${s.base}/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await page.text();
  const script = /<script[^>]+src="([^"]+)"/.exec(html)[1];
  const js = await fetch(s.base + script);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  assert.match(await js.text(), /\/api\/v1\/booths/);
});

test('a missing file is a 404 and HEAD works', async () => {
  const r = await fetch(`${s.base}/img/nope.png`);
  assert.equal(r.status, 404);
  const head = await fetch(`${s.base}/css/app.css`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'text/css; charset=utf-8');
});

test('text files are gzipped for clients that accept it, byte-identical once inflated', async () => {
  const { request } = await import('node:http');
  const { gunzipSync } = await import('node:zlib');
  const get = (headers) => new Promise((resolve, reject) => {
    request(`${s.base}/js/showroom.js`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
  const plain = await get({});
  const zipped = await get({ 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.ok(zipped.body.length < plain.body.length / 2, `${zipped.body.length} vs ${plain.body.length}`);
  assert.deepEqual(gunzipSync(zipped.body), plain.body);
  const refused = await get({ 'accept-encoding': 'gzip;q=0, identity' });
  assert.equal(refused.headers['content-encoding'], undefined);
});
