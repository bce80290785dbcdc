// WebRTC playback over WHEP in headless Chromium (real decoder), fed by ffmpeg
// over RTMP; all media on loopback (the server's ICE is restricted to 127.0.0.1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { postOffer, startViewer, stopViewer, viewerFigures } from '../lib/whep_viewer.mjs';

let s, org, browser, page;
const pubs = [];

before(async () => {
  s = await startServer({ config: { rtmp: { grace_period_seconds: 20 } } });
  org = await loggedIn(s.base, 'organizer', 'organizer');
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${s.base}/api/v1/health`);  // any page on the server's origin
});
after(async () => {
  for (const p of pubs) await p.stop();
  await browser?.close();
  await s?.stop();
});

async function publish(booth, opts = {}) {
  const key = (await org.get(`/api/v1/booths/${booth}/stream-key`)).body.stream_key;
  const pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, opts);
  pubs.push(pub);
  await waitFor(async () => (await org.get(`/api/v1/booths/${booth}`)).body.state === 'live', { what: `booth ${booth} live` });
  return pub;
}

async function metric(name) {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
}

// Frames must keep arriving: every 2 s window of `seconds` gains frames.
async function assertFramesFlow(name, seconds, minFps) {
  let last = (await viewerFigures(page, name)).frames;
  const start = last;
  for (let t = 0; t < seconds; t += 2) {
    await sleep(2000);
    const f = await viewerFigures(page, name);
    assert.ok(f.frames > last, `no new frames between ${t} s and ${t + 2} s (${f.frames})`);
    assert.equal(f.state, 'connected');
    last = f.frames;
  }
  const fps = (last - start) / seconds;
  console.log(`  ${name}: ${last - start} frames in ${seconds} s (${fps.toFixed(1)} fps)`);
  assert.ok(fps >= minFps, `${fps.toFixed(1)} fps is below ${minFps}`);
}

describe('H.264 passthrough with AAC -> Opus', () => {
  test('video decodes at the publisher resolution, keeps coming for 10 s, and audio carries sound', async () => {
    await publish(1);
    const hub = await HubClient.connect(s.base, 1);
    await hub.hello('Người xem');
    const r = await startViewer(page, '/whep/booths/1', 'a');
    assert.equal(r.status, 201, JSON.stringify(r));
    assert.match(r.location, /^\/whep\/sessions\/[0-9a-f]{32}$/);
    const { value: first, ms } = await waitFor(async () => {
      const f = await viewerFigures(page, 'a');
      return f.firstFrameMs >= 0 && f.width > 0 && f;
    }, { what: 'a first decoded frame' });
    console.log(`  answer ${r.answerMs.toFixed(0)} ms, first frame ${first.firstFrameMs.toFixed(0)} ms after POST (waited ${ms} ms)`);
    assert.equal(first.width, 1280);
    assert.equal(first.height, 720);
    const { value: rms } = await waitFor(async () => {
      const x = (await viewerFigures(page, 'a')).audioRms;
      return x > 0.01 && x;
    }, { what: 'sound on the audio track' });
    console.log(`  audio RMS ${rms.toFixed(3)}`);
    await assertFramesFlow('a', 10, 5);

    assert.equal((await org.get('/api/v1/booths/1')).body.viewers, 1);
    assert.equal(await metric('ocoplive_viewers'), 1);
    await hub.next((m) => m.type === 'viewers' && m.count === 1);
    hub.close();
  });

  test('bad offers get a clear 4xx, cost nothing, and the watching viewer never notices', async () => {
    const before = (await viewerFigures(page, 'a')).frames;
    const elementsBefore = await metric('ocoplive_media_elements');
    const vp8Only = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n'
      + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n';
    const noMedia = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    const cases = [
      ['garbage', 'this is not SDP \u0000\u0001', 400],
      ['no media sections', noMedia, 400],
      ['no H.264', vp8Only, 400],
      ['over 64 KiB', vp8Only + 'a=x:' + 'y'.repeat(70 * 1024) + '\r\n', 413],
    ];
    for (const [what, sdp, status] of cases) {
      const r = await postOffer(page, '/whep/booths/1', sdp);
      assert.equal(r.status, status, `${what}: ${r.body}`);
      assert.match(JSON.parse(r.body).error.message, /\w/);
    }
    assert.equal((await postOffer(page, '/whep/booths/1', noMedia, 'text/plain')).status, 415);
    assert.equal((await postOffer(page, '/whep/booths/999', vp8Only)).status, 404);
    assert.equal((await postOffer(page, '/whep/booths/6', vp8Only)).status, 409, 'offline booth');
    const del = await page.evaluate(async () => (await fetch('/whep/sessions/0123456789abcdef0123456789abcdef', { method: 'DELETE' })).status);
    assert.equal(del, 404);
    assert.equal(await page.evaluate(async () => (await fetch('/whep/sessions/..%2f..', { method: 'DELETE' })).status), 404);
    await sleep(1500);
    const f = await viewerFigures(page, 'a');
    assert.ok(f.frames > before + 10, `the viewer kept playing (${before} -> ${f.frames})`);
    assert.equal(f.state, 'connected');
    assert.equal(await metric('ocoplive_viewers'), 1);
    assert.equal(await metric('ocoplive_media_elements'), elementsBefore, 'no element left behind');
  });

  test('a publisher drop: the viewer stays connected and resumes when the publisher returns', async () => {
    const pub = pubs[0];
    await pub.stop();
    await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'reconnecting');
    // A new viewer is accepted while reconnecting.
    const r = await startViewer(page, '/whep/booths/1', 'late');
    assert.equal(r.status, 201);
    await sleep(1000);
    const frozen = (await viewerFigures(page, 'a')).frames;
    await publish(1);
    const { ms } = await waitFor(async () => (await viewerFigures(page, 'a')).frames > frozen + 30,
      { what: 'frames after the publisher returned' });
    console.log(`  resumed ${ms} ms after the booth was live again`);
    assert.equal((await viewerFigures(page, 'a')).state, 'connected');
    await waitFor(async () => (await viewerFigures(page, 'late')).frames > 10, { what: 'the late viewer plays' });
    assert.equal(await stopViewer(page, 'late'), 200);
    assert.equal(await stopViewer(page, 'a'), 200);
    await waitFor(async () => (await org.get('/api/v1/booths/1')).body.viewers === 0, { what: 'viewers back to 0' });
  });

  test('a viewer that vanishes without DELETE is dropped', async () => {
    const r = await startViewer(page, '/whep/booths/1', 'ghost');
    assert.equal(r.status, 201);
    await waitFor(async () => (await viewerFigures(page, 'ghost')).frames > 5, { what: 'ghost plays' });
    assert.equal(await metric('ocoplive_viewers'), 1);
    const t0 = Date.now();
    await stopViewer(page, 'ghost', { sendDelete: false });
    await waitFor(async () => (await metric('ocoplive_viewers')) === 0, { timeout: 20000, what: 'the ghost dropped' });
    console.log(`  dropped ${Date.now() - t0} ms after the browser left without DELETE`);
  });
});

describe('a publisher with B-frames', () => {
  test('is re-encoded without B-frames and plays smoothly', async () => {
    await publish(2, { bframes: 2 });
    await waitFor(async () => (await org.get('/api/v1/booths/2')).body.ingest?.bframes === true, { what: 'B-frames detected' });
    const r = await startViewer(page, '/whep/booths/2', 'b');
    assert.equal(r.status, 201);
    const { value: first } = await waitFor(async () => {
      const f = await viewerFigures(page, 'b');
      return f.firstFrameMs >= 0 && f.width > 0 && f;
    }, { what: 'a first frame' });
    console.log(`  first frame ${first.firstFrameMs.toFixed(0)} ms after POST`);
    assert.equal(first.width, 1280);
    assert.equal(first.height, 720);
    await assertFramesFlow('b', 10, 5);
    assert.ok(/video now re-encoded/.test(s.stderr), 'the booth switched to the re-encode');
    await stopViewer(page, 'b');
  });
});
