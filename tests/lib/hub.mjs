// A websocket hub client for tests: sends JSON, waits for typed messages.
import WebSocket from 'ws';

export class HubClient {
  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.waiters = [];
    this.closeCode = null;
    ws.on('message', (data) => {
      let m;
      try { m = JSON.parse(String(data)); } catch { m = { type: '<not json>', raw: String(data) }; }
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => !w.check());
    });
    this.closed = new Promise((res) => ws.on('close', (code) => {
      this.closeCode = code;
      this.waiters.forEach((w) => w.check());
      res(code);
    }));
    ws.on('error', () => {});
  }

  // localAddress: the source address (e.g. 127.0.1.7), so one machine can
  // play many buyers, each from its own address.
  static connect(base, boothId, opts = {}) { return HubClient.connectPath(base, `/ws/booths/${boothId}`, opts); }

  // Another socket of the hub protocol, e.g. /ws/market-days/1/moderation.
  static connectPath(base, path, { cookie, localAddress } = {}) {
    const url = base.replace(/^http/, 'ws') + path;
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {}, ...(localAddress ? { localAddress } : {}) });
    const client = new HubClient(ws);
    return new Promise((res, rej) => {
      ws.once('open', () => res(client));
      ws.once('error', rej);
      ws.once('unexpected-response', (_, r) => rej(new Error(`upgrade refused: ${r.statusCode}`)));
    });
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  // Resolves with the first message (from `from` on) matching pred.
  next(pred, { timeout = 15000, from = 0 } = {}) {
    const match = typeof pred === 'string' ? (m) => m.type === pred : pred;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.slice(from).find(match);
        if (found) { clearTimeout(t); resolve(found); return true; }
        if (this.closeCode !== null) { clearTimeout(t); reject(new Error(`closed (${this.closeCode}) while waiting`)); return true; }
        return false;
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.check !== check);
        reject(new Error(`timed out waiting for ${typeof pred === 'string' ? pred : 'a message'}; got ${JSON.stringify(this.messages.slice(-5))}`));
      }, timeout);
      if (!check()) this.waiters.push({ check });
    });
  }

  async hello(nickname = 'Khách') {
    const from = this.messages.length;
    this.send({ type: 'hello', nickname });
    return this.next('welcome', { from });
  }

  // Sends and waits for the reply that matches.
  async request(obj, pred) {
    const from = this.messages.length;
    this.send(obj);
    return this.next(pred, { from });
  }

  close() { try { this.ws.close(); } catch {} }
}
