// A WHEP player embedded on another origin (a provincial portal, a partner
// shop): a page served from 127.0.0.2 plays a booth from the server on
// 127.0.0.1 in headless Chromium. Its POST of an application/sdp offer is not
// a "simple" request, so Chromium sends a CORS preflight first and enforces
// the answers' CORS headers; reading Location needs Access-Control-Expose-Headers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';

// The embedding page. play() resolves with the POST's outcome; frames are
// counted as the real decoder presents them.
const PLAYER_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng OCOP tỉnh: xem gian hàng</title></head>
<body><video id="player" muted autoplay playsinline></video>
<script>
window.player = { frames: 0, firstFrameMs: -1 };
window.play = async (whepUrl) => {
  const p = window.player;
  p.t0 = performance.now();
  const pc = new RTCPeerConnection();
  p.pc = pc;
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  pc.ontrack = (e) => stream.addTrack(e.track);
  await pc.setLocalDescription(await pc.createOffer());
  let res;
  try {
    res = await fetch(whepUrl, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
  } catch (e) {
    pc.close();
    return { error: e.name + ': ' + e.message };
  }
  p.answerMs = performance.now() - p.t0;
  const location = res.headers.get('location');
  if (res.status !== 201) return { status: res.status, body: await res.text() };
  p.session = new URL(location, whepUrl).href;
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  const video = document.getElementById('player');
  video.srcObject = stream;
  const onFrame = () => {
    if (p.firstFrameMs < 0) p.firstFrameMs = performance.now() - p.t0;
    p.frames++;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  video.play().catch(() => {});
  return { status: res.status, location, link: res.headers.get('link'), answerMs: p.answerMs };
};
window.figures = () => {
  const v = document.getElementById('player');
  return { frames: window.player.frames, firstFrameMs: window.player.firstFrameMs, width: v.videoWidth,
    height: v.videoHeight, state: window.player.pc ? window.player.pc.connectionState : 'none' };
};
window.stop = async () => {
  const res = await fetch(window.player.session, { method: 'DELETE' });
  window.player.pc.close();
  return res.status;
};
</script></body></html>`;

let portal, portalOrigin, browser;

before(async () => {
  portal = http.createServer((req, res) => {
    if (req.url !== '/gian-hang.html') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PLAYER_PAGE);
  });
  await new Promise((r) => portal.listen(0, '127.0.0.2', r));
  portalOrigin = `http://127.0.0.2:${portal.address().port}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => portal?.close(r));
});

async function liveServer(config) {
  const s = await startServer({ config });
  const org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', bitrate: '800k' });
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'live', { what: 'booth 1 live' });
  return { s, org, pub, async stop() { await pub.stop(); await s.stop(); } };
}

async function openPlayer() {
  const page = await browser.newPage();
  await page.goto(`${portalOrigin}/gian-hang.html`);
  assert.equal(await page.evaluate(() => location.origin), portalOrigin);
  return page;
}

describe('with the default webrtc.cors_origins ("*")', () => {
  let live;
  before(async () => { live = await liveServer({}); });
  after(async () => { await live?.stop(); });

  test('the page on another origin plays the booth, then ends its session through the exposed Location', async () => {
    const page = await openPlayer();
    const whepUrl = `${live.s.base}/whep/booths/1`;
    assert.notEqual(new URL(whepUrl).origin, portalOrigin, 'the player and the server are different origins');
    const r = await page.evaluate((u) => window.play(u), whepUrl);
    assert.equal(r.status, 201, JSON.stringify(r));
    assert.match(r.location, /^\/whep\/sessions\/[0-9a-f]{32}$/, 'Location is readable cross-origin');
    const { value: first, ms } = await waitFor(async () => {
      const f = await page.evaluate(() => window.figures());
      return f.firstFrameMs >= 0 && f.width > 0 && f;
    }, { what: 'a first decoded frame' });
    console.log(`  cross-origin: answer ${r.answerMs.toFixed(0)} ms (preflight included), first frame ${first.firstFrameMs.toFixed(0)} ms after the offer (waited ${ms} ms)`);
    assert.equal(first.width, 640);
    assert.equal(first.height, 360);
    const before = first.frames;
    await new Promise((res) => setTimeout(res, 3000));
    const f = await page.evaluate(() => window.figures());
    console.log(`  ${f.frames - before} frames in 3 s`);
    assert.ok(f.frames > before + 30, `frames keep coming (${before} -> ${f.frames})`);
    assert.equal(f.state, 'connected');
    assert.equal((await live.org.get('/api/v1/booths/1')).body.viewers, 1);

    assert.equal(await page.evaluate(() => window.stop()), 200, 'DELETE from the other origin');
    await waitFor(async () => (await live.org.get('/api/v1/booths/1')).body.viewers === 0, { what: 'viewers back to 0' });
    const cors = browser.events.consoleErrors.filter((e) => /CORS/.test(e));
    assert.deepEqual(cors, [], 'no CORS error in the console');
    await page.close();
  });
});

describe('with webrtc.cors_origins naming only another site', () => {
  let live;
  before(async () => { live = await liveServer({ webrtc: { cors_origins: ['https://shop.example.vn'] } }); });
  after(async () => { await live?.stop(); });

  test('the browser refuses the answer: the page\'s fetch fails with a CORS error and no viewer is made', async () => {
    const page = await openPlayer();
    const errorsBefore = browser.events.consoleErrors.length;
    const r = await page.evaluate((u) => window.play(u), `${live.s.base}/whep/booths/1`);
    assert.match(r.error || '', /^TypeError: Failed to fetch/, JSON.stringify(r));
    const logged = browser.events.consoleErrors.slice(errorsBefore).join('\n');
    assert.match(logged, /blocked by CORS policy/, `console: ${logged}`);
    console.log(`  refused: ${logged.split('\n')[0].slice(0, 160)}`);
    // The preflight was refused, so the POST never reached the server.
    assert.equal((await live.org.get('/api/v1/booths/1')).body.viewers, 0);
    await page.close();
  });
});
