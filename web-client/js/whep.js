// WHEP playback (draft-ietf-wish-whep): POST our SDP offer, get the answer
// with every server candidate in it, DELETE the session URL to stop.
export class WhepError extends Error {
  constructor(status, code, message) { super(message || code); this.status = status; this.code = code; }
}

const GATHER_WAIT_MS = 1000;

function waitForGathering(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { clearTimeout(t); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const t = setTimeout(done, GATHER_WAIT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class WhepPlayer {
  // onState(state): 'connecting' | 'playing' | 'failed' | 'closed'
  constructor(video, url, { onState = () => {} } = {}) {
    this.video = video;
    this.url = url;
    this.onState = onState;
    this.pc = null;
    this.resource = null;
    this.stopped = false;
  }

  async start() {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (ev) => {
      stream.addTrack(ev.track);
      if (this.video.srcObject !== stream) this.video.srcObject = stream;
      this.video.play().catch(() => { /* autoplay refused: the unmute tap plays */ });
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return;
      const s = pc.connectionState;
      if (s === 'connected') this.onState('playing');
      else if (s === 'failed') this.onState('failed');
      else if (s === 'disconnected') this.onState('disconnected');
    };
    this.onState('connecting');
    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering(pc);
    if (this.stopped || this.pc !== pc) throw new WhepError(0, 'stopped');

    let res;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/sdp' },
        body: pc.localDescription.sdp,
      });
    } catch (e) {
      this.closePc();
      throw new WhepError(0, 'network', e.message);
    }
    if (res.status !== 201 && res.status !== 200) {
      let code = `http_${res.status}`;
      try { const j = await res.json(); if (j && j.error && j.error.code) code = j.error.code; } catch { /* SDP or empty */ }
      this.closePc();
      throw new WhepError(res.status, code);
    }
    const loc = res.headers.get('location');
    if (loc) this.resource = new URL(loc, new URL(this.url, location.href)).href;
    const answer = await res.text();
    if (this.stopped || this.pc !== pc) { this.release(); throw new WhepError(0, 'stopped'); }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  closePc() {
    if (this.pc) { try { this.pc.close(); } catch { /* closed */ } }
    this.pc = null;
  }

  // Frees the server's viewer branch; keepalive lets it finish during unload.
  release() {
    const r = this.resource;
    this.resource = null;
    if (r) fetch(r, { method: 'DELETE', keepalive: true }).catch(() => {});
  }

  stop() {
    this.stopped = true;
    this.release();
    this.closePc();
    this.onState('closed');
  }
}
