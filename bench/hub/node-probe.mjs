// Why the hub benchmark's client is C: the same chat load driven from Node's
// `ws` (the test driver). Usage, against a running server (see run.mjs for the
// config that lifts the rate limits):
//   node bench/hub/node-probe.mjs PORT CLIENTS [SECONDS]
// Prints connect time, the fan-out delay and this process's own CPU (also per
// message received) and RSS.
import WebSocket from 'ws';

const [port, clients, seconds = 15] = process.argv.slice(2).map(Number);
if (!port || !clients) {
  console.error('usage: node bench/hub/node-probe.mjs PORT CLIENTS [SECONDS]');
  process.exit(2);
}
const url = `ws://127.0.0.1:${port}/ws/booths/1`;
const delays = [];
let ready = 0;

function open(i) {
  return new Promise((res, rej) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', nickname: `n${i}` })));
    ws.on('message', (data) => {
      const m = JSON.parse(data);
      if (m.type === 'welcome') { ready++; res(ws); return; }
      if (m.type === 'chat' && m.text.startsWith('nodeprobe ')) {
        delays.push(Number(process.hrtime.bigint() - BigInt(m.text.split(' ')[1])) / 1e6);
      }
    });
    ws.on('error', rej);
  });
}

const t0 = Date.now();
const conns = [];
for (let i = 0; i < clients; i += 200) {
  const batch = [];
  for (let j = i; j < Math.min(clients, i + 200); j++) batch.push(open(j));
  conns.push(...(await Promise.all(batch)));
}
const connectS = (Date.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 1000));

const cpu0 = process.cpuUsage();
const w0 = process.hrtime.bigint();
const senders = conns.slice(-4);
let k = 0;
const total = 20 * seconds;
await new Promise((done) => {
  const tick = setInterval(() => {
    senders[k % 4].send(JSON.stringify({ type: 'chat', text: `nodeprobe ${process.hrtime.bigint()}` }));
    if (++k >= total) { clearInterval(tick); setTimeout(done, 3000); }
  }, 50);
});
const cpu = process.cpuUsage(cpu0);
const wall = Number(process.hrtime.bigint() - w0) / 1e9;
delays.sort((a, b) => a - b);
const pct = (p) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] : NaN);
console.log(JSON.stringify({
  clients, ready, connect_s: connectS, sent: k, received_pct: (100 * delays.length) / (k * clients),
  p50_ms: pct(50), p99_ms: pct(99), max_ms: delays[delays.length - 1],
  client_cpu_pct: (100 * (cpu.user + cpu.system)) / 1e6 / wall,
  client_us_per_receipt: (cpu.user + cpu.system) / delays.length,
  client_rss_mb: process.memoryUsage().rss / 2 ** 20,
}));
for (const ws of conns) ws.terminate();
