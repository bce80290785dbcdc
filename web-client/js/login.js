// Login: sellers go on to /studio, organizers to /organizer (or back to the
// page that sent them here).
import { api, logout, whoAmI } from './api.js';
import { initPage } from './common.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';

function home(user) { return user.role === 'organizer' ? '/organizer' : '/studio'; }

// Only a same-origin path may be a redirect target. Browsers drop tabs and
// newlines from URLs, so "/\t/evil.example" would become "//evil.example":
// whitespace, control characters and backslashes are refused outright.
function nextPath() {
  const n = new URLSearchParams(location.search).get('next') || '';
  if (!/^\/(?![/\\])/.test(n) || /[\s\x00-\x1f\x7f\\]/.test(n)) return '';
  const u = new URL(n, location.origin);
  return u.origin === location.origin ? u.pathname + u.search + u.hash : '';
}

function target(user) {
  const n = nextPath();
  if (n && !(user.role === 'seller' && n.startsWith('/organizer'))) return n;
  return home(user);
}

async function start() {
  initPage();
  const form = $('#login-form'), err = $('#login-error'), btn = $('#login-submit');
  const me = await whoAmI().catch(() => null);
  if (me && me.user) {
    const box = $('#already');
    box.replaceChildren(h('span', { text: t('login.already', { name: me.user.username }) }), ' ',
      h('a', { href: home(me.user), text: t(me.user.role === 'organizer' ? 'login.go_organizer' : 'login.go_studio') }), ' · ',
      h('button', { type: 'button', class: 'link-btn', text: t('nav.logout'), onclick: logout }));
    box.hidden = false;
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = $('#login-username').value.trim();
    const password = $('#login-password').value;
    if (!username || !password) { err.textContent = t('login.err.empty'); err.hidden = false; return; }
    btn.disabled = true;
    btn.textContent = t('login.busy');
    try {
      const r = await api('/api/v1/login', { method: 'POST', body: { username, password } });
      location.assign(target(r.user));
    } catch (ex) {
      err.textContent = ex.rule === 'account_disabled' ? t('login.err.disabled')
        : ex.status === 401 || ex.status === 403 ? t('login.err.wrong')
        : ex.status === 429 ? t('login.err.limited') : t('error.network');
      err.hidden = false;
      btn.disabled = false;
      btn.textContent = t('login.submit');
    }
  });
}

start();
