#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/rtp_fuzz.cpp: one datagram per file,
shaped like what a browser and our fan-out engine put on the WebRTC port
(after SRTP/SRTCP decryption). Crash regressions (crash-*) in the corpus are
kept; the seeds below are rewritten. Usage, from the repo root:
  tests/fuzz/tools/make_rtp_corpus.py
"""
import pathlib
import struct

CORPUS = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "rtp_fuzz"

SENDER = 0x00000001        # Chrome's receive-only SSRC
MEDIA = 0x5E2A7B10         # our video SSRC


def rtcp(count, pt, body, padding=0):
    body += bytes(padding - 1) + bytes([padding]) if padding else b""
    assert len(body) % 4 == 0
    first = 0x80 | (0x20 if padding else 0) | count
    return struct.pack("!BBH", first, pt, len(body) // 4) + body


def block(ssrc, lost):
    return struct.pack("!IB3sIIII", ssrc, 5, (lost & 0xFFFFFF).to_bytes(3, "big"), 0x0001E245, 16,
                       0xABCD1234, 0x00010000)


def sdes(ssrc, cname):
    chunk = struct.pack("!IBB", ssrc, 1, len(cname)) + cname
    chunk += bytes(4 - len(chunk) % 4)
    return rtcp(1, 202, chunk)


def rtp(pt, seq, ts, ssrc, payload, marker=False, csrcs=(), ext=None, padding=0):
    first = 0x80 | (0x20 if padding else 0) | (0x10 if ext is not None else 0) | len(csrcs)
    out = struct.pack("!BBHII", first, (0x80 if marker else 0) | pt, seq, ts, ssrc)
    out += b"".join(struct.pack("!I", c) for c in csrcs)
    if ext is not None:
        out += struct.pack("!HH", 0xBEDE, len(ext) // 4) + ext
    out += payload
    if padding:
        out += bytes(padding - 1) + bytes([padding])
    return out


SEEDS = {
    "chrome_rr_sdes": rtcp(1, 201, struct.pack("!I", SENDER) + block(MEDIA, 3)) + sdes(SENDER, b"Jm2qZs9tNwLpkRdC"),
    "chrome_rr_remb_twcc": rtcp(0, 201, struct.pack("!I", SENDER))
    + rtcp(15, 206, struct.pack("!II4sBBHI", SENDER, 0, b"REMB", 1, 0x0B, 0x71B0, MEDIA))
    + rtcp(15, 205, struct.pack("!IIHHIHH", SENDER, MEDIA, 1, 2, 1, 0x2002, 0)),
    "nack": rtcp(1, 205, struct.pack("!IIHHHH", SENDER, MEDIA, 100, 0x0005, 65535, 0x8001)),
    "nack_padded": rtcp(1, 205, struct.pack("!IIHH", SENDER, MEDIA, 7, 0xFFFF), padding=4),
    "pli": rtcp(1, 206, struct.pack("!II", SENDER, MEDIA)),
    "fir": rtcp(4, 206, struct.pack("!IIIB3x", SENDER, 0, MEDIA, 7)),
    "sr_sdes": rtcp(2, 200, struct.pack("!IIIIII", MEDIA, 3908988800, 0x40000000, 90000, 1234, 567890)
                    + block(0x11111111, 0) + block(0x22222222, -5))
    + sdes(MEDIA, b"ocop"),
    "bye_app_xr": rtcp(1, 203, struct.pack("!I", SENDER)) + rtcp(0, 204, struct.pack("!I4s", SENDER, b"name"))
    + rtcp(0, 207, struct.pack("!I", SENDER)),
    "rtp_fua_idr_start": rtp(102, 4711, 90000, MEDIA, bytes([0x7C, 0x85]) + bytes(range(40)), csrcs=(0xAAAA,),
                             ext=bytes([0x10, 0xFF, 0x00, 0x00]), padding=3),
    "rtp_fua_end_marker": rtp(102, 4712, 90000, MEDIA, bytes([0x7C, 0x45]) + bytes(20), marker=True),
    "rtp_stapa_sps_pps": rtp(102, 4700, 87000, MEDIA,
                             bytes([0x78]) + struct.pack("!H", 4) + bytes([0x67, 0x42, 0xC0, 0x1F])
                             + struct.pack("!H", 4) + bytes([0x68, 0xCE, 0x3C, 0x80])),
    "rtp_opus": rtp(111, 1, 960, 0x0BADCAFE, bytes([0xFC]) + bytes(30), marker=True),
    "stun_binding_request": struct.pack("!HHI12s", 0x0001, 8, 0x2112A442, bytes(range(12)))
    + struct.pack("!HHI", 0x0024, 4, 0x6E7F1EFF),
    "dtls_client_hello": bytes([0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2C])
    + bytes([0x01, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0x20, 0xFE, 0xFD]) + bytes(32),
}

CORPUS.mkdir(parents=True, exist_ok=True)
for name, data in SEEDS.items():
    (CORPUS / name).write_bytes(data)
print(f"wrote {len(SEEDS)} seeds to {CORPUS}")
