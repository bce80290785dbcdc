// A WHEP offer as a browser makes it (BUNDLE, rtcp-mux, recvonly H.264
// packetization-mode 1 and Opus), for tests that need the server to answer
// but never connect media.
export function browserLikeOffer() {
  const fp = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).padStart(2, '0').toUpperCase()).join(':');
  const common = ['c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', 'a=ice-ufrag:Wh3p', 'a=ice-pwd:c0rsc0rsc0rsc0rsc0rsc0rs',
    'a=ice-options:trickle', `a=fingerprint:sha-256 ${fp}`, 'a=setup:actpass'];
  return [
    'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=msid-semantic: WMS',
    'm=video 9 UDP/TLS/RTP/SAVPF 102', ...common, 'a=mid:0', 'a=recvonly', 'a=rtcp-mux', 'a=rtcp-rsize',
    'a=rtpmap:102 H264/90000', 'a=rtcp-fb:102 nack', 'a=rtcp-fb:102 nack pli',
    'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111', ...common, 'a=mid:1', 'a=recvonly', 'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1', '',
  ].join('\r\n');
}
