// Amounts as Vietnamese sellers type them: "250.000", "250,000", "250k",
// "250 nghìn", "1,5 triệu", "1tr5", "2 tỷ", with or without "đ"/"₫"/"VND".
// Pure (no DOM, no imports) so node's test runner loads it as is.

export const MAX_INPUT_CHARS = 40;

const UNITS = [
  // Longest first, so "triệu" wins over "tr".
  ['nghìn', 1e3], ['nghin', 1e3], ['ngàn', 1e3], ['ngan', 1e3], ['k', 1e3],
  ['triệu', 1e6], ['trieu', 1e6], ['tr', 1e6], ['m', 1e6],
  ['tỷ', 1e9], ['tỉ', 1e9], ['ty', 1e9], ['ti', 1e9],
];
const CURRENCY = /\s*(₫|đồng|đ|vnđ|vnd|dong|d)\.?$/u;

// "250.000", "1,250,000" or "250 000": one separator kind, groups of three.
function grouped(digits) {
  const m = /^(\d{1,3})((?:([., ])\d{3})(?:\3\d{3})*)$/.exec(digits);
  return m ? Number(digits.replace(/[., ]/g, '')) : null;
}

// "1,5" or "1.5" (a decimal before a unit), or a plain or grouped integer.
function decimal(digits) {
  if (/^\d+$/.test(digits)) return Number(digits);
  const g = grouped(digits);
  if (g !== null) return g;
  const m = /^(\d+)[.,](\d+)$/.exec(digits);
  return m ? Number(`${m[1]}.${m[2]}`) : null;
}

// The amount in whole units, or null when the text is not an amount or is
// not a whole number of đồng ("1,5" alone, "0,5 đ").
export function parseAmount(text) {
  if (typeof text !== 'string' || text.length > MAX_INPUT_CHARS) return null;
  let s = text.normalize('NFC').trim().toLowerCase().replace(CURRENCY, '').trim();
  if (!s) return null;
  let value = null;
  // "1tr5" / "2 triệu 5": a unit followed by the next digit(s) of the amount.
  for (const [unit, mult] of UNITS) {
    const m = new RegExp(`^(\\d+)\\s*${unit}\\s*(\\d{1,3})$`, 'u').exec(s);
    if (m && mult >= 1e6) {
      value = Number(m[1]) * mult + Number(`0.${m[2]}`) * mult;
      break;
    }
  }
  if (value === null) {
    let mult = 1;
    for (const [unit, m] of UNITS) {
      if (s.endsWith(unit) && /[\d\s]$/.test(s.slice(0, -unit.length))) {
        mult = m;
        s = s.slice(0, -unit.length).trim();
        break;
      }
    }
    s = s.replace(/\s+/g, ' ');
    if (!/^[\d., ]+$/.test(s)) return null;
    const n = mult === 1 ? (/^\d+$/.test(s) ? Number(s) : grouped(s)) : decimal(s);
    if (n === null) return null;
    value = n * mult;
  }
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-6 || !Number.isSafeInteger(rounded)) return null;
  return rounded;
}

// 250000 -> "250.000" (Vietnamese) or "250,000" (English).
export function groupDigits(n, sep = '.') {
  const v = Math.round(Number(n) || 0);
  return `${v < 0 ? '-' : ''}${String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, sep)}`;
}
