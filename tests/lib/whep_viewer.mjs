// A WHEP viewer inside a real Chromium page on the server's origin: the
// browser's own RTCPeerConnection, offer and decoder. Returns figures the
// tests assert on (resolution, frames decoded, audio level).

// Runs in the page. Starts one viewer under `name` in window.__viewers.
async function startInPage({ name, whepUrl }) {
  window.__viewers = window.__viewers || {};
  const v = { frames: 0, firstFrameMs: -1, t0: performance.now() };
  window.__viewers[name] = v;
  const pc = new RTCPeerConnection();
  v.pc = pc;
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  pc.ontrack = (e) => stream.addTrack(e.track);
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(whepUrl, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
  v.status = res.status;
  v.location = res.headers.get('location');
  v.answerMs = performance.now() - v.t0;
  const text = await res.text();
  if (res.status !== 201) return { status: res.status, body: text };
  v.answer = text;
  await pc.setRemoteDescription({ type: 'answer', sdp: text });
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.appendChild(video);
  v.video = video;
  const onFrame = () => {
    if (v.firstFrameMs < 0) v.firstFrameMs = performance.now() - v.t0;
    v.frames++;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  video.play().catch(() => {});
  // Remote audio through WebAudio: the RMS tells whether the track carries sound.
  const track = () => stream.getAudioTracks()[0];
  v.audioRms = () => {
    if (!track()) return 0;
    if (!v.analyser) {
      const ctx = new AudioContext();
      const src = ctx.createMediaStreamSource(new MediaStream([track()]));
      v.analyser = ctx.createAnalyser();
      v.analyser.fftSize = 2048;
      src.connect(v.analyser);
      ctx.resume();
    }
    const data = new Float32Array(v.analyser.fftSize);
    v.analyser.getFloatTimeDomainData(data);
    return Math.sqrt(data.reduce((a, x) => a + x * x, 0) / data.length);
  };
  v.audioRms();
  return { status: res.status, location: v.location, answerMs: v.answerMs };
}

export async function startViewer(page, whepUrl, name = 'v1') {
  return page.evaluate(startInPage, { name, whepUrl });
}

export async function viewerFigures(page, name = 'v1') {
  return page.evaluate((n) => {
    const v = window.__viewers[n];
    return {
      frames: v.frames, firstFrameMs: v.firstFrameMs, width: v.video?.videoWidth ?? 0, height: v.video?.videoHeight ?? 0,
      state: v.pc.connectionState, audioRms: v.audioRms ? v.audioRms() : 0,
    };
  }, name);
}

// DELETE the session (as a well-behaved player does) and close the connection.
export async function stopViewer(page, name = 'v1', { sendDelete = true } = {}) {
  return page.evaluate(async ({ n, sendDelete: del }) => {
    const v = window.__viewers[n];
    let status = null;
    if (del && v.location) status = (await fetch(v.location, { method: 'DELETE' })).status;
    v.pc.close();
    v.video?.remove();
    delete window.__viewers[n];
    return status;
  }, { n: name, sendDelete });
}

export async function postOffer(page, whepUrl, sdp, contentType = 'application/sdp') {
  return page.evaluate(async ({ url, body, ct }) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': ct }, body });
    return { status: r.status, body: await r.text() };
  }, { url: whepUrl, body: sdp, ct: contentType });
}
