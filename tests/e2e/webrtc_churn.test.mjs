// 200 viewer join/leave cycles, then the server's GStreamer elements, threads
// and file descriptors are back within a small tolerance of a baseline taken
// after warm-up: no leaked branch, pad, socket or thread per viewer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { ffmpegPublisher, sleep, waitFor } from '../lib/publishers.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const CYCLES = 200;
const PARALLEL = 4;
let s, org, browser, page, pub;

before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  const key = (await org.get('/api/v1/booths/1/stream-key')).body.stream_key;
  pub = ffmpegPublisher(`${s.rtmpBase}/${key}`, { size: '640x360', bitrate: '600k' });
  await waitFor(async () => (await org.get('/api/v1/booths/1')).body.state === 'live', { what: 'live' });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${s.base}/api/v1/health`);
});
after(async () => {
  await pub?.stop();
  await browser?.close();
  await s?.stop();
});

async function figures() {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  const elements = Number(/^ocoplive_media_elements (\d+)/m.exec(text)[1]);
  const viewers = Number(/^ocoplive_viewers (\d+)/m.exec(text)[1]);
  const threads = Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${s.proc.pid}/status`, 'utf8'))[1]);
  const fds = readdirSync(`/proc/${s.proc.pid}/fd`).length;
  return { elements, viewers, threads, fds };
}

// `n` viewers join at once, each until its connection is up, then all leave.
async function cycle(n) {
  return page.evaluate(async (count) => {
    const one = async () => {
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      const res = await fetch('/whep/booths/1', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
      if (res.status !== 201) { pc.close(); return `POST ${res.status}`; }
      await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
      const ok = await new Promise((resolve) => {
        const t = setTimeout(() => resolve(false), 10000);
        const check = () => { if (pc.connectionState === 'connected') { clearTimeout(t); resolve(true); } };
        pc.onconnectionstatechange = check;
        check();
      });
      const del = await fetch(res.headers.get('location'), { method: 'DELETE' });
      pc.close();
      return ok && del.status === 200 ? 'ok' : `connected=${ok} delete=${del.status}`;
    };
    return Promise.all(Array.from({ length: count }, one));
  }, n);
}

async function settled() {
  await waitFor(async () => (await figures()).viewers === 0, { what: 'no viewers', timeout: 20000 });
  await sleep(2000);  // let GStreamer threads and sockets wind down
  return figures();
}

test(`${CYCLES} viewer join/leave cycles leave nothing behind`, async () => {
  for (let i = 0; i < 3; i++) assert.deepEqual(await cycle(PARALLEL), Array(PARALLEL).fill('ok'));
  const base = await settled();
  console.log(`  baseline after warm-up: ${JSON.stringify(base)}`);
  const t0 = Date.now();
  let failures = 0;
  for (let done = 0; done < CYCLES; done += PARALLEL) {
    const results = await cycle(PARALLEL);
    failures += results.filter((r) => r !== 'ok').length;
    if (done % 40 === 0) console.log(`  ${done + PARALLEL}/${CYCLES} cycles, ${JSON.stringify(await figures())}`);
  }
  const end = await settled();
  console.log(`  after ${CYCLES} cycles in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(end)}; ${failures} failed joins`);
  assert.ok(failures <= CYCLES * 0.02, `${failures} joins failed`);
  assert.equal(end.elements, base.elements, 'GStreamer elements');
  assert.ok(end.threads <= base.threads + 4, `threads ${base.threads} -> ${end.threads}`);
  assert.ok(end.fds <= base.fds + 8, `file descriptors ${base.fds} -> ${end.fds}`);
  assert.equal((await org.get('/api/v1/booths/1')).body.state, 'live', 'the booth kept running');
});
