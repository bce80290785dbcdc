// Starts the real ocoplive binary on free loopback ports with a temporary
// data dir, and cleans up after itself.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = process.env.OCOPLIVE_BIN || resolve('build/ocoplive');
export const SOURCE_DIR = process.env.OCOPLIVE_SOURCE_DIR || resolve('.');

const running = new Set();
process.on('exit', () => { for (const p of running) try { p.kill('SIGKILL'); } catch {} });

export function freeTcpPort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export async function startServer({ demo = true, config = {}, args = [], env = {}, bin = BIN } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-test-'));
  const configPath = join(dir, 'config.json');
  // Servers run side by side: the fan-out's shared WebRTC ports must be free
  // too. UDP 0 picks one; for ICE-TCP 0 means off, so pick a free one here.
  const webrtc = { udp_port: 0, max_new_sessions_per_address: 100000, ...(config.webrtc || {}) };
  if (webrtc.tcp_port === undefined) webrtc.tcp_port = await freeTcpPort();
  // Tests play many clients from 127.0.0.1; the per-address limits are
  // tested where a test sets them (other loopback addresses are other clients).
  const http = { max_connections_per_address: 65535, ...(config.http || {}) };
  writeFileSync(configPath, JSON.stringify({ ...config, webrtc, http }));
  const argv = ['--config', configPath, '--data-dir', join(dir, 'data'), '--bind', '127.0.0.1',
    '--http-port', '0', '--rtmp-port', '0', '--ice-addresses', '127.0.0.1', ...(demo ? ['--demo'] : []), ...args];
  const proc = spawn(bin, argv, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let stdout = '', stderr = '';
  // Bounded: a benchmark's server runs for minutes.
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-(1 << 20)); });
  const ports = await new Promise((res, rej) => {
    proc.on('error', (e) => rej(new Error(`cannot start ${bin}: ${e.message}`)));
    const timer = setTimeout(() => rej(new Error(`server did not start in 30 s\n${stdout}\n${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening http=(\d+) rtmp=(\d+)/.exec(stdout);
      if (m) { clearTimeout(timer); res({ http: Number(m[1]), rtmp: Number(m[2]) }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited with ${code}\n${stdout}\n${stderr}`)); });
  }).catch((e) => {
    try { proc.kill('SIGKILL'); } catch {}
    running.delete(proc);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const server = {
    ...ports, proc, dir,
    base: `http://127.0.0.1:${ports.http}`,
    rtmpBase: `rtmp://127.0.0.1:${ports.rtmp}/live`,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    alive() { return proc.exitCode === null && proc.signalCode === null; },
    async stop() {
      if (server.alive()) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(t);
      }
      running.delete(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

// Runs the binary to completion (config errors, create-organizer).
export function runBinary(args, { input = '', cwd } = {}) {
  return new Promise((res) => {
    const proc = spawn(BIN, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    const t = setTimeout(() => proc.kill('SIGKILL'), 30000);
    proc.on('exit', (code) => { clearTimeout(t); res({ code, stdout, stderr }); });
    proc.stdin.end(input);
  });
}
