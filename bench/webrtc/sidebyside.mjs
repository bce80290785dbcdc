// Side by side: ocoplive's fan-out engine, its webrtcbin engine and Janus
// 1.1.2, each fed the same stream (720p30 H.264 baseline + audio) and
// played by N light viewers (whep_load: real ICE, DTLS-SRTP, RTCP; no
// decoding). Per engine and bitrate, a fresh server; per level N, the
// server's CPU (utime+stime over a window), RSS and threads, minus the same
// at 0 viewers, divided by N. Writes JSON and PNG plots; prints a table.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority, getPriority, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import {
  REPO, BIN, startServer, streamKey, boothState, waitFor, metrics, sleep, progress, track, cpuTicks, memThreads,
  machineTicks, machine, table, f1, f2, f3, TICKS,
} from './lib.mjs';
import { ffmpegPublisher } from '../../tests/lib/publishers.mjs';
import { ensureJanus, createNetns, startJanus, janusPublisher } from './janus.mjs';
import { plotSideBySide } from './plot.mjs';

const WHEP_LOAD = resolve(REPO, 'build-bench/whep_load');

function buildClient() {
  progress('building whep_load (bench/webrtc/loadclient/build.sh)');
  execFileSync(join(REPO, 'bench/webrtc/loadclient/build.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
}

// ---------------------------------------------------------------- targets
// A target is something viewers can play: its PID, the load client's
// arguments, and how to stop it.
async function ocopliveTarget(engine, o) {
  const server = await startServer({ webrtc: { engine, max_viewers: 100000 }, log: { level: o['log-level'] } });
  const key = await streamKey(server.base);
  const publisher = ffmpegPublisher(`${server.rtmpBase}/${key}`, {
    size: '1280x720', rate: 30, bitrate: o.bitrate, gop: 60, preset: 'veryfast', seconds: 36000,
    extraVideo: ['-profile:v', 'baseline'],
  });
  track(publisher.proc, 'ffmpeg');
  await waitFor(async () => (await boothState(server.base)) === 'live', { timeout: 30000, what: 'booth 1 live' });
  return {
    pid: server.pid,
    clientArgs: ['--url', `${server.base}/whep/booths/1`, '--bind', o.bind],
    async viewersGone() {
      await waitFor(async () => ((await metrics(server.base)).ocoplive_viewers ?? 0) === 0,
        { timeout: 40000, interval: 500, what: 'server viewers back to 0' }).catch((e) => progress(e.message));
    },
    async stop() { await publisher.stop(); await server.stop(); },
  };
}

async function janusTarget(o) {
  ensureJanus();
  const net = createNetns();
  const janus = await startJanus(net, { eventLoops: Number(o['janus-loops']) });
  const publisher = janusPublisher(net, { bitrate: o.bitrate });
  // The mountpoint has media once it reports a video age; wait a little for the first keyframe.
  await sleep(4000);
  return {
    pid: janus.pid,
    clientArgs: ['--mode', 'janus', '--url', janus.base, '--mountpoint', '1', '--bind', net.hostAddress],
    async viewersGone() { await sleep(4000); },
    async stop() { await publisher.stop(); await janus.stop(); net.remove(); },
  };
}

// ---------------------------------------------------------------- one level
// Datagrams the kernel dropped for a full receive buffer (root namespace:
// the load client's sockets, and ocoplive's; Janus's own are in its
// namespace). A failed handshake with drops here is the machine's doing.
function udpDrops() {
  const lines = readFileSync('/proc/net/snmp', 'latin1').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/), values = lines[1].split(/\s+/).map(Number);
  return values[names.indexOf('RcvbufErrors')] + values[names.indexOf('SndbufErrors')];
}

function sample(pid) {
  return { t: performance.now(), ticks: cpuTicks(pid), machine: machineTicks(), ...memThreads(pid) };
}

function cores(a, b) { return (b.ticks - a.ticks) / TICKS / ((b.t - a.t) / 1000); }

async function measureWindow(pid, clientPid, o) {
  const a = sample(pid);
  const ca = clientPid ? cpuTicks(clientPid) : 0;
  await sleep(Number(o.window) * 1000);
  const b = sample(pid);
  const cb = clientPid ? cpuTicks(clientPid) : 0;
  const seconds = (b.t - a.t) / 1000;
  const busy = (b.machine.busy - a.machine.busy) / TICKS / seconds;  // whole machine, in cores
  return {
    server_cores: cores(a, b), client_cores: clientPid ? (cb - ca) / TICKS / seconds : 0, machine_cores: busy,
    rss_kib: b.rssKiB, threads: b.threads, fds: b.fds,
  };
}

function runClient(target, n, o) {
  const hold = Number(o.settle) + Number(o.window) + 2;
  const args = [...target.clientArgs, '--viewers', String(n), '--ramp', o.ramp, '--seconds', String(hold),
    '--settle-timeout', o['settle-timeout']];
  const proc = track(spawn(WHEP_LOAD, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'whep_load');
  let out = '', lastLine = '';
  let settledResolve;
  const settled = new Promise((r) => { settledResolve = r; });
  proc.stdout.on('data', (d) => { out += d; });
  let buf = '';
  proc.stderr.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.includes('settled')) { progress(line); settledResolve(true); }
      else if (line.startsWith('[whep_load] t=')) lastLine = line;
    }
  });
  const ticker = setInterval(() => lastLine && progress(lastLine), 5000);
  const done = new Promise((r) => proc.on('exit', (code) => {
    clearInterval(ticker);
    settledResolve(false);
    let summary = null;
    try { summary = JSON.parse(out); } catch {}
    r({ code, summary });
  }));
  return { proc, settled, done };
}

