// 3. Server cost per viewer: CPU (utime+stime of the ocoplive process from
// /proc/PID/stat over a fixed window), RSS, threads and fds at 0, 1, 10, 50,
// 100 viewers of one booth, whose publisher sends 640x360 at 600 kbit/s
// (ffmpeg lavfi testsrc2, like DESIGN.md's figure). Viewers are
// RTCPeerConnections in a few Chromium pages (--per-page each); only the
// first viewer of each page has a <video> element (--attached 1), the rest
// are not attached to anything. Chromium's own CPU over the same window is
// reported, with the machine's total, so it is plain the cores were shared.
// Per-viewer cost = (value at N - value at 0) / N.
import {
  track, startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, table, f0, f1, f2,
  machine, cpuTicks, memThreads, threadTicks, machineTicks, metrics, TICKS, pct,
} from './lib.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testsrcPublisher } from './framesource.mjs';
import { installBench, startViewer, stopViewer, pageStats } from './page.mjs';

export async function load(o) {
  const levels = o.levels.split(',').map(Number).sort((a, b) => a - b);
  const perPage = Number(o['per-page']), windowS = Number(o.window), settle = Number(o.settle);
  const attachedPerPage = Number(o.attached), concurrency = Number(o.concurrency);
  const max = levels[levels.length - 1];
  const m0 = machine();
  const server = await startServer({ rtmp: { grace_period_seconds: 5 }, webrtc: { max_viewers: Math.max(500, max + 10) } });
  let pub, browser;
  const pages = [];
  const viewers = []; // { name, page }
  const results = [];
  let threadsAtTop = null, stopReason = '', profile = null, serverLog = '';
  try {
    const key = await streamKey(server.base, 1);
    pub = testsrcPublisher(`${server.rtmpBase}/${key}`,
      { bitrate: o.bitrate, gop: Number(o.gop), preset: o.preset, rate: Number(o.fps), audio: o.audio !== '0' });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    browser = await launchChromium();
    await sleep(3000);

    const pageFor = async (i) => {
      const p = Math.floor(i / perPage);
      while (pages.length <= p) {
        const page = await originPage(browser, server.base);
        await installBench(page);
        pages.push(page);
      }
      return pages[p];
    };
    const addViewer = async (i) => {
      const page = await pageFor(i);
      const name = `v${i}`;
      const attach = i % perPage < attachedPerPage;
      const st = await startViewer(page, { name, whepUrl: `${server.base}/whep/booths/1`, attach, stopTracks: o['stop-tracks'] === '1', dropEncoded: o['drop-encoded'] === '1' });
      if (st.status !== 201) throw new Error(`viewer ${i}: WHEP ${st.status} ${st.body ?? ''}`);
      viewers.push({ name, page, attach });
    };
    const allStats = async () => {
      const out = {};
      for (const page of pages) Object.assign(out, await pageStats(page));
      return out;
    };

    const measure = async (label, n) => {
      await sleep(settle * 1000);
      const s0 = await allStats();
      const c0 = cpuTicks(server.pid), th0 = threadTicks(server.pid), k0 = clientTicks(browser), mt0 = machineTicks();
      const node0 = process.cpuUsage(), t0 = performance.now();
      const rssSamples = [];
      for (let e = 0; e < windowS; e++) { await sleep(1000); rssSamples.push(memThreads(server.pid).rssKiB); }
      const secs = (performance.now() - t0) / 1000;
      const c1 = cpuTicks(server.pid), th1 = threadTicks(server.pid), k1 = clientTicks(browser), mt1 = machineTicks();
      const node1 = process.cpuUsage(node0);
      const s1 = await allStats();
      const mem = memThreads(server.pid);
      const met = await metrics(server.base);
      // Which viewers got video during the window, and how much each decoded.
      const rates = [], fps = [], fpsAttached = [], lost = [];
      let ok = 0, connected = 0;
      for (const [name, a] of Object.entries(s1)) {
        const b = s0[name];
        if (!b) continue;
        if (a.state === 'connected') connected++;
        const kbps = ((a.vbytes - b.vbytes) * 8) / secs / 1000;
        rates.push(kbps);
        lost.push(a.lost - b.lost);
        if (kbps > 100) ok++;
        const attached = viewers.find((v) => v.name === name)?.attach;
        // Without a decoder (dropped encoded frames) count the frames that reached the transform.
        const f = (a.decoded - b.decoded || a.encoded - b.encoded) / secs;
        (attached ? fpsAttached : fps).push(f);
      }
      const machineBusy = ((mt1.busy - mt0.busy) / TICKS / secs) * 100;
      const row = {
        label, n, secs,
        cpu: ((c1 - c0) / TICKS / secs) * 100,
        rssMiB: mem.rssKiB / 1024, rssMeanMiB: rssSamples.reduce((x, y) => x + y, 0) / rssSamples.length / 1024,
        threads: mem.threads, fds: mem.fds,
        elements: met.ocoplive_media_elements, metricViewers: met.ocoplive_viewers,
        client: ((k1 - k0) / TICKS / secs) * 100, node: ((node1.user + node1.system) / 1e6 / secs) * 100,
        machine: machineBusy, steal: ((mt1.steal - mt0.steal) / TICKS / secs) * 100,
        ok, connected, kbpsP50: pct(rates, 50), kbpsMin: rates.length ? Math.min(...rates) : NaN,
        fpsUnattached: pct(fps, 50), fpsAttached: pct(fpsAttached, 50), lostP50: pct(lost, 50),
        load1: machine().loadavg[0],
      };
      results.push(row);
      let waitNs = 0, slices = 0;
      for (const [tid, t] of th1) { const b = th0.get(tid); waitNs += t.waitNs - (b?.waitNs ?? 0); slices += t.slices - (b?.slices ?? 0); }
      row.waitMsPerS = waitNs / 1e6 / secs;
      row.slicesPerS = slices / secs;
      row.healthy = n === 0 || (ok === n && row.metricViewers === n);
      if (n > 0 && row.healthy && !label.startsWith('0 again')) threadsAtTop = { th0, th1, secs, label };
      progress(`load: ${label}: server ${f1(row.cpu)} % CPU, RSS ${f1(row.rssMiB)} MiB, ${row.threads} threads; ` +
        `${ok}/${n} viewers got video (p50 ${f0(row.kbpsP50)} kbit/s); Chromium ${f1(row.client)} %; machine ${f1(machineBusy)} % of ${m0.nproc * 100} %`);
      return row;
    };

    let count = 0;
    for (const n of levels) {
      if (n > count) progress(`load: adding viewers ${count + 1}..${n}`);
      const tJoin = performance.now();
      try {
        while (count < n) {
          const batch = [];
          for (let k = 0; k < concurrency && count < n; k++, count++) batch.push(addViewer(count));
          await Promise.all(batch);
          if (!server.alive()) throw new Error('server exited');
        }
      } catch (e) {
        stopReason = `stopped adding at ${viewers.length} viewers: ${e.message}`;
        progress(`load: ${stopReason}`);
        if (!server.alive()) break;
        await measure(`${viewers.length} (wanted ${n})`, viewers.length);
        break;
      }
      if (n > 0) progress(`load: ${n} viewers joined in ${f1((performance.now() - tJoin) / 1000)} s`);
      const row = await measure(String(n), n);
      if (String(n) === o['perf-at'] && row.healthy) {
        progress(`load: perf profile of the server at ${n} viewers (${windowS} s, after the measured window)`);
        profile = await perfProfile(server.pid, windowS);
        profile.label = String(n);
      }
      if (!row.healthy) {
        stopReason = `stopped at ${n}: ${row.ok}/${n} viewers got video and the server counted ${row.metricViewers} ` +
          '(see "viewers left by reason"); no larger level tried';
        progress(`load: ${stopReason}`);
        break;
      }
    }
    if (server.alive()) {
      progress(`load: removing all ${viewers.length} viewers (DELETE)`);
      for (const v of viewers) await stopViewer(v.page, v.name);
      await measure('0 again (after DELETE of all)', 0);
    }
  } finally {
    progress('load: cleaning up');
    serverLog = server.stderr + server.stdout;
    await browser?.close();
    await pub?.stop();
    await server.stop();
  }

  const m1 = machine();
  const base = results.find((r) => r.n === 0) ?? results[0];
  const out = [];
  out.push(`WebRTC server cost per viewer, ${m1.date}`);
  out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
  out.push(`publisher: ffmpeg lavfi testsrc2 640x360@${o.fps} libx264 -preset ${o.preset} -tune zerolatency -g ${o.gop} -b:v ${o.bitrate}${o.audio !== '0' ? ' + AAC 64k' : ', no audio'} -> RTMP; ` +
    `viewers: ${perPage} RTCPeerConnections per Chromium page, ${attachedPerPage} per page with a <video> element; window ${windowS} s after ${settle} s settle`);
  if (stopReason) out.push(`NOTE: ${stopReason}`);
  // Why viewers left, by the server's own log ("viewer leaves (why)").
  const leaves = new Map();
  for (const m of serverLog.matchAll(/viewer leaves \(([^)]*)\)/g)) leaves.set(m[1], (leaves.get(m[1]) ?? 0) + 1);
  const warns = [...serverLog.matchAll(/^\d+\.\d+ (?:warn|error) +(.*)$/gm)].map((m) => m[1].replace(/\d+/g, '#'));
  const warnKinds = [...new Set(warns)];
  out.push(`server log: viewers left by reason: ${[...leaves].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; ` +
    `warnings/errors: ${warns.length}${warnKinds.length ? ` (${warnKinds.slice(0, 4).join(' | ')})` : ''}`);
  out.push('');
  out.push(table(
    ['viewers', 'server CPU % of a core', 'RSS MiB', 'threads', 'fds', 'media elements', 'ocoplive_viewers', 'viewers getting video', 'packets lost per viewer p50', 'video kbit/s per viewer p50 (min)',
      'video fps: decoded with <video> / reaching the drop (without)', 'server time slices /s', 'server run-queue wait ms/s', 'Chromium CPU %', 'machine busy % (of 200)', 'steal %', 'load avg 1 min'],
    results.map((r) => [r.label, f1(r.cpu), f1(r.rssMiB), r.threads, r.fds, r.elements ?? '-', r.metricViewers ?? '-', `${r.ok}/${r.n}`, f0(r.lostP50),
      `${f0(r.kbpsP50)} (${f0(r.kbpsMin)})`, `${f1(r.fpsAttached)} / ${f1(r.fpsUnattached)}`, f0(r.slicesPerS), f0(r.waitMsPerS), f1(r.client), f1(r.machine), f1(r.steal), f2(r.load1)]),
  ));
  out.push('');
  const per = results.filter((r) => r.n > 0 && !r.label.startsWith('0 again'));
  const healthy = per.filter((r) => r.healthy);
  out.push(table(
    ['viewers', 'CPU % of a core per viewer', 'RSS MiB per viewer', 'threads per viewer', 'fds per viewer', 'elements per viewer',
      'time slices /s per viewer', 'run-queue wait ms/s per viewer', 'Chromium CPU % per viewer'],
    per.map((r) => [r.healthy ? r.label : `${r.label} (not all viewers served)`, f2((r.cpu - base.cpu) / r.n), f2((r.rssMiB - base.rssMiB) / r.n), f2((r.threads - base.threads) / r.n),
      f2((r.fds - base.fds) / r.n), f1(((r.elements ?? 0) - (base.elements ?? 0)) / r.n), f0((r.slicesPerS - base.slicesPerS) / r.n),
      f1((r.waitMsPerS - base.waitMsPerS) / r.n), f2((r.client - base.client) / r.n)]),
  ));
  const top = healthy[healthy.length - 1];
  if (top) {
    const d = 'DESIGN.md (webrtcbin per viewer): 0.82 % CPU, 1.4 MB, 9 threads';
    out.push('');
    out.push(`at ${top.label} viewers vs ${d}: CPU x${f2((top.cpu - base.cpu) / top.n / 0.82)}, RSS x${f2(((top.rssMiB - base.rssMiB) / top.n) / 1.4)}, threads x${f2(((top.threads - base.threads) / top.n) / 9)}; ` +
      `goal (a tenth of Janus's 0.57 %): 0.057 % per viewer, measured is x${f1((top.cpu - base.cpu) / top.n / 0.057)} that`);
  }
  if (threadsAtTop) {
    const { th0, th1, secs } = threadsAtTop;
    void max;
    const groups = new Map();
    for (const [tid, t] of th1) {
      const before = th0.get(tid)?.ticks ?? 0;
      const g = groups.get(t.name) ?? { n: 0, ticks: 0 };
      g.n++; g.ticks += t.ticks - before;
      groups.set(t.name, g);
    }
    const rows = [...groups.entries()].sort((a, b) => b[1].ticks - a[1].ticks).slice(0, 14);
    const total = [...groups.values()].reduce((a, g) => a + g.ticks, 0);
    out.push('');
    out.push(`server threads at ${threadsAtTop.label} viewers, grouped by name (digits folded to #), CPU over the ${f0(secs)} s window:`);
    out.push('');
    out.push(table(['thread name', 'threads', 'CPU % of a core', 'share'],
      rows.map(([name, g]) => [`\`${name}\``, g.n, f1((g.ticks / TICKS / secs) * 100), `${f0((g.ticks / Math.max(1, total)) * 100)} %`])));
  }
  if (profile) {
    out.push('');
    out.push(`perf (cpu-clock, ${profile.samples} samples) at ${profile.label} viewers, in a second window right after the measured one, self time by library and by function (top ${profile.top}):`);
    out.push('');
    out.push(table(['library', 'share'], profile.dsos.map(([pc, d]) => [`\`${d}\``, pc])));
    out.push('');
    out.push(table(['function', 'library', 'share'], profile.syms.map(([pc, d, f]) => [`\`${f}\``, `\`${d}\``, pc])));
  }
  return out.join('\n');
}

