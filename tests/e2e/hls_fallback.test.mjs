// The watch page falls back to HLS by itself: when WebRTC is full (WHEP
// 503 with webrtc.max_viewers 1), when WebRTC has not connected within 4 s
// (the WHEP request held by the test), and with ?hls=1. The HLS viewer's
// video plays (hls.js from our own origin, real decoder) and its order
// button works; once WebRTC capacity frees, a new page load gets WebRTC.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser, showProducts, videoFigures } from '../lib/browser.mjs';

const BOOTH = 1;
let s, org, pub, first, second;

before(async () => {
  s = await startServer({ config: { webrtc: { max_viewers: 1 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', bitrate: '800k', gop: 30 });
  await waitFor(async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.hls_url, { timeout: 20000, what: 'booth live with HLS' });
  [first, second] = await Promise.all([launchBrowser(), launchBrowser()]);
});
after(async () => {
  await first?.close();
  await second?.close();
  await pub?.stop();
  await s?.stop();
});

async function playing(page, transport) {
  const t0 = Date.now();
  await page.locator(`#player[data-transport=${transport}]`).waitFor({ state: 'attached', timeout: 15000 });
  const a = await waitFor(async () => {
    const f = await videoFigures(page);
    return f && f.width === 640 && f.frames > 0 ? f : null;
  }, { timeout: 15000, what: `${transport}: a decoded picture` });
  const b = await waitFor(async () => {
    const f = await videoFigures(page);
    return f.frames >= a.value.frames + 15 && f.time > a.value.time ? f : null;
  }, { timeout: 15000, what: `${transport}: frames advancing` });
  return { ms: Date.now() - t0, frames: [a.value.frames, b.value.frames] };
}

test('WebRTC full: the second viewer plays HLS by itself, says so in one line, and can order', { timeout: 120000 }, async () => {
  await first.page.goto(`${s.base}/booths/${BOOTH}`);
  const rtc = await playing(first.page, 'webrtc');
  assert.equal(await first.page.locator('#hls-note').isVisible(), false);
  console.log(`  viewer 1: WebRTC playing after ${rtc.ms} ms`);

  const page = second.page;
  const whep = [];
  page.on('response', (r) => { if (r.url().includes('/whep/')) whep.push(r.status()); });
  const t0 = Date.now();
  await page.goto(`${s.base}/booths/${BOOTH}`);
  const hls = await playing(page, 'hls');
  console.log(`  viewer 2: WHEP ${JSON.stringify(whep)}, HLS playing ${Date.now() - t0} ms after navigation (frames ${hls.frames.join(' -> ')})`);
  assert.deepEqual(whep, [503]);
  assert.equal(await page.locator('#hls-note').isVisible(), true);
  assert.match(await page.locator('#hls-note').innerText(), /chậm vài giây/);
  assert.equal(await page.locator('#player-overlay').isVisible(), false, 'no overlay over the playing video');
  assert.deepEqual(second.events.pageErrors, []);

  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  await showProducts(page);
  await page.locator('.pitem').first().locator('button', { hasText: 'Đặt mua' }).click();
  await page.fill('[data-testid=order-name]', 'Lê Văn Hải');
  await page.fill('[data-testid=order-phone]', '0912 345 678');
  await page.fill('[data-testid=order-address]', '12 Cầu Mây, Sa Pa, Lào Cai');
  await page.click('[data-testid=order-submit]');
  const code = (await page.locator('[data-testid=order-code]').innerText({ timeout: 15000 })).trim();
  assert.match(code, /^[A-Z0-9-]{4,}$/);
  const orders = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
  assert.ok(orders.some((o) => o.code === code && o.name === 'Lê Văn Hải'), `order ${code} reached the booth`);
  console.log(`  viewer 2 ordered over HLS: ${code}`);
});

test('WebRTC capacity frees: a new page load gets WebRTC again', { timeout: 60000 }, async () => {
  await first.page.goto('about:blank');
  const rtc = await waitFor(async () => {
    await second.page.reload();
    try { return await playing(second.page, 'webrtc'); } catch { return null; }
  }, { timeout: 40000, interval: 500, what: 'WebRTC after a reload' });
  assert.equal(await second.page.locator('#hls-note').isVisible(), false);
  console.log(`  after a reload: WebRTC playing in ${rtc.value.ms} ms`);
});

test('?hls=1 plays HLS without asking for WebRTC', { timeout: 90000 }, async () => {
  await second.page.goto('about:blank');
  const page = first.page;
  const whep = [], parts = [];
  page.on('request', (r) => {
    if (r.url().includes('/whep/')) whep.push(r.method());
    if (/p\d+\.ts$/.test(r.url())) parts.push(r.url());
  });
  await page.goto(`${s.base}/booths/${BOOTH}?hls=1`);
  const hls = await playing(page, 'hls');
  console.log(`  ?hls=1: HLS playing after ${hls.ms} ms`);
  assert.deepEqual(whep, []);

  // Low-Latency HLS over several playlist slides: parts are fetched once
  // each, playback keeps the pace of the clock, and the buffer stays a
  // short distance ahead (a misplaced timeline shows as a buffer that runs
  // away from the playhead).
  const sample = () => page.evaluate(() => {
    const v = document.querySelector('#live-video');
    return { t: performance.now(), cur: v.currentTime, ahead: v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0 };
  });
  const s0 = await sample();
  let maxAhead = 0, last = s0;
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    last = await sample();
    maxAhead = Math.max(maxAhead, last.ahead);
  }
  const rate = (last.cur - s0.cur) / ((last.t - s0.t) / 1000);
  const twice = parts.length - new Set(parts).size;
  console.log(`  LL-HLS over 10 s: ${parts.length} parts fetched (${twice} twice), playback rate ${rate.toFixed(2)}, buffer ahead at most ${maxAhead.toFixed(2)} s`);
  assert.ok(parts.length >= 10, `parts fetched: ${parts.length}`);
  assert.ok(twice <= 2, `${twice} parts fetched twice`);
  assert.ok(rate > 0.8 && rate < 1.25, `playback at ${rate.toFixed(2)} x the clock`);
  assert.ok(maxAhead < 4, `the buffer ran ${maxAhead.toFixed(2)} s ahead of the playhead`);
});

test('WebRTC that does not connect within 4 s gives way to HLS', { timeout: 60000 }, async () => {
  const page = await second.newPage();
  // The WHEP answer never comes, as on a network that swallows it.
  await page.route('**/whep/**', () => {});
  const t0 = Date.now();
  await page.goto(`${s.base}/booths/${BOOTH}`);
  await page.locator('#player[data-transport=webrtc]').waitFor({ state: 'attached' });
  await page.locator('#player[data-transport=hls]').waitFor({ state: 'attached', timeout: 15000 });
  const switched = Date.now() - t0;
  const hls = await playing(page, 'hls');
  console.log(`  held WHEP: HLS after ${switched} ms, playing ${hls.ms} ms later`);
  assert.ok(switched >= 4000, `switched after ${switched} ms, before the 4 s WebRTC gets`);
  await page.close();
});

test('the showroom tile of a live booth shows its live thumbnail and refreshes it while visible', { timeout: 60000 }, async () => {
  const page = first.page;
  await page.goto(`${s.base}/`);
  const img = page.locator(`[data-testid=booth-tile][data-booth-id="${BOOTH}"] img[data-testid=tile-thumb]`);
  await img.waitFor({ state: 'attached' });
  await page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0,
    `[data-testid=booth-tile][data-booth-id="${BOOTH}"] img[data-testid=tile-thumb]`);
  const src0 = await img.getAttribute('src');
  assert.match(src0, new RegExp(`^/thumbs/booths/${BOOTH}\\.jpg\\?t=\\d+$`));
  assert.equal(await img.evaluate((el) => el.naturalWidth), 320);
  const t0 = Date.now();
  await page.waitForFunction(([sel, old]) => document.querySelector(sel)?.getAttribute('src') !== old,
    [`[data-testid=booth-tile][data-booth-id="${BOOTH}"] img[data-testid=tile-thumb]`, src0], { timeout: 15000 });
  console.log(`  showroom thumbnail refreshed ${Date.now() - t0} ms later`);
  const other = page.locator('[data-testid=booth-tile][data-booth-id="2"] img');
  assert.equal(await other.getAttribute('data-testid'), null, 'an offline booth keeps its product picture');
});
