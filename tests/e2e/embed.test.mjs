// A provincial portal embeds a booth: an <iframe> of /embed/booths/{id} on a
// page of an origin listed in server.embed_origins plays the live video and
// shows the pinned card; the same <iframe> on any other origin is refused by
// the browser (CSP frame-ancestors). The portals are small node servers on
// other loopback addresses, so each is a different origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const BOOTH = 1;
let s, org, pub, browser, allowed, other;

function portal(host) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta name="viewport" content="width=device-width"><title>Cổng OCOP tỉnh</title><h1>Phiên chợ OCOP</h1>
<iframe id="booth" src="${srv.embedSrc}" width="360" height="640" allow="autoplay" title="Gian hàng"></iframe>`);
    });
    srv.listen(0, host, () => resolve({ srv, origin: `http://${host}:${srv.address().port}` }));
  });
}

before(async () => {
  [allowed, other] = await Promise.all([portal('127.0.0.2'), portal('127.0.0.3')]);
  s = await startServer({ config: { server: { embed_origins: [allowed.origin] } } });
  allowed.srv.embedSrc = other.srv.embedSrc = `${s.base}/embed/booths/${BOOTH}`;
  org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '720x1280', bitrate: '800k', gop: 30 });
  await waitFor(async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.live, { timeout: 20000, what: 'booth live' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pub?.stop();
  await s?.stop();
  allowed?.srv.close();
  other?.srv.close();
});

test('an <iframe> on an allowed site plays the booth and shows its pinned card', { timeout: 60000 }, async () => {
  const page = browser.page;
  const t0 = Date.now();
  await page.goto(allowed.origin);
  const frame = await waitFor(async () => page.frames().find((f) => f.url().includes('/embed/booths/')), { what: 'the embed frame' });
  const f = frame.value;
  await f.waitForFunction(() => {
    const v = document.querySelector('#live-video');
    return v && v.readyState >= 2 && v.currentTime > 0.5 && v.videoHeight === 1280;
  }, null, { timeout: 20000 });
  console.log(`  embedded video playing (720x1280) ${Date.now() - t0} ms after the portal loaded`);
  const a = await f.evaluate(() => document.querySelector('#live-video').currentTime);
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(await f.evaluate(() => document.querySelector('#live-video').currentTime) > a, 'the video keeps playing');

  const seller = await loggedIn(s.base, `seller${BOOTH}`);
  const hub = await HubClient.connect(s.base, BOOTH, { cookie: seller.cookie });
  await hub.hello('Shop');
  const product = (await org.get(`/api/v1/booths/${BOOTH}/products`)).body.products[0];
  await hub.request({ type: 'pin', product_id: product.id }, 'card');
  await f.locator('[data-testid=product-card]').waitFor({ timeout: 15000 });
  assert.match(await f.locator('[data-testid=product-card]').innerText(), new RegExp(product.name.slice(0, 10)));
  if (process.env.OCOPLIVE_SHOTS) {
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(process.env.OCOPLIVE_SHOTS, 'embed.jpg'), type: 'jpeg', quality: 72 });
  }
  const open = f.locator('[data-testid=open-booth]');
  assert.equal(await open.getAttribute('href'), `/booths/${BOOTH}`);
  assert.equal(await open.getAttribute('target'), '_blank');
  hub.close();
});

test('the same <iframe> on another site is refused', { timeout: 30000 }, async () => {
  const page = await browser.newPage();
  const refusals = [];
  page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) refusals.push(m.text()); });
  await page.goto(other.origin);
  await waitFor(async () => refusals.length > 0, { timeout: 10000, what: 'the browser refusing the frame' });
  const child = page.frames().find((fr) => fr !== page.mainFrame());
  assert.equal(await child.locator('#live-video').count(), 0, 'nothing of the booth inside the refused frame');
  console.log(`  ${other.origin}: ${refusals[0].slice(0, 140)}`);
  await page.close();
});
