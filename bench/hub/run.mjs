// Hub benchmark driver. For each room size and each phase (chat, orders,
// deal, and bot: a bot against a flash deal, bot.mjs) it starts a fresh ocoplive (demo data, loopback, limits raised), so a
// backlog left by one phase never skews the next; prepares booth 1 (seller
// login, one product with plenty of stock); runs the C load client
// bench/hub/hubload.c; checks the deal against the orders the server stored;
// stops the server (by PID) and finally prints a summary table. Run it through
// bench/hub/run.sh, which raises the descriptor limit for both processes and
// builds the binaries.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir, cpus, loadavg, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from '../args.mjs';
import { runBot } from './bot.mjs';

const args = parseArgs(process.argv.slice(2), {
  bin: 'build-bench/ocoplive',
  client: 'build-bench/hubload',
  clients: '1000,5000,10000',
  booth: '1',
  senders: '4',
  rate: '20',
  'chat-seconds': '30',
  orderers: '200',
  'order-seconds': '15',
  'deal-qty': '50',
  'deal-orders': '2',
  'deal-price': '99000',
  'drain-seconds': '10',
  'deal-wait-seconds': '120',
  'room-chat-budget': '1e9',  // hub.room_chat_deliveries_per_second; 'none' for builds before a225bff
  phases: 'chat,orders,deal',  // add ",bot" for the bot phase
  // bot phase: real buyers (one address and cookie each), the bot's orders
  // and concurrent sockets, the deal's quantity and per-buyer cap.
  buyers: '100',
  'bot-orders': '500',
  'bot-workers': '20',
  'bot-per-buyer': '2',
  // http.max_connections; default: the room size plus 1024. Note: lws scans
  // its whole fd table on every event when this is below the fd limit.
  'max-connections': '',
  out: '',
});


const children = new Set();
function killAll() { for (const p of children) try { process.kill(p.pid, 'SIGKILL'); } catch {} }
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });

function machine() {
  const model = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1] || cpus()[0]?.model;
  let nofile = '';
  try { nofile = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim(); } catch {}
  // The commit of the tree the binary sits in (an A/B run may pass --bin from
  // another worktree).
  let commit = '';
  try {
    commit = execFileSync('git', ['-C', dirname(resolve(args.bin)), 'rev-parse', '--short', 'HEAD'],
      { encoding: 'utf8' }).trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    commit,
    binary_built: statSync(resolve(args.bin)).mtime.toISOString(),
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpu_model: model,
    kernel: release(),
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
    mem_total_mb: Math.round(Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)[1]) / 1024),
    nofile,
    node: process.version,
  };
}

