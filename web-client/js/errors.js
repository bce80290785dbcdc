// What a refused request means, in the user's language: beside the field
// the server named (its `field` and `rule`), or one plain sentence. The
// server's own English text is never shown.
import { toLogin } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const has = (key) => t(key) !== key;

// The sentence for a server field error: specific to the field and rule when
// we have one, else for the rule.
export function ruleText(field, rule) {
  const specific = `err.${field}.${rule}`;
  if (has(specific)) return t(specific);
  return has(`err.${rule}`) ? t(`err.${rule}`) : t('err.invalid');
}

// One sentence for any failure (network, login, rights, limits, bad input).
export function errorText(e) {
  if (e.status === 0) return t('error.network');
  if (e.status === 401) { toLogin(); return t('error.login'); }
  if (e.status === 403) return t('error.forbidden');
  if (e.field) return ruleText(e.field, e.rule);
  if (e.status === 404) return t('err.not_found');
  if (e.status === 409) return t('err.conflict');
  if (e.status === 413) return t('err.too_large');
  if (e.status === 429) return t('err.rate_limited');
  if (e.status >= 500) return t('err.server');
  return t('error.generic');
}

export function clearFieldErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) p.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Shows `text` under the form control `name`; true when that control exists.
export function markField(form, name, text) {
  const input = form.elements.namedItem(name);
  if (!input || !input.closest) return false;
  const id = `${form.id}-${name}-error`;
  document.getElementById(id)?.remove();
  // Inside the field's label, right under the control, whatever the layout.
  input.after(h('span', { class: 'field-error', id, testid: `error-${name}`, text, attrs: { role: 'alert' } }));
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', id);
  input.focus();
  return true;
}

// A server refusal beside its field (`names` maps server fields to the
// form's control names); else false, and the caller shows errorText(e).
export function showFieldError(form, e, names = {}) {
  if (!e.field) return false;
  return markField(form, names[e.field] || e.field, ruleText(e.field, e.rule));
}
