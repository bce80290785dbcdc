// A seller rehearses before the market day (390x844): "Tập dượt riêng" in the
// studio makes the booth private; the seller's own watch page plays the
// phone's stream while an anonymous visitor finds no tile in the showroom and
// gets 404 from the booth's WHEP endpoint. Turning it off opens the booth.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser, loginInPage, videoFigures } from '../lib/browser.mjs';
import { postOffer } from '../lib/whep_viewer.mjs';
import { browserLikeOffer } from '../lib/sdp_offer.mjs';

const BOOTH = 7;
let s, seller, sellerBrowser, visitor, pub;

before(async () => {
  s = await startServer();
  seller = await loggedIn(s.base, `seller${BOOTH}`);
  sellerBrowser = await launchBrowser();
  visitor = await launchBrowser();
});
after(async () => {
  await pub?.stop();
  await sellerBrowser?.close();
  await visitor?.close();
  await s?.stop();
});

const tiles = (page) => page.locator('[data-testid=booth-tile]').evaluateAll((els) => els.map((a) => a.getAttribute('href')));

test('a private rehearsal plays for its seller and does not exist for a visitor', async () => {
  const page = sellerBrowser.page;
  await loginInPage(page, s.base, `seller${BOOTH}`);
  const toggle = page.locator('[data-testid=visibility-toggle]');
  await page.locator('#studio:not([hidden])').waitFor();
  assert.equal(await toggle.isChecked(), false);
  await page.locator('label.rehearsal').click();
  await page.locator('#rehearsal-note:not([hidden])').waitFor();
  await waitFor(async () => (await seller.get(`/api/v1/booths/${BOOTH}`)).body.visibility === 'private', { what: 'booth private' });

  const key = (await seller.get(`/api/v1/booths/${BOOTH}/stream-key`)).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', rate: 30, bitrate: '800k', gop: 60 });
  await waitFor(async () => (await seller.get(`/api/v1/booths/${BOOTH}`)).body.state === 'live', { what: 'rehearsal live' });

  await page.goto(`${s.base}/booths/${BOOTH}`);
  const t0 = Date.now();
  await page.waitForFunction(() => { const v = document.querySelector('#live-video'); return v && v.videoWidth > 0 && v.currentTime > 0.5; }, null, { timeout: 20000 });
  const fig = await videoFigures(page);
  console.log(`seller's own rehearsal playing ${fig.width}x${fig.height} after ${Date.now() - t0} ms`);
  assert.equal(fig.width, 640);

  const v = visitor.page;
  await v.goto(`${s.base}/`);
  await v.locator('[data-testid=booth-tile]').first().waitFor();
  const hrefs = await tiles(v);
  assert.ok(hrefs.length >= 7, `${hrefs.length} tiles`);
  assert.ok(!hrefs.includes(`/booths/${BOOTH}`), 'no tile for the rehearsal');
  const answer = await postOffer(v, `/whep/booths/${BOOTH}`, browserLikeOffer());
  assert.equal(answer.status, 404, 'WHEP answers 404 while its seller plays it');
  assert.equal(await page.evaluate(() => document.querySelector('#live-video').currentTime > 0), true, 'the seller still plays');
});

test('turning rehearsal off puts the booth in the showroom', async () => {
  await sellerBrowser.page.goto(`${s.base}/studio`);
  await sellerBrowser.page.waitForFunction(() => document.querySelector('[data-testid=visibility-toggle]').checked);
  await sellerBrowser.page.locator('label.rehearsal').click();
  await waitFor(async () => (await seller.get(`/api/v1/booths/${BOOTH}`)).body.visibility === 'public', { what: 'booth public' });
  await visitor.page.reload();
  await visitor.page.locator(`[data-testid=booth-tile][href="/booths/${BOOTH}"]`).waitFor();
  const answer = await postOffer(visitor.page, `/whep/booths/${BOOTH}`, browserLikeOffer());
  assert.equal(answer.status, 201);
  for (const b of [sellerBrowser, visitor]) assert.deepEqual(b.events.pageErrors, []);
});
