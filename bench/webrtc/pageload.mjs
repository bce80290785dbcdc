// The watch page on a mid-range phone: first contentful paint and the first
// video frame, unthrottled and under Lighthouse's mobile profile (150 ms RTT,
// 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4x), for WebRTC and for HLS
// (?hls=1), in one run with the same portrait publisher. Each cell is the
// median of --loads fresh page loads (cold cache: a new context each time).
// Chromium's network throttling applies to HTTP and the websocket, not to
// WebRTC's UDP: the WebRTC rows show the page's cost, not the media path's.
import { chromium } from 'playwright-core';
import { ffmpegPublisher } from '../../tests/lib/publishers.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, boothState, machine, progress, startServer, streamKey, summary, table, waitFor, f0 } from './lib.mjs';

const PROFILES = {
  unthrottled: null,
  'mobile (Lighthouse)': { latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9, cpu: 4 },
};

async function oneLoad(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    if (profile) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: profile.downloadThroughput, uploadThroughput: profile.uploadThroughput });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    }
    await page.addInitScript(() => {
      window.__firstFrame = 0;
      const hook = () => {
        const v = document.querySelector('#live-video');
        if (!v) return setTimeout(hook, 20);
        const onFrame = () => { if (!window.__firstFrame) window.__firstFrame = performance.now(); };
        v.requestVideoFrameCallback(onFrame);
        v.addEventListener('loadeddata', () => v.requestVideoFrameCallback(onFrame));
      };
      document.addEventListener('DOMContentLoaded', hook);
    });
    await page.goto(url, { waitUntil: 'commit', timeout: 60000 });
    await page.waitForFunction(() => window.__firstFrame > 0, null, { timeout: 60000, polling: 50 });
    return await page.evaluate(() => ({
      fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
      frame: window.__firstFrame,
      transport: document.querySelector('#player').dataset.transport,
    }));
  } finally {
    await context.close();
  }
}

export async function pageLoad(o) {
  const loads = Number(o.loads);
  const m0 = machine();
  const server = await startServer({ rtmp: { grace_period_seconds: 5 } });
  let pub, browser;
  try {
    pub = ffmpegPublisher(`${server.rtmpBase}/${await streamKey(server.base, 1)}`, { size: '720x1280', bitrate: '1200k', gop: 30 });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    await waitFor(async () => (await fetch(`${server.base}/hls/booths/1/index.m3u8`)).ok, { what: 'HLS', timeout: 20000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    const rows = [];
    for (const [name, profile] of Object.entries(PROFILES)) {
      for (const [label, path] of [['WebRTC', '/booths/1'], ['HLS', '/booths/1?hls=1']]) {
        const fcp = [], frame = [];
        for (let i = 1; i <= loads; i++) {
          const r = await oneLoad(browser, server.base + path, profile);
          progress(`page load (${name}, ${label}) ${i}/${loads}: first paint ${f0(r.fcp)} ms, first video frame ${f0(r.frame)} ms (${r.transport})`);
          fcp.push(r.fcp);
          frame.push(r.frame);
        }
        rows.push([name, label, `${f0(summary(fcp).p50)} ms`, `${f0(summary(frame).p50)} ms`, `${f0(summary(frame).min)}–${f0(summary(frame).max)} ms`]);
      }
    }
    const m1 = machine();
    return [
      `Watch page load on a phone profile, ${m1.date}`,
      `machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.join(' ')}, after ${m1.loadavg.join(' ')}`,
      'publisher: ffmpeg testsrc2 720x1280@30, libx264 veryfast, 1 s GOP, 1200 kbit/s + AAC; 390x844 viewport at 2x, touch; a fresh context (cold cache) per load',
      '',
      table(['profile', 'video', `first contentful paint, median of ${loads}`, 'first video frame, median', 'range'], rows),
    ].join('\n');
  } finally {
    await browser?.close();
    await pub?.stop();
    await server.stop();
  }
}
