// Setting up a market day in the console, in order: the day, its booths,
// their sellers. The steps panel says what is done and what is next; the
// booth form makes the seller's account in the same step; a login is handed
// over as text to copy or a printed card with the studio link's QR; days and
// booths are edited and deleted here (the server refuses while live).
import { api } from './api.js';
import { clearFieldErrors, errorText, markField, showFieldError } from './errors.js';
import { $, copyText, h, toast } from './dom.js';
import { fromVnLocal, schedule, toVnLocal } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';

const SELLER_FIELDS = { 'new_seller.username': 'seller_username', 'new_seller.phone': 'seller_phone', 'new_seller.display_name': 'seller_display_name' };

// A question asked in place under `host`, not with the browser's confirm()
// (which phones show out of context and which cannot be styled).
function askFirst(host, text, yes, act) {
  host.querySelector(':scope > .ask')?.remove();
  const box = h('div', { class: 'ask notice warn', attrs: { role: 'alert' } }, h('p', { text }),
    h('div', { class: 'row-tools' },
      h('button', { type: 'button', class: 'btn danger', testid: 'confirm-yes', text: yes, onclick: () => { box.remove(); act(); } }),
      h('button', { type: 'button', class: 'btn ghost', text: t('common.cancel'), onclick: () => box.remove() })));
  host.append(box);
  box.querySelector('button').focus();
}

// ---------- the steps ----------
// Open while a step is left; folded to one line once all are done, so the
// console of a running market day starts with its figures.
let stepsDone = null;

export function renderSteps(day, booths) {
  const withSeller = booths.filter((b) => b.seller).length;
  const allDone = !!day && booths.length > 0 && withSeller === booths.length;
  if (allDone !== stepsDone) $('#setup-box').open = !allDone;
  stepsDone = allDone;
  $('#setup-state').textContent = allDone ? t('setup.all_done') : '';
  const step = (n, done, title, detail, href, testid) => h('li', { class: `setup-step${done ? ' done' : ''}`, dataset: { step: n, done: String(done) }, testid },
    h('span', { class: 'setup-step-n', text: done ? '✓' : String(n) }),
    h('span', { class: 'setup-step-body' }, h('b', { text: title }), h('span', { class: 'muted', text: detail })),
    h('a', { class: 'btn small ghost', href, text: done ? t('setup.review') : t('setup.do') }));
  $('#setup-steps').replaceChildren(
    step(1, !!day, t('setup.day'), day ? `${day.title} · ${schedule(day.starts_at, day.ends_at)}` : t('setup.day_none'), '#days', 'step-day'),
    step(2, booths.length > 0, t('setup.booths'), booths.length ? t('setup.n_booths', { n: booths.length }) : t('setup.booths_none'), '#booths', 'step-booths'),
    step(3, booths.length > 0 && withSeller === booths.length, t('setup.sellers'),
      booths.length ? t('setup.n_sellers', { k: withSeller, n: booths.length }) : t('setup.sellers_none'), '#booths', 'step-sellers'));
}

// ---------- the login card ----------
function loginText(c) {
  const studio = `${location.origin}/studio?booth=${c.boothId}`;
  return [t('card.head', { booth: c.boothName }), `${t('card.studio')}: ${studio}`,
    `${t('card.username')}: ${c.username}`, `${t('card.password')}: ${c.password}`, t('card.change')].join('\n');
}

