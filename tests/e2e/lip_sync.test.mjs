// Lip sync at the page, on both WebRTC engines: ffmpeg publishes a picture
// that flashes and a sound that beeps at the same instants (one timeline,
// tests/lib/lip_sync.mjs); Chromium plays it over WHEP and times each flash's
// display (requestVideoFrameCallback) and each beep's output (AudioWorklet on
// the remote track, mapped to the page clock by getOutputTimestamp()).
// Thresholds are ITU-R BT.1359's detectability: audio at most 45 ms ahead of
// the picture and at most 125 ms behind it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { sleep, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import {
  flashBeepPublisher, startLipSyncViewer, stopLipSyncViewer, markWindow, readWindow, pairFlashes, offsetSummary,
  FLASHES_PER_SECOND, FPS,
} from '../lib/lip_sync.mjs';

const AHEAD_MS = -45, BEHIND_MS = 125;
const SYNC_STEP_MS = 90;
const MIN_FLASHES = 20;
// Chromium aligns the two streams once it holds a sender report for each and
// then moves the delay in steps; the first seconds of a join are not the
// steady state a viewer watches.
const WARMUP_MS = 6000;
const WINDOW_MS = Math.ceil((MIN_FLASHES + 3) / FLASHES_PER_SECOND) * 1000;

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)}` : '-');

for (const engine of ['fanout', 'webrtcbin']) {
  describe(`lip sync, ${engine} engine`, () => {
    let s, pub, browser;

    before(async () => {
      s = await startServer({ config: { webrtc: { engine } } });
      const org = await loggedIn(s.base, 'organizer', 'organizer');
      const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
      pub = flashBeepPublisher(`${s.rtmpBase}/${key}`, { seconds: 120 });
      await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'live', { timeout: 20000, what: 'booth 1 live' });
      browser = await launchBrowser({ bypassCSP: true });
      await browser.page.goto(`${s.base}/api/v1/health`);
    });
    after(async () => {
      if (browser) await stopLipSyncViewer(browser.page).catch(() => {});
      await browser?.close();
      await pub?.stop();
      await s?.stop();
    });

    test(`audio's median offset lies within ${AHEAD_MS}..+${BEHIND_MS} ms of the picture over at least ${MIN_FLASHES} flashes`, { timeout: 120000 }, async () => {
      const { page } = browser;
      const st = await startLipSyncViewer(page, '/whep/booths/1');
      assert.equal(st.status, 201, JSON.stringify(st));
      await waitFor(async () => {
        const w = await readWindow(page);
        return w.video.length > 0 && w.audio.length > 0 && w;
      }, { timeout: 20000, what: 'a first flash and a first beep' });
      await sleep(WARMUP_MS);
      await markWindow(page);
      await sleep(WINDOW_MS);
      const w = await readWindow(page);
      assert.equal(w.state, 'connected');
      const { flashes, pairs, unpaired, strayBeeps } = pairFlashes(w);
      const o = offsetSummary(pairs);
      const late = pairs.filter((p) => p.k > 0).length;
      console.log(`  ${engine}: ${o.n} flashes paired of ${flashes} (unpaired ${unpaired.length}, stray beeps ${strayBeeps}, `
        + `first flash frame missed ${late}); audio - picture: p50 ${ms(o.p50)} ms, p10 ${ms(o.p10)}, p90 ${ms(o.p90)}, `
        + `min ${ms(o.min)}, max ${ms(o.max)}, first ${ms(o.first)}, last ${ms(o.last)}; `
        + `vs presentationTime p50 ${ms(offsetSummary(pairs.map((p) => ({ offset: p.presentOffset }))).p50)} ms; `
        + `AudioContext outputLatency ${ms(w.outputLatency * 1000)} ms, baseLatency ${ms(w.baseLatency * 1000)} ms`);
      console.log(`  ${engine}: offsets in order (ms): ${pairs.map((p) => ms(p.offset)).join(' ')}`);
      // Where the spread comes from: the picture keeps the publisher's rhythm
      // (0.8 s / 1.2 s within a frame), while the beeps' intervals move in
      // steps of up to ~85 ms, Chromium's audio-video synchronization adding
      // and removing audio delay (it changes delay by at most 80 ms a step).
      const steps = (xs) => xs.slice(1).map((x, i) => (x - xs[i]).toFixed(0)).join(' ');
      console.log(`  ${engine}: flash intervals ${steps(w.video.map((v) => v.display - v.k * 1000 / FPS))}`);
      console.log(`  ${engine}: beep intervals  ${steps(w.audio.map((a) => a.heard))}`);

      assert.deepEqual(unpaired, [], 'every flash has exactly one beep within the pairing window');
      assert.ok(o.n >= MIN_FLASHES, `${o.n} flashes paired, at least ${MIN_FLASHES} needed`);
      // BT.1359's thresholds are for a sustained offset: the median must lie
      // within them. Single flashes are held to the thresholds widened by
      // one step of Chromium's own synchronization (above), which moves the
      // audio by up to 80 ms on this machine with either engine; p10/p90 are
      // printed for docs/benchmarks.md.
      assert.ok(o.p50 >= AHEAD_MS && o.p50 <= BEHIND_MS, `p50 ${ms(o.p50)} ms outside ${AHEAD_MS}..+${BEHIND_MS}`);
      assert.ok(o.min >= AHEAD_MS - SYNC_STEP_MS, `audio ${ms(-o.min)} ms ahead of the picture at one flash`);
      assert.ok(o.max <= BEHIND_MS + SYNC_STEP_MS, `audio ${ms(o.max)} ms behind the picture at one flash`);
    });
  });
}
