// WebRTC benchmark driver (never run by the test command).
//   node bench/webrtc/run.mjs latency [--flashes 40] [--gop 60] [--audio 1] [--warmup 8] [--queue 0] [--burst 0]
//   node bench/webrtc/run.mjs ttff    [--joins 20] [--gops 60,180]
//   node bench/webrtc/run.mjs load    [--levels 0,1,10,25,50,75,100] [--per-page 25] [--window 15] [--perf-at 50] [--fps 30] [--audio 1] [--bitrate 600k]
//   node bench/webrtc/run.mjs churn   [--cycles 4] [--viewers 25]
//   node bench/webrtc/run.mjs lipsync [--flashes 60] [--warmup 8] [--engines fanout,webrtcbin]
//   node bench/webrtc/run.mjs sidebyside [--levels 10,100,500,1000] [--bitrates 600k,1500k] [--engines fanout,webrtcbin,janus]
//   node bench/webrtc/run.mjs hlsdelay [--gop 30] [--fragment 2] [--joins 3] [--warmup 10] [--window 20]
//   node bench/webrtc/run.mjs hlscost  [--window 20] [--settle 5]
//   node bench/webrtc/run.mjs pageload [--loads 5]
// OCOPLIVE_BIN picks the server binary (default build/ocoplive). Progress
// goes to stderr; the final table (Markdown) to stdout.
import { parseArgs, BIN, progress } from './lib.mjs';
import { latency } from './latency.mjs';
import { ttff } from './ttff.mjs';
import { load } from './load.mjs';
import { churn } from './churn.mjs';
import { lipsync } from './lipsync.mjs';
import { sidebyside } from './sidebyside.mjs';
import { hlsCost, hlsDelay } from './hls.mjs';
import { pageLoad } from './pageload.mjs';

const [cmd, ...rest] = process.argv.slice(2);
const common = { preset: 'veryfast', bitrate: '600k' };
const commands = {
  latency: [latency, { ...common, flashes: '40', gop: '60', audio: '1', warmup: '8', queue: '0', burst: '0' }],
  ttff: [ttff, { ...common, joins: '20', gops: '60,180', audio: '1', observe: '4' }],
  churn: [churn, { ...common, cycles: '4', viewers: '25', 'per-page': '25', settle: '5' }],
  lipsync: [lipsync, { ...common, flashes: '60', warmup: '8', engines: 'fanout,webrtcbin' }],
  // Light viewers (build-bench/whep_load) instead of Chromium; Janus in a network namespace.
  sidebyside: [sidebyside, { levels: '10,100,500,1000', bitrates: '600k', engines: 'fanout,webrtcbin,janus', ramp: '50', settle: '5', window: '15', 'settle-timeout': '90', bind: '127.0.2.1-50', 'max-loss': '0.05', 'max-machine': '1.01', 'janus-loops': '0', 'log-level': 'info', out: '', replot: '' }],
  hlsdelay: [hlsDelay, { ...common, gop: '30', fragment: '2', warmup: '10', window: '20', joins: '3' }],
  hlscost: [hlsCost, { ...common, gop: '30', window: '20', settle: '5' }],
  pageload: [pageLoad, { loads: '5' }],
  load: [load, { ...common, levels: '0,1,10,25,50,75,100', 'per-page': '25', window: '15', settle: '5', attached: '1', gop: '60', fps: '30', audio: '1', concurrency: '4', 'perf-at': '50', 'stop-tracks': '0', 'drop-encoded': '1' }],
};
if (!commands[cmd]) {
  console.error('usage: node bench/webrtc/run.mjs latency|ttff|load|churn|lipsync|sidebyside|hlsdelay|hlscost|pageload [--option value ...]');
  process.exit(2);
}
const [fn, defaults] = commands[cmd];
const opts = parseArgs(rest, defaults);
progress(`${cmd}: server binary ${BIN}`);
try {
  const text = await fn(opts);
  console.log(text);
  process.exit(0);
} catch (e) {
  console.error(e?.stack ?? e);
  process.exit(1);
}