// c: {boothId, boothName, username, password, displayName}
export function showLoginCard(c) {
  const box = $('#login-card');
  const text = loginText(c);
  const area = h('textarea', { class: 'card-text', testid: 'login-card-text', readOnly: true, rows: 6, attrs: { 'aria-label': t('card.title') } });
  area.value = text;
  box.replaceChildren(
    h('div', { class: 'print-card', testid: 'login-card' },
      h('p', { class: 'eyebrow', text: 'OCOP Live' }),
      h('h3', { text: c.boothName }),
      c.displayName ? h('p', { text: c.displayName }) : null,
      h('img', { class: 'card-qr', testid: 'login-card-qr', src: `/api/v1/booths/${c.boothId}/studio-qr.svg`, alt: t('card.qr_alt'), width: 180, height: 180 }),
      h('p', { class: 'muted', text: t('card.qr_caption') }),
      h('dl', { class: 'card-creds' },
        h('dt', { text: t('card.studio') }), h('dd', { text: `${location.origin}/studio?booth=${c.boothId}` }),
        h('dt', { text: t('card.username') }), h('dd', { testid: 'login-card-username', text: c.username }),
        h('dt', { text: t('card.password') }), h('dd', { testid: 'login-card-password', text: c.password })),
      h('p', { class: 'muted', text: t('card.change') })),
    h('p', { class: 'notice warn', text: t('card.once') }),
    area,
    h('div', { class: 'row-tools' },
      h('button', { type: 'button', class: 'btn primary', testid: 'login-card-copy', onclick: async () => toast(t(await copyText(text, area) ? 'card.copied' : 'card.copy_failed'), 'ok') }, icon('copy'), t('card.copy')),
      h('button', { type: 'button', class: 'btn', testid: 'login-card-print', onclick: () => window.print() }, t('card.print')),
      h('button', { type: 'button', class: 'btn ghost', onclick: () => { box.hidden = true; box.replaceChildren(); } }, t('card.close'))));
  box.hidden = false;
  box.scrollIntoView({ block: 'start' });
}

// A new password for the booth's seller (asked first under `host`), then the card.
export function sendLogin(b, host) {
  askFirst(host, t('card.confirm_new', { name: b.seller.username }), t('card.new_password'), async () => {
    try {
      const r = await api(`/api/v1/users/${b.seller.id}/new-password`, { method: 'POST', body: {} });
      showLoginCard({ boothId: b.id, boothName: b.name, username: r.user.username, password: r.password, displayName: r.user.display_name });
    } catch (e) { toast(errorText(e), 'warn'); }
  });
}

// ---------- the booth form ----------
export function setupBoothForm({ day, reload }) {
  const f = $('#booth-form');
  const pick = f.seller_id;
  const syncNew = () => { $('#new-seller').hidden = pick.value !== 'new'; };
  pick.addEventListener('change', syncNew);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#booth-error');
    err.hidden = true;
    clearFieldErrors(f);
    const name = f.name.value.trim();
    if (!day()) { err.textContent = t('org.err.booth'); err.hidden = false; return; }
    if (!name) return markField(f, 'name', t('err.required'));
    const body = { market_day_id: day().id, name, province: f.province.value };
    if (pick.value === 'new') {
      const username = f.seller_username.value.trim().toLowerCase();
      if (!/^[a-z0-9_.-]{3,32}$/.test(username)) return markField(f, 'seller_username', t('err.username.bad_username'));
      body.new_seller = { username, display_name: f.seller_display_name.value.trim(), phone: f.seller_phone.value.trim() };
    } else if (pick.value) {
      body.seller_id = Number(pick.value);
    }
    try {
      const b = await api('/api/v1/booths', { method: 'POST', body });
      f.name.value = '';
      for (const k of ['seller_username', 'seller_display_name', 'seller_phone']) f[k].value = '';
      await reload();
      toast(t('org.booth_created'), 'ok');
      if (b.credentials) showLoginCard({ boothId: b.id, boothName: b.name, username: b.credentials.username, password: b.credentials.password, displayName: body.new_seller.display_name });
    } catch (ex) {
      if (!showFieldError(f, ex, SELLER_FIELDS)) { err.textContent = errorText(ex); err.hidden = false; }
    }
  });
  return syncNew;
}

export function sellerChoices(sellers, selected, { allowNew = false } = {}) {
  const label = (s) => (s.display_name ? `${s.display_name} (${s.username})` : s.username);
  return [h('option', { value: '', text: t('org.no_seller') }),
    ...(allowNew ? [h('option', { value: 'new', text: t('setup.new_seller') })] : []),
    ...sellers.map((s) => h('option', { value: s.id, text: label(s), selected: s.id === selected }))];
}