async function startServer(n, phase) {
  // The bot phase measures the default order limits; the others raise them
  // because every hubload connection shares 127.0.0.1 and has no cookie.
  const orderLimits = phase === 'bot' ? {} : {
    orders_per_connection_per_minute: 1000000, orders_per_phone_per_hour: 1000000,
    orders_per_address_per_minute: 1000000,
  };
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-bench-'));
  const config = {
    // Every bench client shares 127.0.0.1.
    http: { max_connections: args['max-connections'] ? Number(args['max-connections']) : n + 1024,
      max_connections_per_address: 65535 },
    hub: {
      chat_per_second: 1000, chat_burst: 1000,
      max_clients_per_booth: n + 100,
      max_send_queue: 100000, stalled_client_seconds: 120,
      ...orderLimits,
      // Measure the fan-out itself, not the room's chat budget (which would
      // hold back most messages at 10,000 clients by design).
      ...(args['room-chat-budget'] === 'none' ? {} : { room_chat_deliveries_per_second: Number(args['room-chat-budget']) }),
    },
    log: { level: 'warn' },
  };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const argv = ['--config', configPath, '--data-dir', join(dir, 'data'), '--bind', '127.0.0.1',
    '--http-port', '0', '--rtmp-port', '0', '--ice-addresses', '127.0.0.1', '--demo'];
  // Run it in its scratch dir: the server then finds web-client/ and
  // pipelines/ beside its binary (build/../web-client), so a --bin from
  // another worktree uses that tree's files, not this checkout's.
  const proc = spawn(resolve(args.bin), argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let stdout = '', stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });
  const port = await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`server did not start in 30 s\n${stdout}\n${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening http=(\d+)/.exec(stdout);
      if (m) { clearTimeout(t); res(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(t); rej(new Error(`server exited with ${code}\n${stdout}\n${stderr}`)); });
  });
  return {
    proc, port, dir, base: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        process.kill(proc.pid, 'SIGTERM');
        const t = setTimeout(() => { try { process.kill(proc.pid, 'SIGKILL'); } catch {} }, 10000);
        await exited;
        clearTimeout(t);
      }
      children.delete(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function api(base, method, path, body, cookie) {
  const r = await fetch(base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, headers: r.headers };
}

async function prepare(server) {
  const booth = Number(args.booth);
  const login = await api(server.base, 'POST', '/api/v1/login', { username: `seller${booth}`, password: `seller${booth}` });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const b = (await api(server.base, 'GET', `/api/v1/booths/${booth}`)).json;
  const product = b.products[0];
  await api(server.base, 'PUT', `/api/v1/products/${product.id}`, { stock: 1000000 }, cookie);
  return { cookie, product: product.id, product_name: product.name };
}

function runClient(server, n, prep, phase) {
  const argv = ['--port', String(server.port), '--booth', args.booth, '--clients', String(n), '--phases', phase,
    '--senders', args.senders, '--rate', args.rate, '--chat-seconds', args['chat-seconds'],
    '--drain-seconds', args['drain-seconds'], '--server-pid', String(server.proc.pid)];
  if (phase !== 'chat') argv.push('--product', String(prep.product), '--orderers', args.orderers);
  if (phase === 'orders') argv.push('--order-seconds', args['order-seconds']);
  if (phase === 'deal') {
    argv.push('--seller-cookie', prep.cookie, '--deal-qty', args['deal-qty'], '--deal-orders', args['deal-orders'],
      '--deal-price', args['deal-price'], '--deal-wait-seconds', args['deal-wait-seconds']);
  }
  const proc = spawn(resolve(args.client), argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let stdout = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => process.stderr.write(d));
  return new Promise((res, rej) => {
    proc.on('exit', (code) => {
      children.delete(proc);
      const lines = stdout.split('\n');
      process.stdout.write(lines.filter((l) => !l.startsWith('RESULT ')).join('\n') + '\n');
      const line = lines.find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return rej(new Error(`hubload exited with ${code}`));
      res(JSON.parse(line.slice(7)));
    });
  });
}

async function checkDeal(server, prep) {
  const orders = (await api(server.base, 'GET', `/api/v1/booths/${args.booth}/orders`, null, prep.cookie)).json.orders;
  const atDeal = orders.filter((o) => o.product_id === prep.product && o.unit_price === Number(args['deal-price']));
  const product = (await api(server.base, 'GET', `/api/v1/products/${prep.product}`)).json;
  return { stored_orders: orders.length, stored_at_deal_price: atDeal.length, stock_after: product.stock };
}

const fmt = (x, d = 1) => (x === undefined || x === null || x < 0 ? '–' : Number(x).toFixed(d));

// The C load client for the chat, orders and deal phases; its figures go into r.
async function runHubload(server, n, prep, phase, r) {
  const out = await runClient(server, n, prep, phase);
  if (server.proc.exitCode !== null || server.proc.signalCode !== null)
    throw new Error(`the server died during the run: ${server.stderr().slice(-2000)}`);
  r[`connect_${phase}`] = out.connect;
  if (out[phase]) r[phase] = out[phase];
  if (phase === 'deal' && out.deal) {
    const stored = await checkDeal(server, prep);
    out.deal.stored = stored;
    out.deal.stored_exact = stored.stored_at_deal_price === Number(args['deal-qty']);
    console.log(`stored orders ${stored.stored_orders}, at the deal price ${stored.stored_at_deal_price} ` +
      `(${out.deal.stored_exact ? 'exact' : 'MISMATCH'}), stock now ${stored.stock_after}`);
  }
}

async function main() {
  const env = machine();
  console.log(`hub benchmark ${env.date}: ${env.nproc} × ${env.cpu_model}, load ${env.loadavg}, fd limit ${env.nofile}; HEAD ${env.commit}, server built ${env.binary_built}`);
  const sizes = args.clients.split(',').map(Number);
  const results = [];
  const phases = args.phases.split(',');
  for (const n of sizes) {
    const r = { clients: n };
    for (const phase of phases) {
      const t0 = Date.now();
      console.log(`\n--- ${n} clients, ${phase}: starting the server (load ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
      const server = await startServer(n, phase);
      try {
        const prep = await prepare(server);
        console.log(`server pid ${server.proc.pid} port ${server.port}; product ${prep.product} (${prep.product_name})`);
        if (phase === 'bot') {
          r.bot = await runBot(server, prep, { booth: Number(args.booth), buyers: Number(args.buyers),
            botOrders: Number(args['bot-orders']), botWorkers: Number(args['bot-workers']), dealQty: Number(args['deal-qty']),
            perBuyer: Number(args['bot-per-buyer']), dealPrice: Number(args['deal-price']) });
          console.log(`bot: ${JSON.stringify(r.bot)}`);
        } else {
          await runHubload(server, n, prep, phase, r);
        }
        const warns = server.stderr().split('\n').filter((l) => /dropping|error|warn/i.test(l));
        if (warns.length) console.log(`server log: ${warns.length} warning lines, e.g.\n  ${warns.slice(0, 3).join('\n  ')}`);
      } finally {
        await server.stop();
      }
      console.log(`--- ${n} clients, ${phase}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    results.push(r);
  }

  const c = (r) => r.chat || {};
  const o = (r) => r.orders || {};
  const d = (r) => r.deal || {};
  const b = (r) => r.bot || {};
  const rows = [
    ['clients in the room', (r) => `${r.clients}`],
    ['connect: all ready in s', (r) => fmt((r.connect_chat || r.connect_orders || r.connect_deal || {}).seconds)],
    ['chat sent (msgs/s)', (r) => (c(r).sent ? `${c(r).sent} (${fmt(c(r).sent / c(r).seconds)})` : '–')],
    ['chat received (by drain end)', (r) => (c(r).sent ? `${fmt(c(r).received_pct, 2)} %` : '–')],
    ['fan-out delay p50 / p99 / max ms', (r) => (c(r).delay ? `${fmt(c(r).delay.p50_ms, 1)} / ${fmt(c(r).delay.p99_ms, 1)} / ${fmt(c(r).delay.max_ms, 0)}` : '–')],
    ['server CPU (chat) %', (r) => fmt(c(r).window?.server_cpu_pct)],
    ['server CPU µs per receipt', (r) => fmt(c(r).server_us_per_delivery)],
    ['server RSS when the chat stops MB', (r) => fmt(c(r).window?.server_rss_mb)],
    ['client CPU (chat) %', (r) => fmt(c(r).window?.client_cpu_pct)],
    ['other processes (chat) % of a core', (r) => fmt(c(r).window?.others_cpu_pct, 0)],
    ['orders/s, one product', (r) => fmt(o(r).per_second)],
    ['order ack p50 / p99 ms', (r) => (o(r).ack ? `${fmt(o(r).ack.p50_ms, 1)} / ${fmt(o(r).ack.p99_ms, 1)}` : '–')],
    ['server CPU (orders) %; ms per order', (r) => (o(r).window ? `${fmt(o(r).window.server_cpu_pct)}; ${fmt(o(r).server_ms_per_order, 2)}` : '–')],
    ['deal: answered / sent', (r) => (d(r).sent ? `${d(r).acked + d(r).rejected} / ${d(r).sent}` : '–')],
    ['deal: acks / out_of_stock / stored at deal price', (r) => (d(r).sent ? `${d(r).acked} / ${d(r).reject_reasons.out_of_stock} / ${d(r).stored?.stored_at_deal_price}` : '–')],
    ['deal verdict (quantity ' + args['deal-qty'] + ')', (r) => (d(r).sent ? `${d(r).verdict}${d(r).stored_exact ? '' : ', STORED MISMATCH'}` : '–')],
    ['deal answers p50 / max ms', (r) => (d(r).answer ? `${fmt(d(r).answer.p50_ms, 0)} / ${fmt(d(r).answer.max_ms, 0)}` : '–')],
    ['bot: units to real buyers / buyers', (r) => (b(r).buyers ? `${b(r).buyer_units} / ${b(r).buyers}` : '–')],
    ['bot: units to the bot (orders acked / sent)', (r) => (b(r).buyers ? `${b(r).bot.units} (${b(r).bot.acked} / ${b(r).bot.sent})` : '–')],
  ];
  console.log(`\n## Summary (${env.date}; ${env.nproc} × ${env.cpu_model}; load before ${env.loadavg})\n`);
  console.log(`| | ${results.map((r) => `${r.clients}`).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---:').join('|')}|`);
  for (const [name, f] of rows) console.log(`| ${name} | ${results.map(f).join(' | ')} |`);
  console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const out = args.out || join(tmpdir(), `ocoplive-hub-bench-${Date.now()}.json`);
  writeFileSync(out, JSON.stringify({ machine: env, args, results }, null, 2));
  console.log(`raw results: ${out}`);
}

main().catch((e) => { console.error(e); killAll(); process.exit(1); });
