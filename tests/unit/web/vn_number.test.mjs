// The amount parser behind every price, stock and deal field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDigits, parseAmount } from '../../../web-client/js/vn_number.js';

const cases = [
  ['250000', 250000], ['250.000', 250000], ['250,000', 250000], ['1.250.000', 1250000], ['1,250,000', 1250000],
  ['250k', 250000], ['250K', 250000], ['250 k', 250000], ['250 nghìn', 250000], ['250 ngàn', 250000], ['250 nghin', 250000],
  ['1,5 triệu', 1500000], ['1.5 triệu', 1500000], ['1,25 triệu', 1250000], ['2 triệu', 2000000], ['1tr5', 1500000],
  ['1 tr 5', 1500000], ['2 triệu 5', 2500000], ['1tr25', 1250000], ['3tr', 3000000], ['1 tỷ', 1000000000], ['1,2 tỉ', 1200000000],
  ['250.000đ', 250000], ['250.000 đ', 250000], ['250.000 ₫', 250000], ['250000 VND', 250000], ['250k đ', 250000],
  ['  90.000  ', 90000], ['0', 0], ['500', 500], ['0,5k', 500], ['12', 12], ['1.000', 1000],
  // NFD input (a phone keyboard that sends decomposed accents) reads the same.
  ['1,5 trie\u0323\u0302u', 1500000], ['250 000', 250000], ['1 250 000', 1250000],
];
for (const [text, want] of cases) {
  test(`"${text}" is ${want}`, () => assert.equal(parseAmount(text), want));
}

const refused = [
  '', '   ', 'abc', '1,5', '1.5', '25.00', '250.0000', '1.250,000', '1,,000', '.000', '250.', '-5000', '+5000', '5e3', '0x10',
  '0,0005k', '1,2345678 tr', 'k', 'triệu', '250 nghìn nghìn', '250kk', '1 2 3', '12 34', '250 00', '1 250.000', 'NaN', 'Infinity',
  '9'.repeat(41), '99999999999999999999', '１２３', '250.000 usd', '<script>',
];
for (const text of refused) {
  test(`"${text.slice(0, 20)}" is refused`, () => assert.equal(parseAmount(text), null));
}

test('non-strings are refused', () => {
  for (const v of [undefined, null, 250000, {}, []]) assert.equal(parseAmount(v), null);
});

test('grouping follows the language', () => {
  assert.equal(groupDigits(250000), '250.000');
  assert.equal(groupDigits(1250000, ','), '1,250,000');
  assert.equal(groupDigits(999), '999');
  assert.equal(groupDigits(-1500), '-1.500');
});
