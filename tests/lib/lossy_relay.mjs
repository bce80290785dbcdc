// A UDP relay between one WebRTC client and the server that drops a share
// of the SRTP/SRTCP packets each way (STUN and DTLS pass, so set-up is not
// what is measured). These kernels have no netem qdisc; this is the user-
// space stand-in. Drops follow a seeded PRNG, so a run can be repeated.
import dgram from 'node:dgram';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// RFC 7983: 128..191 is RTP or RTCP.
const isMedia = (b) => b.length > 0 && b[0] >= 128 && b[0] <= 191;

export async function lossyRelay({ host = '127.0.0.1', port, loss = 0.05, seed = 7 }) {
  const random = mulberry32(seed);
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  const counts = { down: 0, downDropped: 0, up: 0, upDropped: 0 };
  let client = null;
  front.on('message', (msg, rinfo) => {
    client = rinfo;
    if (isMedia(msg)) {
      counts.up++;
      if (random() < loss) { counts.upDropped++; return; }
    }
    back.send(msg, port, host);
  });
  back.on('message', (msg) => {
    if (!client) return;
    if (isMedia(msg)) {
      counts.down++;
      if (random() < loss) { counts.downDropped++; return; }
    }
    front.send(msg, client.port, client.address);
  });
  await Promise.all([
    new Promise((res) => front.bind(0, '127.0.0.1', res)),
    new Promise((res) => back.bind(0, '127.0.0.1', res)),
  ]);
  return {
    port: front.address().port,
    counts,
    close() { front.close(); back.close(); },
  };
}
