// Shared page start-up: translations, icons, the language switch.
import { logout, toLogin, whoAmI } from './api.js';
import { $, h } from './dom.js';
import { applyI18n, lang, setLang, t } from './i18n.js';
import { fillIcons, icon } from './icons.js';

export function initPage() {
  applyI18n();
  fillIcons();
  const btn = document.getElementById('lang-switch');
  if (btn) {
    const label = () => {
      btn.textContent = lang() === 'vi' ? 'EN' : 'VI';
      btn.setAttribute('aria-label', t('nav.switch_lang'));
      btn.title = t('nav.switch_lang');
    };
    label();
    btn.addEventListener('click', () => { setLang(lang() === 'vi' ? 'en' : 'vi'); label(); });
  }
}

// Runs fn every `ms` (the first time after `ms`) while the tab is visible; returns a stop function.
export function every(ms, fn) {
  let timer = 0;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (document.visibilityState !== 'hidden') { try { await fn(); } catch { /* next tick retries */ } }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  const onVisible = () => { if (document.visibilityState === 'visible' && !stopped) { clearTimeout(timer); tick(); } };
  document.addEventListener('visibilitychange', onVisible);
  return () => { stopped = true; clearTimeout(timer); document.removeEventListener('visibilitychange', onVisible); };
}

// The studio and the console: the signed-in user in the header with a
// log-out button, or off to the login page (then null).
export async function startSignedIn() {
  initPage();
  const me = await whoAmI().catch(() => null);
  if (!me) { toLogin(); return null; }
  $('#who').replaceChildren(icon('person'), h('span', { text: me.user.username }));
  $('#logout').addEventListener('click', logout);
  return me;
}
