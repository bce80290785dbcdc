// Headless Debian Chromium through playwright-core, sized like a buyer's
// phone. Each launch gets its own temporary profile (so cookies and
// localStorage never leak between a "seller" and a "viewer"), removed on close.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.OCOPLIVE_CHROMIUM || '/usr/bin/chromium';

// Loopback-only WebRTC: without the two WebRTC flags Chromium offers only
// mDNS names and media would leave over the external address (DESIGN.md §2).
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const open = new Set();
process.on('exit', () => {
  for (const b of open) try { rmSync(b.profile, { recursive: true, force: true }); } catch {}
});

// Returns { context, page, newPage(), events, close() }. `events` collects
// console errors, page errors and dialogs, so tests can assert none fired.
// `bypassCSP`: for instruments a test injects into one of our pages (an
// AudioWorklet from a blob: URL) that the product's CSP rightly refuses.
export async function launchBrowser({ viewport = PHONE.viewport, locale = 'vi-VN', timeout = 30000, bypassCSP = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ocoplive-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      ...PHONE,
      viewport,
      locale,
      timeout,
      bypassCSP,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const events = { dialogs: [], pageErrors: [], consoleErrors: [] };
  const watch = (page) => {
    page.on('dialog', (d) => { events.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
    page.on('pageerror', (e) => events.pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') events.consoleErrors.push(m.text()); });
    page.setDefaultTimeout(15000);
  };
  for (const p of context.pages()) watch(p);
  context.on('page', watch);
  const page = context.pages()[0] || await context.newPage();
  const handle = {
    context, page, events, profile,
    async newPage() { return context.newPage(); },
    async close() {
      open.delete(handle);
      await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10000))]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  open.add(handle);
  return handle;
}

// Logs in through the real login page; resolves once the redirect landed.
export async function loginInPage(page, base, username, password = username) {
  await page.goto(`${base}/login`);
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 }),
    page.click('[data-testid=login-submit]'),
  ]);
}

// Video figures of #live-video (or another selector) in the page.
export async function videoFigures(page, selector = '#live-video') {
  return page.evaluate((sel) => {
    const v = document.querySelector(sel);
    if (!v) return null;
    const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality() : { totalVideoFrames: 0 };
    return { width: v.videoWidth, height: v.videoHeight, time: v.currentTime, frames: q.totalVideoFrames, muted: v.muted, paused: v.paused };
  }, selector);
}

// True when the server answers WHEP at all (404 "no route" means the WHEP
// route is not built into this binary yet).
export async function whepAvailable(base, boothId = 1) {
  const r = await fetch(`${base}/whep/booths/${boothId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'v=0' });
  const text = await r.text();
  return !(r.status === 404 && /no route|route.not.found/i.test(text));
}

// On a phone, a live booth's product list is a bottom sheet behind the room's
// products button; elsewhere it is on the page. Either way, shows it.
export async function showProducts(page) {
  const button = page.locator('[data-testid=products-button]');
  if (await button.isVisible()) {
    await button.click();
    await page.locator('#products-panel.open').waitFor();
  }
}
