// "Tài khoản" in the studio and the console: change your password (every
// other device is signed out; this one stays), or sign out the others (a
// lost phone). Rendered into <section id="account">.
import { api } from './api.js';
import { clearFieldErrors, errorText, markField, showFieldError } from './errors.js';
import { $, h, toast } from './dom.js';
import { t } from './i18n.js';

export function setupAccount(me) {
  const box = $('#account');
  if (!box) return;
  const form = h('form', { id: 'password-form', class: 'stack', noValidate: true },
    h('label', { class: 'field' }, h('span', { text: t('acct.current') }),
      h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', maxLength: 128, testid: 'current-password' })),
    h('label', { class: 'field' }, h('span', { text: t('acct.new') }),
      h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', minLength: 8, maxLength: 128, testid: 'new-password' })),
    h('input', { type: 'hidden', name: 'username', value: me.user.username, autocomplete: 'username' }),
    h('button', { class: 'btn primary', testid: 'password-save', text: t('acct.change') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const body = { current_password: form.current_password.value, new_password: form.new_password.value };
    if (!body.current_password) return markField(form, 'current_password', t('err.required'));
    if (body.new_password.length < 8) return markField(form, 'new_password', t('err.password.too_short'));
    try {
      await api('/api/v1/me/password', { method: 'POST', body });
      form.reset();
      toast(t('acct.changed'), 'ok');
    } catch (ex) {
      if (!showFieldError(form, ex)) toast(errorText(ex), 'warn');
    }
  });
  const others = h('button', { type: 'button', class: 'btn', testid: 'logout-others', text: t('acct.logout_others'), onclick: async () => {
    try {
      const r = await api('/api/v1/me/logout-others', { method: 'POST', body: {} });
      toast(t('acct.logged_out_others', { n: r.ended }), 'ok');
    } catch (ex) { toast(errorText(ex), 'warn'); }
  } });
  box.replaceChildren(
    h('details', { class: 'create' },
      h('summary', { text: t('acct.title', { name: me.user.username }) }),
      h('h3', { text: t('acct.change') }), form,
      h('h3', { text: t('acct.devices') }), h('p', { class: 'muted', text: t('acct.devices_note') }), others));
}