async function level(target, n, o) {
  if (n === 0) {
    await sleep(Number(o.settle) * 1000);
    return { n, ...(await measureWindow(target.pid, 0, o)) };
  }
  const drops0 = udpDrops();
  const client = runClient(target, n, o);
  const settled = await client.settled;
  let window = null;
  if (settled) {
    await sleep(Number(o.settle) * 1000);
    window = await measureWindow(target.pid, client.proc.pid, o);
  }
  const { code, summary } = await client.done;
  if (!summary) throw new Error(`whep_load exited with ${code} and no summary`);
  const udp_drops = udpDrops() - drops0;
  await target.viewersGone();
  return { n, ...window, udp_drops, client: summary };
}

// Per viewer = (value at N - value at 0) / viewers actually served. Past
// capacity (viewers failing to connect, loss over --max-loss, the machine
// saturated) the ramp ends and the level is kept but marked: its "cost per
// viewer" measures contention, so the plots leave it out.
function derive(r, base, o) {
  const c = r.client;
  r.connected = c.connected_at_end;
  r.loss = c.hold.loss_ratio;
  if (r.server_cores !== undefined && r.connected > 0) {
    r.cpu_per_viewer_pct = ((r.server_cores - base.server_cores) / r.connected) * 100;
    r.rss_per_viewer_kib = (r.rss_kib - base.rss_kib) / r.connected;
    r.threads_per_viewer = (r.threads - base.threads) / r.connected;
  }
  delete r.over_capacity;
  if (r.connected < r.n * 0.95) r.over_capacity = 'viewers failed to connect';
  else if (r.loss > Number(o['max-loss'])) r.over_capacity = 'loss over --max-loss';
  else if (r.machine_cores > cpus().length * Number(o['max-machine'])) r.over_capacity = 'machine saturated';
}

