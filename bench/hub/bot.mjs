// The hub benchmark's "bot" phase (issue 12): one client address opening a
// fresh websocket per order, half without a cookie and half with a fresh
// one, each with a random valid phone, fires at a flash deal while real
// buyers, each on its own loopback address with its own cookie, order one
// unit each. It reports how many units the real buyers got. The server runs
// with its default order limits: this phase measures them, not the fan-out.
import WebSocket from 'ws';

const PREFIXES = ['090', '091', '093', '094', '096', '098', '032', '033', '034', '035', '036', '037', '038', '039',
  '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089'];
const randomPhone = () => PREFIXES[Math.floor(Math.random() * PREFIXES.length)] + String(Math.floor(Math.random() * 1e7)).padStart(7, '0');

// Buyer i's own address: 127.0.1.1 ... 127.0.1.250, then 127.0.2.1 ...
const buyerAddress = (i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

function connect(base, booth, { cookie, localAddress } = {}) {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/booths/${booth}`,
      { headers: cookie ? { cookie } : {}, ...(localAddress ? { localAddress } : {}) });
    const waiting = [];
    ws.on('message', (d) => {
      let m;
      try { m = JSON.parse(String(d)); } catch { return; }
      for (const w of waiting.splice(0)) if (!w(m)) waiting.push(w);
    });
    ws.next = (pred, ms = 15000) => new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error('timed out')), ms);
      waiting.push((m) => { if (!pred(m)) return false; clearTimeout(t); ok(m); return true; });
    });
    ws.once('open', () => res(ws));
    ws.once('error', rej);
  });
}

async function freshCookie(base) {
  const c = (await fetch(`${base}/`)).headers.get('set-cookie') || '';
  return c.split(';')[0];
}

let seq = 0;
function orderOf(product, phone, name) {
  return { type: 'order', client_order_id: `bot-${Date.now().toString(36)}-${++seq}`, product_id: product, qty: 1,
    name, phone, address: '45 Trần Phú, phường Lộc Thọ, Nha Trang, Khánh Hòa' };
}
const answerTo = (msg) => (m) => (m.type === 'order_ack' || m.type === 'order_rejected') && m.client_order_id === msg.client_order_id;

// { buyers, buyer_units, buyer_reasons, bot: {sent, acked, units, reasons}, remaining, seconds }
export async function runBot(server, prep, { booth, buyers, botOrders, botWorkers, dealQty, perBuyer, dealPrice }) {
  const seller = await connect(server.base, booth, { cookie: prep.cookie });
  seller.send(JSON.stringify({ type: 'hello', nickname: 'Shop' }));
  await seller.next((m) => m.type === 'welcome');
  seller.send(JSON.stringify({ type: 'pin', product_id: prep.product,
    deal: { price: dealPrice, quantity: dealQty, per_buyer: perBuyer, ends_at: Math.floor(Date.now() / 1000) + 600 } }));
  await seller.next((m) => m.type === 'card' && m.card && m.card.deal);

  const real = await Promise.all(Array.from({ length: buyers }, async (_, i) => {
    const ws = await connect(server.base, booth, { localAddress: buyerAddress(i), cookie: await freshCookie(server.base) });
    ws.send(JSON.stringify({ type: 'hello', nickname: `Khách ${i + 1}` }));
    await ws.next((m) => m.type === 'welcome');
    return ws;
  }));
  const botCookies = await Promise.all(Array.from({ length: Math.ceil(botOrders / 2) }, () => freshCookie(server.base)));

  const bot = { sent: 0, acked: 0, units: 0, reasons: {} };
  const t0 = performance.now();
  let next = 0;
  const botRun = Promise.all(Array.from({ length: botWorkers }, async () => {
    while (next < botOrders) {
      const n = next++;
      const msg = orderOf(prep.product, randomPhone(), 'Bot');
      bot.sent++;
      const ws = await connect(server.base, booth, { localAddress: '127.0.0.2', cookie: n % 2 ? botCookies[n >> 1] : undefined });
      try {
        ws.send(JSON.stringify(msg));
        const a = await ws.next(answerTo(msg));
        if (a.type === 'order_ack') { bot.acked++; bot.units += msg.qty; } else bot.reasons[a.reason] = (bot.reasons[a.reason] || 0) + 1;
      } finally { ws.close(); }
    }
  }));
  const buyerRun = Promise.all(real.map((ws, i) => {
    const msg = orderOf(prep.product, `0971${String(i + 1).padStart(6, '0')}`, `Người mua ${i + 1}`);
    ws.send(JSON.stringify(msg));
    return ws.next(answerTo(msg));
  }));
  const [, answers] = await Promise.all([botRun, buyerRun]);
  const seconds = (performance.now() - t0) / 1000;
  const card = (await (await fetch(`${server.base}/api/v1/booths/${booth}`)).json()).card;
  const buyerReasons = {};
  for (const a of answers) if (a.type !== 'order_ack') buyerReasons[a.reason] = (buyerReasons[a.reason] || 0) + 1;
  for (const ws of [seller, ...real]) ws.close();
  return { buyers, buyer_units: answers.filter((a) => a.type === 'order_ack').length, buyer_reasons: buyerReasons,
    bot, remaining: card && card.deal ? card.deal.remaining : null, deal_qty: dealQty, seconds };
}
