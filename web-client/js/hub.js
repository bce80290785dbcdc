// The booth's live hub (DESIGN.md §3): one JSON object per websocket frame.
// Reconnects with capped, jittered backoff; sends hello again on every open.
// `path` names another socket of the same protocol (the organizers' market
// day feed); by default the booth's room.
export class Hub {
  constructor(boothId, nickname, path = null) {
    this.boothId = boothId;
    this.path = path;
    this.nickname = nickname;
    this.handlers = new Map();
    this.ws = null;
    this.attempt = 0;
    this.timer = 0;
    this.closed = false;
    this.welcomed = false;
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
    return this;
  }

  emit(type, msg) {
    // <body data-hub="open|connecting|closed">: for styling and for tests.
    if (type === 'status') document.body.dataset.hub = msg.state;
    for (const fn of this.handlers.get(type) || []) fn(msg);
  }

  connect() {
    if (this.closed) return;
    clearTimeout(this.timer);
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}${this.path || `/ws/booths/${this.boothId}`}`);
    this.ws = ws;
    this.welcomed = false;
    this.emit('status', { state: 'connecting' });
    ws.onopen = () => {
      this.send({ type: 'hello', nickname: this.nickname });
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;  // a booth we switched away from
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      if (!msg || typeof msg.type !== 'string') return;
      if (msg.type === 'welcome') {
        this.attempt = 0;
        this.welcomed = true;
        this.emit('status', { state: 'open' });
      }
      this.emit(msg.type, msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.welcomed = false;
      this.emit('status', { state: 'closed' });
      if (this.closed) return;
      // 1 s, 2 s, 4 s ... capped at 20 s, with jitter so a crowd does not
      // come back in the same millisecond after a server restart.
      const base = Math.min(20000, 1000 * 2 ** Math.min(this.attempt, 5));
      this.attempt += 1;
      this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * base / 2);
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  get ready() { return !!this.ws && this.ws.readyState === WebSocket.OPEN && this.welcomed; }

  send(obj) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  }

  setNickname(nickname) {
    this.nickname = nickname;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.send({ type: 'hello', nickname });
  }

  // Another booth, with the same handlers (a swipe on the watch page).
  switchTo(boothId) {
    this.boothId = boothId;
    this.attempt = 0;
    clearTimeout(this.timer);
    const old = this.ws;
    this.ws = null;
    if (old) old.close();
    this.connect();
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }
}

// client_order_id: 22 url-safe characters from getRandomValues (randomUUID
// is missing outside secure contexts, e.g. http on a LAN address).
export function newClientOrderId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (const b of bytes) s += abc[b & 63];
  return `o${Date.now().toString(36)}${s}`.slice(0, 40);
}
