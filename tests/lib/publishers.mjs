// Real RTMP publishers for tests: ffmpeg and GStreamer's rtmp2sink/rtmpsink,
// generating test media at run time (no media files in the repo).
import { spawn } from 'node:child_process';

const running = new Set();
process.on('exit', () => { for (const p of running) try { p.kill('SIGKILL'); } catch {} });

function launch(cmd, args) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => { running.delete(proc); res({ code, signal }); }));
  return {
    proc,
    exited,
    get stderr() { return stderr; },
    alive() { return proc.exitCode === null && proc.signalCode === null; },
    signal(sig) { try { proc.kill(sig); } catch {} },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGCONT');
        proc.kill('SIGKILL');
      }
      return exited;
    },
  };
}

// ffmpeg -f flv. Options: size, rate, bitrate (e.g. '1500k'), gop (frames),
// audio/video (booleans), bframes (count), seconds (duration limit).
export function ffmpegPublisher(url, o = {}) {
  const { size = '1280x720', rate = 30, bitrate = '1500k', gop = 60, audio = true, video = true, bframes = 0,
    seconds = 600, preset = 'veryfast', extraVideo = [] } = o;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re'];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`);
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds));
  if (video) {
    args.push('-c:v', 'libx264', '-preset', preset);
    if (bframes > 0) args.push('-bf', String(bframes)); else args.push('-tune', 'zerolatency');
    args.push('-g', String(gop), '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate, '-pix_fmt', 'yuv420p', ...extraVideo);
  } else {
    args.push('-vn');
  }
  if (audio) args.push('-c:a', 'aac', '-b:a', '96k'); else args.push('-an');
  args.push('-f', 'flv', url);
  return launch('ffmpeg', args);
}

// GStreamer: sink 'rtmp2sink' or 'rtmpsink' (librtmp).
export function gstPublisher(url, sink = 'rtmp2sink', { width = 640, height = 360 } = {}) {
  // gst-launch joins its arguments and parses them: librtmp's options ride
  // inside the quoted location.
  const location = sink === 'rtmpsink' ? `location="${url} live=1"` : `location=${url}`;
  const head = `videotestsrc is-live=true ! video/x-raw,width=${width},height=${height},framerate=30/1 `
    + '! x264enc tune=zerolatency key-int-max=60 ! h264parse ! flvmux name=m streamable=true ! ' + sink;
  const tail = 'audiotestsrc is-live=true ! audioconvert ! voaacenc ! aacparse ! m.';
  return launch('gst-launch-1.0', ['-q', ...head.split(' '), location, ...tail.split(' ')]);
}

export async function waitFor(fn, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeout) {
    last = await fn();
    if (last) return { value: last, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
