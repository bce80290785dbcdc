#!/usr/bin/env python3
"""Writes tests/fuzz/corpus/stun_fuzz/: ICE connectivity checks shaped as
Chromium sends them (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
MESSAGE-INTEGRITY, FINGERPRINT; RFC 8445 §7.2.2, RFC 8489 §14), for the
viewer ufrag "abcd" with password "0123456789abcdefghijklmn" that the
fuzzer and tests/unit/webrtc/ice know, and the variants a server must refuse."""
import hashlib, hmac, os, struct, zlib

PWD = b'0123456789abcdefghijklmn'


def attr(t, v):
    return struct.pack('!HH', t, len(v)) + v + b'\0' * ((4 - len(v) % 4) % 4)


def check(username, pwd, use_candidate=True, controlling=True, integrity=True, fingerprint=True):
    tid = bytes(range(12))
    head = lambda n: struct.pack('!HHI', 0x0001, n, 0x2112A442) + tid
    body = attr(0x0006, username) + attr(0x0024, struct.pack('!I', 1845501695))
    body += attr(0x802A if controlling else 0x8029, struct.pack('!Q', 0x1122334455667788))
    if use_candidate:
        body += attr(0x0025, b'')
    if integrity:
        body += attr(0x0008, hmac.new(pwd, head(len(body) + 24) + body, hashlib.sha1).digest())
    if fingerprint:
        crc = (zlib.crc32(head(len(body) + 8) + body) ^ 0x5354554E) & 0xFFFFFFFF
        body += attr(0x8028, struct.pack('!I', crc))
    return head(len(body)) + body


out = os.path.join(os.path.dirname(__file__), '..', 'corpus', 'stun_fuzz')
os.makedirs(out, exist_ok=True)
seeds = {
    'chrome_check_use_candidate': check(b'abcd:Xy12', PWD),
    'chrome_check_consent': check(b'abcd:Xy12', PWD, use_candidate=False),
    'wrong_password': check(b'abcd:Xy12', b'wrongwrongwrongwrongwrong'),
    'unknown_ufrag': check(b'zzzz:Xy12', PWD),
    'role_conflict': check(b'abcd:Xy12', PWD, controlling=False),
    'no_integrity': check(b'abcd:Xy12', b'', integrity=False),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
