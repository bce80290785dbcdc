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