// ---------- edit and delete ----------
// A booth's name and province, or its deletion; both refused while live.
export function boothEditor(b, reload) {
  const live = b.state !== 'offline';
  const form = h('form', { class: 'edit-box', hidden: true, noValidate: true },
    h('label', { class: 'field' }, h('span', { text: t('org.booth_name') }), h('input', { name: 'name', value: b.name, maxLength: 120 })),
    h('div', { class: 'row-tools' },
      h('button', { class: 'btn small primary', text: t('setup.save') }),
      h('button', { type: 'button', class: 'btn small danger', testid: 'booth-delete', disabled: live, title: live ? t('setup.live_locked') : '', text: t('setup.delete'), onclick: () => {
        askFirst(form, t('setup.confirm_delete_booth', { name: b.name }), t('setup.delete'), async () => {
          try {
            await api(`/api/v1/booths/${b.id}`, { method: 'DELETE' });
            toast(t('setup.deleted', { name: b.name }), 'ok');
            await reload();
          } catch (e) { toast(deleteError(e), 'warn'); }
        });
      } })),
    live ? h('p', { class: 'muted', text: t('setup.live_locked') }) : null);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    try {
      await api(`/api/v1/booths/${b.id}`, { method: 'PUT', body: { name: form.name.value.trim() } });
      toast(t('setup.saved'), 'ok');
      await reload();
    } catch (ex) { if (!showFieldError(form, ex)) toast(errorText(ex), 'warn'); }
  });
  const toggle = h('button', { type: 'button', class: 'btn small ghost icon-only', testid: 'booth-edit', title: t('setup.edit'), attrs: { 'aria-label': `${t('setup.edit')}: ${b.name}` }, onclick: () => { form.hidden = !form.hidden; } }, icon('edit'));
  return { toggle, form };
}

function deleteError(e) {
  if (e.rule === 'has_orders') return t('setup.has_orders');
  if (e.rule === 'has_replays') return t('setup.has_replays');
  if (e.rule === 'live') return t('setup.live_locked');
  return errorText(e);
}

// A market day's title and times, or its deletion (with its booths).
export function dayItem(d, current, { reload, anyLive }) {
  const form = h('form', { class: 'edit-box', hidden: true, noValidate: true, id: `day-edit-${d.id}` },
    h('label', { class: 'field' }, h('span', { text: t('org.day_title') }), h('input', { name: 'title', value: d.title, maxLength: 200 })),
    h('div', { class: 'two' },
      h('label', { class: 'field' }, h('span', { text: t('org.starts') }), h('input', { name: 'starts', type: 'datetime-local', value: toVnLocal(d.starts_at) })),
      h('label', { class: 'field' }, h('span', { text: t('org.ends') }), h('input', { name: 'ends', type: 'datetime-local', value: toVnLocal(d.ends_at) }))),
    h('div', { class: 'row-tools' },
      h('button', { class: 'btn small primary', testid: 'day-save', text: t('setup.save') }),
      h('button', { type: 'button', class: 'btn small danger', testid: 'day-delete', text: t('setup.delete'), onclick: () => {
        askFirst(form, t('setup.confirm_delete_day', { name: d.title }), t('setup.delete'), async () => {
          try {
            const r = await api(`/api/v1/market-days/${d.id}`, { method: 'DELETE' });
            toast(t('setup.day_deleted', { n: r.booths_deleted }), 'ok');
            await reload();
          } catch (e) { toast(deleteError(e), 'warn'); }
        });
      } })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const starts = fromVnLocal(form.starts.value), ends = fromVnLocal(form.ends.value);
    try {
      await api(`/api/v1/market-days/${d.id}`, { method: 'PUT', body: { title: form.title.value.trim(), starts_at: starts, ends_at: ends } });
      toast(t('setup.saved'), 'ok');
      await reload();
    } catch (ex) {
      if (ex.rule === 'live') return toast(t('setup.live_locked'), 'warn');
      if (!showFieldError(form, ex, { starts_at: 'starts', ends_at: 'ends' })) toast(errorText(ex), 'warn');
    }
  });
  return h('li', { class: current ? 'current' : '', dataset: { dayId: d.id } },
    h('div', { class: 'day-row' },
      h('span', {}, h('b', { text: d.title }), h('span', { class: 'muted', text: ` · ${schedule(d.starts_at, d.ends_at)}` })),
      h('button', { type: 'button', class: 'btn small ghost icon-only', testid: 'day-edit', title: t('setup.edit'), disabled: current && anyLive, attrs: { 'aria-label': `${t('setup.edit')}: ${d.title}` }, onclick: () => { form.hidden = !form.hidden; } }, icon('edit'))),
    form);
}
