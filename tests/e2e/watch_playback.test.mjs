// The watch page plays a booth fed by ffmpeg over RTMP through WHEP in
// headless Chromium (real decoder, loopback only), shows "reconnecting" and
// "offline" when the publisher drops, and resumes by itself when it returns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser, videoFigures, whepAvailable } from '../lib/browser.mjs';

const BOOTH = 1;
const GRACE = 4;
let s, org, browser, page, whep;
const pubs = [];

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: GRACE } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  whep = await whepAvailable(s.base, BOOTH);
  browser = await launchBrowser();
  page = browser.page;
});
after(async () => {
  for (const p of pubs) await p.stop();
  await browser?.close();
  await s?.stop();
});

const SKIP = 'WHEP is not in this server build yet (POST /whep/booths/1 answers 404 route-not-found); this test runs once it lands';

async function publish() {
  const key = (await org.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  pubs.push(pub);
  await waitFor(async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.state === 'live', { what: 'booth live', timeout: 20000 });
  return pub;
}

async function framesAdvance(what) {
  const a = await waitFor(async () => {
    const f = await videoFigures(page);
    return f && f.width === 1280 && f.frames > 0 ? f : null;
  }, { timeout: 20000, what: `${what}: video at 1280 px` });
  const first = a.value;
  const b = await waitFor(async () => {
    const f = await videoFigures(page);
    return f.frames >= first.frames + 15 && f.time > first.time ? f : null;
  }, { timeout: 10000, what: `${what}: frames advancing` });
  return { first, later: b.value, ms: a.ms };
}

test('the watch page plays the booth live over WHEP, muted with a tap-to-unmute button', async (t) => {
  if (!whep) return t.skip(SKIP);
  await publish();
  const t0 = Date.now();
  await page.goto(`${s.base}/booths/${BOOTH}`);
  const { first, later } = await framesAdvance('first play');
  console.log(`video playing ${Date.now() - t0} ms after navigation: ${first.width}x${first.height}, frames ${first.frames} -> ${later.frames}`);
  assert.equal(first.width, 1280);
  assert.equal(first.height, 720);
  assert.equal(later.muted, true, 'starts muted (autoplay on phones)');
  assert.match(await page.locator('#live-badge').innerText(), /LIVE/);
  const unmute = page.locator('#unmute');
  await unmute.waitFor();
  await unmute.click();
  assert.equal((await videoFigures(page)).muted, false, 'one tap unmutes');
  assert.equal(await page.locator('#player-overlay').isVisible(), false, 'no overlay over a playing video');
  await waitFor(async () => (await org.get(`/api/v1/booths/${BOOTH}`)).body.viewers >= 1, { what: 'the server counts the viewer' });
});

test('publisher drop: "reconnecting", then "offline"; back on air the video resumes without a reload', async (t) => {
  if (!whep) return t.skip(SKIP);
  await pubs.pop().stop();
  await page.locator('#player-overlay[data-kind=reconnecting]').waitFor({ timeout: 15000 });
  assert.match(await page.locator('#live-badge').innerText(), /kết nối lại/i);
  await page.locator('#player-overlay[data-kind=offline]').waitFor({ timeout: (GRACE + 15) * 1000 });
  assert.match(await page.locator('#overlay-text').innerText(), /ngoại tuyến/i);
  const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  await publish();
  await framesAdvance('after the return');
  assert.equal(await page.locator('#player-overlay').isVisible(), false);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), navigations, 'no reload');
  assert.deepEqual(browser.events.pageErrors, []);
});
