// A text field for an amount the Vietnamese way ("250.000", "250k",
// "1,5 triệu"): as the seller types, a line under it shows what we read
// ("= 250.000 ₫") or that we could not read it.
import { h } from './dom.js';
import { lang, t } from './i18n.js';
import { groupDigits, parseAmount } from './vn_number.js';

export const grouped = (n) => groupDigits(n, lang() === 'en' ? ',' : '.');

// kind: 'money' (shows ₫) or 'count'. Returns {value(), set(n)}.
export function amountInput(input, kind = 'money') {
  const out = h('output', { class: 'amount-preview', testid: `${input.dataset.testid || input.name}-preview`, attrs: { 'aria-live': 'polite' } });
  input.after(out);
  const show = () => {
    const text = input.value.trim();
    const v = parseAmount(text);
    out.classList.toggle('bad', text !== '' && v === null);
    if (!text) out.textContent = '';
    else if (v === null) out.textContent = t('amount.unreadable');
    else out.textContent = `= ${grouped(v)}${kind === 'money' ? ' ₫' : ''}`;
  };
  input.addEventListener('input', show);
  return {
    value: () => parseAmount(input.value.trim()),
    set(n) { input.value = n === '' || n === null || n === undefined ? '' : grouped(n); show(); },
    refresh: show,
  };
}
