// The showroom in a phone-sized headless Chromium: the demo market's booths
// as tiles, filters, the language switch, and pages that keep to the CSP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, loginInPage } from '../lib/browser.mjs';

let s, browser, page;
before(async () => {
  s = await startServer();
  browser = await launchBrowser();
  page = browser.page;
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

test('the showroom lists the 8 demo booths as tiles linking to their watch pages', async () => {
  await page.goto(`${s.base}/`);
  const tiles = page.locator('[data-testid=booth-tile]');
  await tiles.first().waitFor();
  assert.equal(await tiles.count(), 8);
  const hrefs = await tiles.evaluateAll((els) => els.map((a) => a.getAttribute('href')));
  assert.deepEqual([...hrefs].sort(), [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `/booths/${i}`).sort());
  const first = await tiles.first().innerText();
  assert.match(first, /NGOẠI TUYẾN/i, 'an offline booth says so');
  assert.match(first, /OCOP [345]★/, 'tiles show the best OCOP star rating');
  const title = await page.locator('#market-title').innerText();
  assert.match(title, /OCOP/);
  assert.match(await page.locator('#market-when').innerText(), /giờ Việt Nam/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a 390 px phone (scrollWidth ${width})`);
  assert.deepEqual(browser.events.pageErrors, []);
});

test('filters ask the server: one province, "live now", and clearing them', async () => {
  await page.goto(`${s.base}/`);
  await page.locator('[data-testid=booth-tile]').first().waitFor();
  await page.selectOption('#f-province', 'Cà Mau');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=booth-tile]').length === 1);
  assert.match(await page.locator('[data-testid=booth-tile]').innerText(), /Cà Mau/);
  await page.selectOption('#f-province', '');
  await page.check('#f-live', { force: true });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=booth-tile]').length === 0);
  assert.equal(await page.locator('#empty').isVisible(), true, 'an empty result explains itself');
  await page.click('#clear-filters');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=booth-tile]').length === 8);
});

test('English on request, remembered across pages; Vietnamese by default', async () => {
  const b = await launchBrowser();
  try {
    const p = b.page;
    await p.goto(`${s.base}/`);
    assert.equal(await p.getAttribute('html', 'lang'), 'vi');
    assert.equal(await p.locator('#f-province option[value=""]').textContent(), 'Mọi tỉnh/thành');
    await p.click('#lang-switch');
    await p.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await p.locator('#f-province option[value=""]').textContent(), 'All provinces');
    assert.match(await p.locator('[data-testid=booth-tile]').first().innerText(), /OFFLINE|LIVE/);
    await p.goto(`${s.base}/booths/2`);
    await p.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await p.locator('#chat-h').innerText(), /Chat/);
    const enPrice = await p.locator('.pitem .price').first().innerText();
    assert.match(enPrice, /^\d{1,3}(,\d{3})+ ₫$/, `English groups thousands with commas: ${enPrice}`);
    await p.click('#lang-switch');
    await p.waitForFunction(() => document.documentElement.lang === 'vi');
    assert.match(await p.locator('#chat-h').innerText(), /Trò chuyện/);
    await p.reload();
    const viPrice = await p.locator('.pitem .price').first().innerText();
    assert.match(viPrice, /^\d{1,3}(\.\d{3})+ ₫$/, `Vietnamese groups thousands with dots: ${viPrice}`);
  } finally {
    await b.close();
  }
});

test('every page loads under the strict CSP without errors', async () => {
  for (const path of ['/', '/booths/3', '/login', '/studio', '/organizer', '/orders']) {
    browser.events.pageErrors.length = 0;
    browser.events.consoleErrors.length = 0;
    await page.goto(`${s.base}${path}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    assert.deepEqual(browser.events.pageErrors, [], `${path}: script errors`);
    const csp = browser.events.consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e));
    assert.deepEqual(csp, [], `${path}: CSP violations`);
  }
});

test('no page scrolls sideways on a 360 px phone', async () => {
  const b = await launchBrowser({ viewport: { width: 360, height: 740 } });
  try {
    const p = b.page;
    const wide = async (path) => {
      await p.waitForLoadState('networkidle').catch(() => {});
      const w = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 360, `${path}: scrollWidth ${w} on a 360 px screen`);
    };
    for (const path of ['/', '/booths/1', '/login']) { await p.goto(`${s.base}${path}`); await wide(path); }
    await loginInPage(p, s.base, 'seller1');
    await p.locator('[data-testid=pin-button]').first().waitFor();
    await wide('/studio');
    await loginInPage(p, s.base, 'organizer');
    await p.locator('#board-booths li').first().waitFor();
    await wide('/organizer');
  } finally {
    await b.close();
  }
});
