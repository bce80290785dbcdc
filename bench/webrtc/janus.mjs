// Janus 1.1.2 (Debian's `janus`) as the side-by-side reference: its
// streaming plugin fed by ffmpeg over plain RTP with the same encoding as the
// RTMP publisher of ocoplive. Janus offers no loopback candidates, so it runs
// in a network namespace joined to the root namespace by a veth pair; the
// load client stays in the root namespace and binds the root end's address.
// The namespace and the pair are removed on exit and on Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { track, sleep, progress } from './lib.mjs';
import { aptInstall } from './apt.mjs';

export const JANUS = '/usr/bin/janus';

// Benchmarks may install what they measure against; tests never need it.
export function ensureJanus() {
  if (existsSync(JANUS)) return;
  progress('installing janus (apt-get)');
  aptInstall('janus');
}

function ip(...args) { execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] }); }

// One namespace per run, named after our PID, so two runs never share one.
export function createNetns() {
  const id = process.pid % 200 + 20;
  const net = {
    ns: `ocopbench${process.pid}`,
    outer: `obv${process.pid % 100000}a`,  // root namespace end (interface names: 15 chars at most)
    inner: `obv${process.pid % 100000}b`,
    hostAddress: `10.77.${id}.1`,
    janusAddress: `10.77.${id}.2`,
  };
  const remove = () => {
    try { ip('netns', 'del', net.ns); } catch {}       // deleting the namespace deletes its veth end, hence the pair
    try { ip('link', 'del', net.outer); } catch {}
  };
  process.on('exit', remove);
  remove();
  ip('netns', 'add', net.ns);
  ip('link', 'add', net.outer, 'type', 'veth', 'peer', 'name', net.inner);
  ip('link', 'set', net.inner, 'netns', net.ns);
  ip('addr', 'add', `${net.hostAddress}/24`, 'dev', net.outer);
  ip('link', 'set', net.outer, 'up');
  ip('netns', 'exec', net.ns, 'ip', 'addr', 'add', `${net.janusAddress}/24`, 'dev', net.inner);
  ip('netns', 'exec', net.ns, 'ip', 'link', 'set', net.inner, 'up');
  ip('netns', 'exec', net.ns, 'ip', 'link', 'set', 'lo', 'up');
  net.remove = remove;
  return net;
}

const VIDEO_PORT = 5004, AUDIO_PORT = 5002;

function writeConfig(dir, net, { eventLoops = 0 } = {}) {
  const lib = '/usr/lib/x86_64-linux-gnu/janus';
  writeFileSync(join(dir, 'janus.jcfg'), `
general: {
  configs_folder = "${dir}"
  plugins_folder = "${lib}/plugins"
  transports_folder = "${lib}/transports"
  events_folder = "${lib}/events"
  loggers_folder = "${lib}/loggers"
  debug_level = 3
  session_timeout = 60
  ${eventLoops ? `event_loops = ${eventLoops}` : '# event_loops: default, one loop thread per handle'}
}
certificates: {}
media: { rtp_port_range = "20000-40000" }
nat: {
  nice_debug = false
  full_trickle = false
  ice_enforce_list = "${net.inner}"
}
plugins: { disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_videoroom.so,libjanus_voicemail.so" }
transports: { disable = "libjanus_websockets.so,libjanus_pfunix.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_rabbitmq.so" }
loggers: { disable = "libjanus_jsonlog.so" }
events: {}
`);
  writeFileSync(join(dir, 'janus.transport.http.jcfg'), `
general: { json = "plain", base_path = "/janus", http = true, port = 8088, ip = "${net.janusAddress}" }
admin: { admin_base_path = "/admin", admin_http = false }
cors: {}
certificates: {}
`);
  writeFileSync(join(dir, 'janus.plugin.streaming.jcfg'), `
general: {}
bench: {
  type = "rtp"
  id = 1
  description = "ocoplive side by side"
  media = (
    { type = "audio", mid = "a", port = ${AUDIO_PORT}, pt = 111, codec = "opus" },
    { type = "video", mid = "v", port = ${VIDEO_PORT}, pt = 96, codec = "h264",
      fmtp = "profile-level-id=42e01f;packetization-mode=1" }
  )
}
`);
}

// Starts Janus in the namespace; resolves once its HTTP API answers.
export async function startJanus(net, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ocoplive-janus-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeConfig(dir, net, opts);
  // `ip netns exec` execs janus in place: the PID we get is Janus's own.
  const proc = track(spawn('ip', ['netns', 'exec', net.ns, JANUS, '-C', join(dir, 'janus.jcfg'), '-F', dir, '-o'],
    { stdio: ['ignore', 'pipe', 'pipe'] }), 'janus');
  let log = '';
  const keep = (d) => { log = (log + d).slice(-(1 << 16)); };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const base = `http://${net.janusAddress}:8088/janus`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`janus exited: ${log.slice(-2000)}`);
    try {
      const r = await fetch(`http://${net.janusAddress}:8088/janus/info`);
      if (r.ok) break;
    } catch {}
    await sleep(200);
  }
  return {
    proc, pid: proc.pid, base, dir,
    get log() { return log; },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The ocoplive publisher's encoding (lavfi testsrc2, x264 baseline, CBR-ish
// bitrate, GOP 60) sent as RTP: H.264 to the mountpoint's video port, Opus
// (what Janus forwards as is; ocoplive transcodes AAC to Opus itself) to
// its audio port.
export function janusPublisher(net, { size = '1280x720', rate = 30, bitrate = '600k', gop = 60, preset = 'veryfast' } = {}) {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-c:v', 'libx264', '-preset', preset, '-tune', 'zerolatency', '-profile:v', 'baseline',
    '-g', String(gop), '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate, '-pix_fmt', 'yuv420p',
    '-f', 'rtp', '-payload_type', '96', `rtp://${net.janusAddress}:${VIDEO_PORT}?pkt_size=1200`,
    '-map', '1:a', '-c:a', 'libopus', '-b:a', '64k', '-ac', '2',
    '-f', 'rtp', '-payload_type', '111', `rtp://${net.janusAddress}:${AUDIO_PORT}?pkt_size=1200`];
  const proc = track(spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] }), 'ffmpeg-rtp');
  let err = '';
  proc.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
  return {
    proc,
    get stderr() { return err; },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
