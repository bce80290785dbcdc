// A VietQR (EMVCo merchant-presented QR) reader for tests, written from the
// EMV QRCPS layout and independent of the server's encoder: TLV fields
// (2-digit id, 2-digit length, value), nested templates for 38 and 62, and
// CRC-16/CCITT-FALSE over everything up to and including "6304".
export function crc16ccittFalse(text) {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// { '00': '01', '38': '...', ... } with fields in order in `order`; throws on
// a truncated or malformed string.
export function parseTlv(text) {
  const fields = {};
  const order = [];
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const lenText = text.slice(i + 2, i + 4);
    if (!/^\d\d$/.test(id) || !/^\d\d$/.test(lenText)) throw new Error(`bad TLV header at ${i}: ${text.slice(i, i + 4)}`);
    const len = Number(lenText);
    if (i + 4 + len > text.length) throw new Error(`field ${id} runs past the end`);
    fields[id] = text.slice(i + 4, i + 4 + len);
    order.push(id);
    i += 4 + len;
  }
  return { fields, order };
}

// The transfer a VietQR string asks for, and whether its CRC holds.
export function decodeVietQr(text) {
  const { fields, order } = parseTlv(text);
  const account = parseTlv(fields['38'] || '').fields;
  const beneficiary = parseTlv(account['01'] || '').fields;
  const extra = parseTlv(fields['62'] || '').fields;
  const body = text.slice(0, -4);
  return {
    order,
    payloadFormat: fields['00'],
    initiation: fields['01'],
    guid: account['00'],
    bin: beneficiary['00'],
    account: beneficiary['01'],
    service: account['02'],
    currency: fields['53'],
    amount: fields['54'],
    country: fields['58'],
    purpose: extra['08'],
    crc: fields['63'],
    crcExpected: body.endsWith('6304') ? crc16ccittFalse(body) : null,
  };
}
