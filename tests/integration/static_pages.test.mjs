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

// The watch page on a mid-range phone: its own JS + CSS stay under 60 KB of
// gzip as served (hls.js, loaded only when the page falls back to HLS, does
// not count), and every module it imports is preloaded so none waits for
// another to arrive first.
test('the watch page\'s own JS and CSS fit in 60 KB gzip, every module preloaded', async () => {
  const { request } = await import('node:http');
  const gz = (path) => new Promise((resolve, reject) => {
    request(`${s.base}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, bytes: Buffer.concat(chunks).length }));
    }).on('error', reject).end();
  });
  const html = await (await fetch(`${s.base}/booths/1`)).text();
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]));
  const entry = /<script type="module" src="([^"]+)"/.exec(html)[1];
  const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set();
  const walk = async (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const js = await (await fetch(s.base + path)).text();
    for (const m of js.matchAll(/^import [^'"]*['"](\.\/[^'"]+)['"]/gm)) await walk(new URL(m[1], `http://x${path}`).pathname);
  };
  await walk(entry);
  let total = 0;
  const sizes = [];
  for (const path of [...seen, ...css]) {
    const r = await gz(path);
    assert.equal(r.status, 200, path);
    total += r.bytes;
    sizes.push(`${path.split('/').pop()} ${r.bytes}`);
  }
  console.log(`  watch page: ${seen.size} modules + ${css.length} stylesheet = ${(total / 1024).toFixed(1)} KB gzip (${sizes.join(', ')})`);
  assert.ok(total < 60 * 1024, `${total} bytes of gzip`);
  const missing = [...seen].filter((p) => p !== entry && !preloaded.has(p));
  assert.deepEqual(missing, [], 'modules the page imports without a modulepreload');
});

// Every page, not only the watch page: a module imported without a preload
// costs a phone on 3G one more round trip.
test('every page preloads every module it imports', async () => {
  const pages = ['/', '/booths/1', '/studio', '/organizer', '/login', '/orders', '/replays/1', '/embed/booths/1'];
  const missingByPage = {};
  for (const page of pages) {
    const res = await fetch(`${s.base}${page}`);
    assert.equal(res.status, 200, page);
    const html = await res.text();
    const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]));
    const entry = /<script type="module" src="([^"]+)"/.exec(html)[1];
    const seen = new Set();
    const walk = async (path) => {
      if (seen.has(path)) return;
      seen.add(path);
      const js = await (await fetch(s.base + path)).text();
      for (const m of js.matchAll(/^import [^'"]*['"](\.\/[^'"]+)['"]/gm)) await walk(new URL(m[1], `http://x${path}`).pathname);
    };
    await walk(entry);
    const missing = [...seen].filter((p) => p !== entry && !preloaded.has(p));
    if (missing.length) missingByPage[page] = missing;
  }
  assert.deepEqual(missingByPage, {}, 'modules imported without a modulepreload, per page');
});
