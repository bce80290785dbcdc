// What a shared link and an embedding site get, read without JavaScript:
// Open Graph tags rendered and escaped on the server (a booth named with
// `"<script>` included), a product's photo when no live picture exists, and
// frame-ancestors that let only server.embed_origins frame the embed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';

const PORTAL = 'https://ocop.laocai.gov.vn';
let s, org;
before(async () => {
  s = await startServer({ config: { server: { embed_origins: [PORTAL, 'http://127.0.0.2:8080'] } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
});
after(async () => { await s?.stop(); });

const meta = (html, property) => (new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html) || [])[1];

test('a booth whose name holds "<script> is shared with its name escaped, never as markup', async () => {
  const name = 'Gian "<script>alert(1)</script> & Co\'s';
  const put = await org.put('/api/v1/booths/2', { name });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const res = await fetch(`${s.base}/booths/2`);
  const html = await res.text();
  const head = html.slice(0, html.indexOf('</head>'));
  assert.equal(meta(head, 'og:title'), 'Gian &quot;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&#39;s – OCOP Live');
  assert.ok(!html.includes('<script>alert(1)'), 'the name never appears as markup');
  assert.match(meta(head, 'og:description'), /^Gian hàng OCOP · .+/);
  assert.equal(meta(head, 'og:url'), `${s.base}/booths/2`);
  // Offline: no live picture, so one of its products' photos.
  const image = meta(head, 'og:image');
  assert.ok(image && image.startsWith(`${s.base}/img/products/`), `og:image ${image}`);
  assert.equal((await fetch(image)).status, 200, 'the image is served');
  assert.match(head, /<meta name="twitter:card" content="summary_large_image">/);
  console.log(`  og:title ${meta(head, 'og:title')}; og:image ${image}`);
});

test('only the embed may be framed, and only by the configured sites', async () => {
  const embed = await fetch(`${s.base}/embed/booths/1`);
  assert.equal(embed.status, 200);
  assert.match(await embed.text(), /<video id="live-video"/);
  const csp = embed.headers.get('content-security-policy');
  assert.match(csp, new RegExp(`frame-ancestors ${PORTAL} http://127\\.0\\.0\\.2:8080;`));
  assert.equal(embed.headers.get('x-frame-options'), null, 'no X-Frame-Options: it would override the list');
  assert.match(csp, /script-src 'self';/, 'the rest of the policy is unchanged');
  for (const path of ['/booths/1', '/', '/studio', '/api/v1/booths', '/replays/1', '/css/app.css', '/embed/booths/1.css']) {
    const r = await fetch(s.base + path);
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none';/, path);
    assert.equal(r.headers.get('x-frame-options'), 'deny', path);
  }
  assert.equal((await fetch(`${s.base}/embed/booths/x`)).status, 404);
});
