// Chromium plays a booth through 5 % packet loss: a relay in this test sits
// between the page and the server's WebRTC port and drops 5 % of the SRTP
// and SRTCP packets each way. The server answers the page's NACKs from the
// booth's packet history (counted in /metrics), and the picture never
// freezes for more than a second.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { lossyRelay } from '../lib/lossy_relay.mjs';

const LOSS = 0.05;
const WARMUP_MS = 3000;
const WINDOW_MS = 20000;
const MAX_FREEZE_MS = 1000;

let s, pub, browser, relay;
before(async () => {
  // No ICE-TCP candidate: the page must go through the relay.
  s = await startServer({ config: { webrtc: { engine: 'fanout', tcp_port: 0 } } });
  const org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`);
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.ingest?.fps > 20,
    { timeout: 20000, what: 'booth 1 live with media' });
  browser = await launchBrowser();
  await browser.page.goto(`${s.base}/api/v1/health`);
});
after(async () => {
  await browser?.page.evaluate(() => window.__loss?.stop()).catch(() => {});
  await browser?.close();
  relay?.close();
  await pub?.stop();
  await s?.stop();
});

async function counters() {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  const n = (name) => Number(new RegExp(`^ocoplive_webrtc_${name} (\\d+)`, 'm').exec(text)?.[1]);
  return { nacks: n('nacks_total'), retransmissions: n('retransmissions_total') };
}

test(`plays through ${LOSS * 100} % loss: NACKs answered, no freeze over ${MAX_FREEZE_MS} ms`, { timeout: 90000 }, async () => {
  const { page } = browser;
  const before_ = await counters();
  const offer = await page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const L = { pc, stamps: [], stream: new MediaStream() };
    window.__loss = L;
    pc.ontrack = (e) => L.stream.addTrack(e.track);
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch('/whep/booths/1', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    L.location = res.headers.get('location');
    L.stop = async () => { if (L.location) await fetch(L.location, { method: 'DELETE' }); pc.close(); };
    return { status: res.status, sdp: await res.text() };
  });
  assert.equal(offer.status, 201, offer.sdp);
  const m = /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/i.exec(offer.sdp);
  assert.ok(m, `no UDP candidate on 127.0.0.1 in the answer:\n${offer.sdp}`);
  relay = await lossyRelay({ port: Number(m[1]), loss: LOSS });
  const answer = offer.sdp.replace(/^(a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 )\d+/gim, `$1${relay.port}`);

  await page.evaluate(async (sdp) => {
    const L = window.__loss;
    await L.pc.setRemoteDescription({ type: 'answer', sdp });
    const video = document.createElement('video');
    video.muted = true; video.autoplay = true; video.playsInline = true;
    video.srcObject = L.stream;
    document.body.appendChild(video);
    const onFrame = (now) => { L.stamps.push(now); video.requestVideoFrameCallback(onFrame); };
    video.requestVideoFrameCallback(onFrame);
    video.play().catch(() => {});
  }, answer);
  const { ms: firstMs } = await waitFor(async () => (await page.evaluate(() => window.__loss.stamps.length)) > 0 && true,
    { timeout: 15000, what: 'a first frame through the relay' });
  await sleep(WARMUP_MS);
  const from = await page.evaluate(() => performance.now());
  await sleep(WINDOW_MS);

  const r = await page.evaluate(async (from) => {
    const L = window.__loss;
    const stamps = L.stamps.filter((t) => t >= from);
    let maxGap = 0;
    for (let i = 1; i < stamps.length; i++) maxGap = Math.max(maxGap, stamps[i] - stamps[i - 1]);
    maxGap = Math.max(maxGap, performance.now() - (stamps[stamps.length - 1] ?? from));
    const stats = {};
    (await L.pc.getStats()).forEach((x) => {
      if (x.type === 'inbound-rtp' && x.kind === 'video') Object.assign(stats, {
        packetsReceived: x.packetsReceived, packetsLost: x.packetsLost, nackCount: x.nackCount,
        freezeCount: x.freezeCount, totalFreezesDuration: x.totalFreezesDuration, framesDecoded: x.framesDecoded,
      });
    });
    return { frames: stamps.length, maxGap, seconds: (performance.now() - from) / 1000, state: L.pc.connectionState, stats };
  }, from);
  const after_ = await counters();
  const c = relay.counts;
  const fps = r.frames / r.seconds;
  console.log(`  relay dropped ${c.downDropped} of ${c.down} packets to the page (${(100 * c.downDropped / c.down).toFixed(1)} %), ` +
    `${c.upDropped} of ${c.up} from it; first frame ${firstMs} ms after the answer`);
  console.log(`  page: ${r.frames} frames in ${r.seconds.toFixed(1)} s (${fps.toFixed(1)} fps), longest gap ${r.maxGap.toFixed(0)} ms, ` +
    `inbound video ${JSON.stringify(r.stats)}`);
  console.log(`  server: ${after_.nacks - before_.nacks} NACKed packets, ${after_.retransmissions - before_.retransmissions} retransmitted`);

  assert.equal(r.state, 'connected');
  assert.ok(c.downDropped / c.down > LOSS / 2, `the relay dropped only ${c.downDropped} of ${c.down}`);
  assert.ok(after_.retransmissions - before_.retransmissions > 0, 'no retransmission counted in /metrics');
  assert.ok(r.maxGap <= MAX_FREEZE_MS, `the picture froze for ${r.maxGap.toFixed(0)} ms`);
  assert.ok(fps >= 20, `${fps.toFixed(1)} fps through ${LOSS * 100} % loss (the publisher sends 30)`);
});
