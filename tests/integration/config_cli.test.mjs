// Start-up: config errors name the key, CLI beats config, create-organizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBinary, startServer } from '../lib/server.mjs';
import { Api } from '../lib/api.mjs';

function withConfig(text, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-cfg-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, text);
  return fn(file, dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const badConfigs = [
  ['unknown top-level key', '{"sever": {}}', /unknown key 'sever'/],
  ['unknown nested key', '{"rtmp": {"prot": 1935}}', /unknown key 'rtmp\.prot'/],
  ['wrong type', '{"server": {"http_port": "8080"}}', /'server\.http_port' must be an integer/],
  ['out of range', '{"rtmp": {"port": 70000}}', /'rtmp\.port' must be an integer 0\.\.65535/],
  ['bad bind address', '{"server": {"bind": "localhost; rm -rf /"}}', /'server\.bind' must be an IPv4 or IPv6 address/],
  ['not JSON', '{"server": ', /not valid JSON/],
  ['section not an object', '{"hub": []}', /'hub' must be an object/],
];

for (const [name, text, pattern] of badConfigs) {
  test(`config error: ${name} stops start-up and names the key`, () => withConfig(text, async (file, dir) => {
    const r = await runBinary(['--config', file, '--data-dir', join(dir, 'd'), '--http-port', '0', '--rtmp-port', '0']);
    assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
    assert.match(r.stderr, pattern);
  }));
}

test('comments are allowed in the config file', () => withConfig(
  '// comment\n{ /* inline */ "log": {"level": "warn"} }', async (file, dir) => {
    const r = await runBinary(['--config', file, '--data-dir', join(dir, 'd'), '--http-port', '0', '--rtmp-port', '0', '--help']);
    assert.equal(r.code, 0);
  }));

test('a missing --config file is an error', async () => {
  const r = await runBinary(['--config', '/nonexistent/ocoplive.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read config file/);
});

test('unknown command-line flag is an error with usage', async () => {
  const r = await runBinary(['--htp-port', '1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown argument '--htp-port'/);
  assert.match(r.stderr, /usage: ocoplive/);
});

test('CLI beats config: --http-port 0 overrides the file and prints the port', async () => {
  const s = await startServer({ demo: false, config: { server: { http_port: 1 } } });
  try {
    assert.ok(s.http > 1024, `picked port ${s.http}`);
    const r = await fetch(`${s.base}/api/v1/health`);
    assert.equal(r.status, 200);
  } finally { await s.stop(); }
});

test('without --demo nothing is seeded; create-organizer makes the first account', async () => {
  const s = await startServer({ demo: false });
  try {
    const api = new Api(s.base);
    const days = await api.get('/api/v1/market-days');
    assert.deepEqual(days.body, { market_days: [] });
    assert.equal((await api.post('/api/v1/login', { username: 'organizer', password: 'organizer' })).status, 401);
  } finally { await s.stop(); }

  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-org-'));
  try {
    const bad = await runBinary(['--data-dir', dir, 'create-organizer', 'boss'], { input: 'short\n' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /password/);
    const ok = await runBinary(['--data-dir', dir, 'create-organizer', 'boss'], { input: 'a long enough secret\n' });
    assert.equal(ok.code, 0, ok.stderr);
    const again = await runBinary(['--data-dir', dir, 'create-organizer', 'boss'], { input: 'a long enough secret\n' });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /taken/);
    const s2 = await startServer({ demo: false, args: ['--data-dir', dir] });
    try {
      const api = new Api(s2.base);
      const user = await api.login('boss', 'a long enough secret');
      assert.equal(user.role, 'organizer');
    } finally { await s2.stop(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
