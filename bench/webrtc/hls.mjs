// HLS benchmarks (never run by the test command).
//
// 1. Glass-to-glass delay of our HLS beside nginx-rtmp's, in one run: one
//    camera (framesource.mjs: every frame carries its number), one ffmpeg
//    encoder whose stream goes to both servers (tee muxer), one Chromium page
//    with one hls.js viewer per server, for each hls.js setting in turn.
//    Delay = the time the page presented frame n - the time node wrote frame
//    n into ffmpeg, on one machine clock. nginx-rtmp (Debian
//    libnginx-mod-rtmp, installed here when missing) cuts 2 s fragments.
// 2. What HLS, thumbnails and recording cost per live booth: the server's
//    CPU with one publisher and no viewer, each output alone and all of them,
//    against all of them off, each in a fresh server.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from '../../tests/lib/server.mjs';
import { aptInstall } from './apt.mjs';
import {
  startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, summary, table, f0, f1,
  machine, cpuTicks, TICKS, track,
} from './lib.mjs';
import { startCamera } from './framesource.mjs';
import { installBench, startViewer, stopViewer, viewerFigures } from './page.mjs';

const RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

async function startNginxRtmp(fragment) {
  if (!existsSync('/usr/sbin/nginx')) aptInstall('nginx-light');
  if (!existsSync(RTMP_MODULE)) aptInstall('libnginx-mod-rtmp');
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-hbench-nginx-'));
  mkdirSync(join(dir, 'hls'));
  const [rtmpPort, httpPort] = [await freeTcpPort(), await freeTcpPort()];
  writeFileSync(join(dir, 'nginx.conf'), `
load_module ${RTMP_MODULE};
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
rtmp {
  server {
    listen 127.0.0.1:${rtmpPort};
    chunk_size 4096;
    application live { live on; record off; hls on; hls_path ${dir}/hls; hls_fragment ${fragment}s; hls_playlist_length ${fragment * 3}s; }
  }
}
http {
  access_log off;
  client_body_temp_path ${dir}/t-body; proxy_temp_path ${dir}/t-proxy; fastcgi_temp_path ${dir}/t-fcgi;
  uwsgi_temp_path ${dir}/t-uwsgi; scgi_temp_path ${dir}/t-scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${httpPort};
    location /hls/ { root ${dir}; add_header Access-Control-Allow-Origin *; add_header Cache-Control no-cache; }
  }
}
`);
  const proc = track(spawn('/usr/sbin/nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] }), 'nginx');
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  await sleep(500);
  if (proc.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
  return {
    rtmpBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    hlsUrl: (name) => `http://127.0.0.1:${httpPort}/hls/${name}.m3u8`,
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(3000)]);
      try { proc.kill('SIGKILL'); } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Per viewer: capture -> presented for every frame it showed.
function delays(records, cam) {
  const seen = new Set();
  const out = [];
  for (const [n, , present] of records) {
    const sent = cam.sendWall[n];
    if (!Number.isFinite(sent) || seen.has(n)) continue;
    seen.add(n);
    out.push(present - sent);
  }
  return out;
}

export async function hlsDelay(o) {
  const gop = Number(o.gop), warmup = Number(o.warmup), windowS = Number(o.window), fragment = Number(o.fragment), joins = Number(o.joins);
  const settings = [
    // hls.js keeps PART-HOLD-BACK behind the edge on a playlist with parts, 3 segments on one without.
    ['our watch page (Low-Latency HLS parts)', { lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.1 }],
    ['2 segments behind the live edge', { liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6 }],
    ['hls.js defaults', {}],
  ];
  const m0 = machine();
  progress('hls delay: starting our server and nginx-rtmp');
  const server = await startServer({ rtmp: { grace_period_seconds: 5 } });
  let nginx, cam, browser;
  try {
    nginx = await startNginxRtmp(fragment);
    const key = await streamKey(server.base, 1);
    cam = startCamera([`${server.rtmpBase}/${key}`, `${nginx.rtmpBase}/booth1`], { gop, audio: true, preset: o.preset, bitrate: o.bitrate });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    const urls = { ours: `${server.base}/hls/booths/1/index.m3u8`, 'nginx-rtmp': nginx.hlsUrl('booth1') };
    for (const [name, url] of Object.entries(urls))
      await waitFor(async () => (await fetch(url).catch(() => ({ ok: false }))).ok, { what: `${name}'s playlist`, timeout: 30000 });
    progress('hls delay: both playlists up; launching Chromium');
    browser = await launchChromium({ bypassCSP: true });  // the page fetches nginx on another origin
    const page = await originPage(browser, server.base);
    await page.addScriptTag({ url: `${server.base}/js/vendor/hls.light.min.js` });
    await installBench(page);
    // hls.js picks its distance to the live edge when it joins and keeps it,
    // so each join lands somewhere in a segment: several joins per setting.
    const rows = [];
    for (const [label, hlsConfig] of settings) {
      for (let join = 1; join <= joins; join++) {
        for (const [name, url] of Object.entries(urls)) await startViewer(page, { name, hlsUrl: url, hlsConfig, detect: true });
        progress(`hls delay (${label}), join ${join}/${joins}: ${warmup} s warm-up, then ${windowS} s`);
        await sleep(warmup * 1000);
        for (const name of Object.keys(urls)) await viewerFigures(page, name, { drain: true });
        await sleep(windowS * 1000);
        for (const name of Object.keys(urls)) {
          const fig = await viewerFigures(page, name, { drain: true });
          const s = summary(delays(fig.records, cam));
          progress(`  ${name}: hls.js latency ${fig.latency?.toFixed(2)} s, glass-to-glass p50 ${f0(s.p50)} ms min ${f0(s.min)} max ${f0(s.max)}`);
          rows.push({ label, join, name, s, frames: fig.records.length, bad: fig.bad, stalls: fig.stalls, errors: [...new Set(fig.errors || [])].join(', ') });
          await stopViewer(page, name);
        }
      }
    }
    const m1 = machine();
    const median = (label, name) => summary(rows.filter((r) => r.label === label && r.name === name).map((r) => r.s.p50)).p50;
    const out = [];
    out.push(`HLS glass-to-glass delay, ours beside nginx-rtmp, ${m1.date}`);
    out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
    out.push(`publisher: node camera 640x360@30 -> one ffmpeg libx264 -preset ${o.preset} -tune zerolatency -g ${gop} -b:v ${o.bitrate} + AAC 64k -> RTMP to both (tee)`);
    out.push(`ours: hls.target_duration_seconds 1 (default); nginx-rtmp: hls_fragment ${fragment}s, hls_playlist_length ${fragment * 3}s`);
    out.push(`player: Chromium + hls.js (our pinned copy), both viewers in one page; per join ${windowS} s window after ${warmup} s warm-up`);
    out.push('');
    out.push(table(['hls.js setting', 'join', 'server', 'frames', 'capture -> presented p50', 'p95', 'min', 'max', 'stalls', 'player errors'],
      rows.map((r) => [r.label, r.join, r.name, r.frames, `${f0(r.s.p50)} ms`, f0(r.s.p95), f0(r.s.min), f0(r.s.max), r.stalls, r.errors || '-'])));
    out.push('');
    out.push(table(['hls.js setting', `ours, median of ${joins} joins`, 'nginx-rtmp', '**ours / nginx-rtmp**'],
      settings.map(([label]) => [label, `${f0(median(label, 'ours'))} ms`, `${f0(median(label, 'nginx-rtmp'))} ms`,
        `**${(median(label, 'ours') / median(label, 'nginx-rtmp')).toFixed(2)}**`])));
    // The goal's ratio: our watch page against nginx-rtmp at its shortest distance.
    const nginxBest = Math.min(...settings.map(([label]) => median(label, 'nginx-rtmp')));
    out.push('');
    out.push(`our watch page ${f0(median(settings[0][0], 'ours'))} ms / nginx-rtmp's best setting ${f0(nginxBest)} ms = **${(median(settings[0][0], 'ours') / nginxBest).toFixed(2)}**`);
    return out.join('\n');
  } finally {
    progress('hls delay: cleaning up');
    await browser?.close();
    await cam?.stop();
    await nginx?.stop();
    await server.stop();
  }
}

export async function hlsCost(o) {
  const windowS = Number(o.window), settle = Number(o.settle);
  const off = { hls: { enabled: false }, thumbnails: { enabled: false }, recording: { enabled: false } };
  const variants = [
    ['none (WebRTC only)', off],
    ['HLS without parts (hls.part_target_ms 0)', { ...off, hls: { enabled: true, part_target_ms: 0 } }],
    ['HLS (0.4 s parts, the default)', { ...off, hls: { enabled: true } }],
    ['thumbnails', { ...off, thumbnails: { enabled: true } }],
    ['recording', { ...off, recording: { enabled: true } }],
    ['all three (the default)', {}],
  ];
  const m0 = machine();
  const rows = [];
  for (const [label, config] of variants) {
    progress(`hls cost: ${label}`);
    const server = await startServer({ rtmp: { grace_period_seconds: 1 }, ...config });
    let cam;
    try {
      cam = startCamera(`${server.rtmpBase}/${await streamKey(server.base, 1)}`, { gop: Number(o.gop), audio: true, preset: o.preset, bitrate: o.bitrate });
      await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
      await sleep(settle * 1000);
      const c0 = cpuTicks(server.pid), t0 = Date.now();
      await sleep(windowS * 1000);
      rows.push({ label, cpu: ((cpuTicks(server.pid) - c0) / TICKS) / ((Date.now() - t0) / 1000) * 100 });
    } finally {
      await cam?.stop();
      await server.stop();
    }
  }
  const base = rows[0].cpu;
  const m1 = machine();
  const out = [];
  out.push(`Cost of HLS, thumbnails and recording per live booth, ${m1.date}`);
  out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
  out.push(`one booth, one publisher (node camera 640x360@30 -> ffmpeg -g ${o.gop} -b:v ${o.bitrate} + AAC), no viewer; server CPU over ${windowS} s after ${settle} s, a fresh server per row`);
  out.push('');
  out.push(table(['outputs', 'server CPU, % of a core', 'over WebRTC only'],
    rows.map((r) => [r.label, f1(r.cpu), r === rows[0] ? '-' : `${r.cpu - base >= 0 ? '+' : ''}${f1(r.cpu - base)} (x${(r.cpu / base).toFixed(2)})`])));
  return out.join('\n');
}
