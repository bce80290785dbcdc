// Debian packages a benchmark may install for itself (janus, gnuplot-nox);
// the test command never needs them.
import { execFileSync } from 'node:child_process';

// apt-get install, with one `apt-get update` first if the lists are stale.
export function aptInstall(pkg) {
  const run = (...args) => execFileSync('apt-get', args,
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    run('install', '-y', '-q', '--no-install-recommends', pkg);
  } catch {
    run('update', '-q');
    run('install', '-y', '-q', '--no-install-recommends', pkg);
  }
}
