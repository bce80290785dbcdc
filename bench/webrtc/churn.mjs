// 4. What the server keeps after viewers leave: --cycles times, add
// --viewers viewers (same Chromium setup as load.mjs), let them play, DELETE
// them all, wait, and read RSS, threads, fds and media elements. Memory that
// grows by the same step every cycle is a leak; memory that grows once and
// then stays is the allocator keeping freed pages (glibc arenas).
import {
  startServer, streamKey, boothState, waitFor, launchChromium, originPage, progress, sleep, table, f1, machine,
  memThreads, metrics,
} from './lib.mjs';
import { testsrcPublisher } from './framesource.mjs';
import { installBench, startViewer, stopViewer } from './page.mjs';

export async function churn(o) {
  const cycles = Number(o.cycles), count = Number(o.viewers), perPage = Number(o['per-page']), settle = Number(o.settle);
  const m0 = machine();
  const server = await startServer({ rtmp: { grace_period_seconds: 5 } });
  let pub, browser;
  const rows = [];
  try {
    const key = await streamKey(server.base, 1);
    pub = testsrcPublisher(`${server.rtmpBase}/${key}`, { bitrate: o.bitrate, preset: o.preset });
    await waitFor(async () => (await boothState(server.base, 1)) === 'live', { what: 'booth 1 live', timeout: 20000 });
    browser = await launchChromium();
    const pages = [];
    for (let p = 0; p < Math.ceil(count / perPage); p++) {
      const page = await originPage(browser, server.base);
      await installBench(page);
      pages.push(page);
    }
    const snap = async (label) => {
      const m = memThreads(server.pid), met = await metrics(server.base);
      rows.push({ label, rss: m.rssKiB / 1024, threads: m.threads, fds: m.fds, elements: met.ocoplive_media_elements, viewers: met.ocoplive_viewers });
    };
    await sleep(settle * 1000);
    await snap('before any viewer');
    for (let c = 1; c <= cycles; c++) {
      const names = [];
      for (let i = 0; i < count; i += 4) {
        await Promise.all([...Array(Math.min(4, count - i)).keys()].map(async (k) => {
          const j = i + k, page = pages[Math.floor(j / perPage)], name = `c${c}v${j}`;
          const st = await startViewer(page, { name, whepUrl: `${server.base}/whep/booths/1`, attach: j % perPage === 0, dropEncoded: true });
          if (st.status !== 201) throw new Error(`cycle ${c} viewer ${j}: WHEP ${st.status}`);
          names.push([page, name]);
        }));
      }
      await sleep(settle * 1000);
      await snap(`cycle ${c}: ${count} playing`);
      for (const [page, name] of names) await stopViewer(page, name);
      await waitFor(async () => (await metrics(server.base)).ocoplive_viewers === 0, { what: 'viewers gone', timeout: 30000 });
      await sleep(settle * 1000);
      await snap(`cycle ${c}: all DELETEd`);
      progress(`churn: cycle ${c}/${cycles}: RSS ${f1(rows[rows.length - 1].rss)} MiB after, ${f1(rows[rows.length - 2].rss)} MiB while playing`);
    }
  } finally {
    await browser?.close();
    await pub?.stop();
    await server.stop();
  }
  const m1 = machine();
  const out = [];
  out.push(`WebRTC viewer churn, ${m1.date}`);
  out.push(`machine: ${m0.nproc} x ${m0.model}; load average before ${m0.loadavg.map(f1).join(' ')}, after ${m1.loadavg.map(f1).join(' ')}`);
  out.push(`${cycles} cycles of ${count} viewers (${perPage} per page), ${settle} s settle after joining and after leaving; publisher as in load`);
  out.push('');
  out.push(table(['', 'RSS MiB', 'threads', 'fds', 'media elements', 'ocoplive_viewers'],
    rows.map((r) => [r.label, f1(r.rss), r.threads, r.fds, r.elements ?? '-', r.viewers ?? '-'])));
  return out.join('\n');
}
