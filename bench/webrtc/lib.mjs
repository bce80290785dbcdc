// Shared pieces of the WebRTC benchmark: the server (started like
// tests/lib/server.mjs), the organizer's stream key, headless Chromium with
// the loopback-only WebRTC flags, /proc sampling, percentiles and tables.
// Every child is tracked by PID and killed by PID on exit.
import { mkdtempSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loggedIn } from '../../tests/lib/api.mjs';
import { startServer as startTestServer } from '../../tests/lib/server.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = resolve(REPO, process.env.OCOPLIVE_BIN || 'build/ocoplive');
export const CHROMIUM = process.env.OCOPLIVE_CHROMIUM || '/usr/bin/chromium';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const wallNow = () => performance.timeOrigin + performance.now();
export const TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)

// ---------------------------------------------------------------- cleanup
const children = new Map(); // pid -> label
const tempDirs = new Set();
export function track(proc, label) {
  children.set(proc.pid, label);
  proc.once('exit', () => children.delete(proc.pid));
  return proc;
}
function killChildren() {
  for (const pid of children.keys()) try { process.kill(pid, 'SIGKILL'); } catch {}
  for (const pid of descendants(process.pid)) try { process.kill(pid, 'SIGKILL'); } catch {}
  for (const d of tempDirs) try { rmSync(d, { recursive: true, force: true }); } catch {}
}
process.on('exit', killChildren);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { killChildren(); process.exit(130); });

export function progress(msg) {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[${t} load ${loadavg().map((x) => x.toFixed(2)).join(' ')}] ${msg}\n`);
}

// ---------------------------------------------------------------- arguments
export { parseArgs } from '../args.mjs';

// ---------------------------------------------------------------- server
// The test suite's server (tests/lib/server.mjs), tracked for Ctrl-C.
export async function startServer(config = {}) {
  const server = await startTestServer({ config, bin: BIN });
  track(server.proc, 'ocoplive');
  tempDirs.add(server.dir);
  server.pid = server.proc.pid;
  return server;
}

export async function streamKey(base, boothId = 1) {
  const org = await loggedIn(base, 'organizer');
  const r = await org.get(`/api/v1/booths/${boothId}/stream-key`);
  if (r.status !== 200) throw new Error(`stream-key: ${r.status} ${r.text}`);
  return r.body.stream_key;
}

export async function boothState(base, boothId = 1) {
  const r = await fetch(`${base}/api/v1/booths/${boothId}`);
  return (await r.json()).state;
}

export async function waitFor(fn, { timeout = 20000, interval = 100, what = 'condition' } = {}) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeout) {
    last = await fn();
    if (last) return last;
    await sleep(interval);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function metrics(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(ocoplive_[a-z_]+)(\{[^}]*\})?\s+([-0-9.e+]+)$/.exec(line);
    if (m) out[m[1] + (m[2] || '')] = Number(m[3]);
  }
  return out;
}

// ---------------------------------------------------------------- Chromium
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Loopback-only WebRTC (DESIGN.md §2): without these Chromium offers only
  // mDNS names and media would leave over the external address.
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  // Several pages stay "visible": no timer throttling of the pages that hold viewers.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

// `bypassCSP`: the lip-sync instruments load an AudioWorklet from a blob: URL,
// which the product's CSP rightly refuses to its own pages.
export async function launchChromium({ bypassCSP = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ocoplive-wbench-chromium-'));
  tempDirs.add(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 640, height: 400 }, timeout: 60000, bypassCSP,
  });
  const handle = {
    context, profile,
    // Chromium's processes: descendants of this node process whose command
    // line names our profile directory (browser, renderers, GPU, utility).
    pids() {
      return descendants(process.pid).filter((pid) => {
        try { return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('chrom'); } catch { return false; }
      });
    },
    async close() {
      const pids = handle.pids();
      await Promise.race([context.close().catch(() => {}), sleep(10000)]);
      for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch {}
      rmSync(profile, { recursive: true, force: true });
      tempDirs.delete(profile);
    },
  };
  return handle;
}

// A page on the server's origin (WHEP is same-origin from there) that loads
// nothing else: no hub websocket, no player of the web client.
export async function originPage(browser, base) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(`${base}/api/v1/health`);
  return page;
}

// ---------------------------------------------------------------- /proc
export function descendants(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'latin1');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
    } catch {}
  }
  const out = [];
  const want = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, pp] of parent) if (want.has(pp) && !want.has(pid)) { want.add(pid); out.push(pid); grew = true; }
  }
  return out;
}

// utime+stime in clock ticks (whole process, all threads).
export function cpuTicks(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch { return 0; }
}

export function memThreads(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'latin1');
  const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s) || [0, 0])[1]);
  const fds = (() => { try { return readdirSync(`/proc/${pid}/fd`).length; } catch { return -1; } })();
  return { rssKiB: kb('VmRSS'), threads: kb('Threads'), fds };
}

// Per-thread CPU ticks keyed by thread name with digits folded ("nicesrc12:src" -> "nicesrc#:src").
export function threadTicks(pid) {
  const out = new Map();
  let names;
  try { names = readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const tid of names) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
      const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // schedstat: ns on a CPU, ns waiting on a run queue, time slices.
      const [, waitNs, slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').trim().split(' ').map(Number);
      out.set(tid, { name: comm.replace(/\d+/g, '#'), ticks: Number(f[11]) + Number(f[12]), waitNs, slices });
    } catch {}
  }
  return out;
}

// Machine-wide busy ticks from /proc/stat (all CPUs), to show how much of the
// machine other tenants used during a window.
export function machineTicks() {
  const line = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal: steal || 0 };
}

export function machine() {
  const model = cpus()[0]?.model ?? '?';
  return { nproc: cpus().length, model, loadavg: loadavg(), date: new Date().toISOString() };
}

// ---------------------------------------------------------------- numbers
export function pct(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  const i = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[i];
}
export function summary(values) {
  if (!values.length) return { n: 0, p50: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
  return {
    n: values.length, p50: pct(values, 50), p95: pct(values, 95),
    min: Math.min(...values), max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}
export const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
export const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
export const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
export const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '-');

// Markdown table, printed so it pastes into docs/benchmarks.md as is.
export function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}