// ---------------------------------------------------------------- driver
export async function sidebyside(o) {
  if (o.replot) return replot(o);
  if (getPriority() < 10) setPriority(10);  // shared machine: everything we start inherits nice 10
  buildClient();  // incremental: relinks only when nothing changed
  const levels = o.levels.split(',').map(Number).filter((x) => x > 0);
  const engines = o.engines.split(',');
  const bitrates = o.bitrates.split(',');
  const outDir = resolve(o.out || join(REPO, 'bench/results', `sidebyside-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`));
  mkdirSync(outDir, { recursive: true });
  const results = { machine: machine(), options: o, server_binary: BIN, runs: [] };
  const save = () => writeFileSync(join(outDir, 'sidebyside.json'), JSON.stringify(results, null, 2));

  for (const bitrate of bitrates) {
    for (const engine of engines) {
      progress(`${engine} at ${bitrate}: starting`);
      const opts = { ...o, bitrate };
      const target = engine === 'janus' ? await janusTarget(opts) : await ocopliveTarget(engine, opts);
      const run = { engine, bitrate, levels: [] };
      results.runs.push(run);
      try {
        const base = await level(target, 0, opts);
        run.baseline = base;
        progress(`${engine} ${bitrate} N=0: ${f1(base.server_cores * 100)} % of a core, RSS ${f1(base.rss_kib / 1024)} MB, ${base.threads} threads`);
        for (const n of levels) {
          const r = await level(target, n, opts);
          derive(r, base, o);
          run.levels.push(r);
          save();
          progress(`${engine} ${bitrate} N=${n}: connected ${r.connected}/${n}, server ${f1(r.server_cores * 100)} % core, `
            + `${f3(r.cpu_per_viewer_pct)} %/viewer, RSS/viewer ${f1(r.rss_per_viewer_kib)} KiB, threads ${r.threads}, `
            + `loss ${f3(r.loss * 100)} %, UDP drops ${r.udp_drops}, client ${f1(r.client_cores * 100)} % core, machine ${f2(r.machine_cores)}/${cpus().length} cores`);
          if (r.over_capacity) {
            run.stopped_at = n;
            progress(`${engine} ${bitrate}: stopping the ramp at N=${n} (${r.over_capacity})`);
            break;
          }
        }
      } finally {
        await target.stop();
      }
      save();
    }
  }
  save();
  const plots = plotSideBySide(results, outDir);
  progress(`results in ${outDir}${plots.length ? ` (plots: ${plots.join(', ')})` : ''}`);
  return report(results, outDir);
}

// --replot DIR: derive, plot and tabulate a finished run's sidebyside.json again.
function replot(o) {
  const outDir = resolve(o.replot);
  const results = JSON.parse(readFileSync(join(outDir, 'sidebyside.json'), 'utf8'));
  for (const run of results.runs) for (const r of run.levels) derive(r, run.baseline, { ...results.options, ...o });
  writeFileSync(join(outDir, 'sidebyside.json'), JSON.stringify(results, null, 2));
  plotSideBySide(results, outDir);
  return report(results, outDir);
}

function report(results, outDir) {
  const rows = [];
  for (const run of results.runs) {
    const b = run.baseline;
    if (b) rows.push([run.engine, run.bitrate, 0, '-', f1(b.server_cores * 100), '-', f1(b.rss_kib / 1024), '-', b.threads, '-', '-', '-', '-']);
    for (const r of run.levels) {
      rows.push([run.engine, run.bitrate, r.over_capacity ? `${r.n} (over capacity)` : r.n, `${r.connected}/${r.n}`, f1(r.server_cores * 100), f3(r.cpu_per_viewer_pct),
        f1(r.rss_kib / 1024), f1(r.rss_per_viewer_kib), r.threads, f3(r.loss * 100), r.udp_drops ?? "-", f1(r.client.handshake_ms.p95),
        f1(r.client_cores * 100)]);
    }
  }
  return `${table(['engine', 'bitrate', 'N', 'connected', 'server % core', '% core / viewer', 'RSS MB',
    'RSS KiB / viewer', 'threads', 'loss %', 'UDP drops', 'handshake p95 ms', 'client % core'], rows)}\n\n(JSON and plots in ${outDir})`;
}
