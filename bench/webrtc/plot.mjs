// PNG plots of a side-by-side run with gnuplot (Debian `gnuplot-nox`,
// installed here when missing: a benchmark may install what it draws with;
// tests never need it). One line per engine and bitrate, viewers on a log
// axis: CPU per viewer, RSS per viewer, threads.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { progress } from './lib.mjs';
import { aptInstall } from './apt.mjs';

function ensureGnuplot() {
  if (existsSync('/usr/bin/gnuplot')) return true;
  try {
    progress('installing gnuplot-nox (apt-get)');
    aptInstall('gnuplot-nox');
    return existsSync('/usr/bin/gnuplot');
  } catch (e) {
    progress(`no gnuplot, no plots: ${e.message}`);
    return false;
  }
}

const CHARTS = [
  { file: 'cpu_per_viewer.png', key: 'cpu_per_viewer_pct', title: 'Server CPU per viewer (% of one core)', log: true },
  { file: 'rss_per_viewer.png', key: 'rss_per_viewer_kib', title: 'Server RSS per viewer (KiB)', log: false },
  { file: 'threads.png', key: 'threads', title: 'Server threads', log: true },
];

export function plotSideBySide(results, outDir) {
  const series = results.runs.filter((r) => r.levels.some((l) => l.server_cores !== undefined && !l.over_capacity));
  if (!series.length || !ensureGnuplot()) return [];
  const made = [];
  for (const chart of CHARTS) {
    const blocks = series.map((run) => run.levels
      .filter((l) => !l.over_capacity && Number.isFinite(l[chart.key]) && (!chart.log || l[chart.key] > 0))
      .map((l) => `${l.n} ${l[chart.key]}`).join('\n'));
    const data = join(outDir, chart.file.replace('.png', '.dat'));
    // gnuplot's `index` separates data blocks by two blank lines.
    writeFileSync(data, `${blocks.join('\n\n\n')}\n`);
    const plots = series.map((run, i) => `'${data}' index ${i} with linespoints lw 2 title '${run.engine} ${run.bitrate}'`);
    const script = [
      'set terminal pngcairo size 900,560 noenhanced',
      `set output '${join(outDir, chart.file)}'`,
      `set title '${chart.title}, 720p30 H.264 + audio, whep_load viewers'`,
      "set xlabel 'viewers (N)'", `set ylabel '${chart.title}'`,
      'set logscale x', chart.log ? 'set logscale y' : 'unset logscale y',
      'set grid', 'set key top right',
      `plot ${plots.join(', ')}`,
    ].join('\n');
    const gp = join(outDir, chart.file.replace('.png', '.gp'));
    writeFileSync(gp, `${script}\n`);
    try {
      execFileSync('gnuplot', [gp], { stdio: ['ignore', 'ignore', 'pipe'] });
      made.push(chart.file);
    } catch (e) {
      progress(`gnuplot ${chart.file}: ${e.stderr?.toString() || e.message}`);
    }
  }
  return made;
}