// perf record on the server for `secs`, then the self-time shares by shared
// object and by symbol.
async function perfProfile(pid, secs, top = 16) {
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-wbench-perf-'));
  const data = join(dir, 'perf.data');
  const run = (args) => new Promise((res) => {
    const p = track(spawn('perf', args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'perf');
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', () => {});
    p.on('exit', () => res(out));
  });
  try {
    await run(['record', '-e', 'cpu-clock', '-F', '499', '-o', data, '-p', String(pid), '--', 'sleep', String(secs)]);
    const parse = (text, cols) => text.split('\n').filter((l) => /^\s+\d+\.\d+%/.test(l)).slice(0, top)
      .map((l) => l.trim().split(/\s{2,}/)).map((f) => cols(f));
    const dsoText = await run(['report', '-i', data, '--stdio', '--no-children', '--sort', 'dso']);
    const symText = await run(['report', '-i', data, '--stdio', '--no-children', '--sort', 'dso,sym']);
    const samples = Number((/# Samples: (\S+)/.exec(dsoText) ?? [0, 0])[1].replace(/K$/, '000')) || (/of event/.test(dsoText) ? '?' : 0);
    return {
      top, samples,
      dsos: parse(dsoText, (f) => [f[0], f[1]]),
      syms: parse(symText, (f) => [f[0], f[1], (f[2] ?? '').replace(/^\[[.k]\]\s*/, '')]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function clientTicks(browser) {
  return browser.pids().reduce((a, pid) => a + cpuTicks(pid), 0);
}
