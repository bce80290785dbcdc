// Formatting: whole VND with "." between thousands in Vietnamese ("," in
// English), times in Vietnam time (UTC+7 all year, no daylight saving).
import { lang, t } from './i18n.js';
import { groupDigits } from './vn_number.js';

const sep = () => (lang() === 'en' ? ',' : '.');

export function vnd(n) {
  return `${groupDigits(n, sep())} ₫`;
}

export function num(n) {
  return groupDigits(n, sep());
}

const VN_OFFSET = 7 * 3600;
const pad = (n) => String(n).padStart(2, '0');

export function vnParts(unix) {
  const d = new Date((unix + VN_OFFSET) * 1000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), wd: d.getUTCDay() };
}

export const clock = (unix) => { const p = vnParts(unix); return `${pad(p.h)}:${pad(p.mi)}`; };
export const clockSec = (unix) => { const p = vnParts(unix); return `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`; };

export function day(unix, { weekday = true, year = true } = {}) {
  const p = vnParts(unix);
  const wd = weekday ? `${t(`wd.${p.wd}`)}, ` : '';
  if (lang() === 'en') return `${wd}${p.d} ${t(`mon.${p.mo}`)}${year ? ` ${p.y}` : ''}`;
  return `${wd}${pad(p.d)}/${pad(p.mo)}${year ? `/${p.y}` : ''}`;
}

// "Thứ Bảy, 28/11/2026 · 12:00 – 00:00" or across days "28/11 12:00 → 29/11 09:00".
export function schedule(starts, ends) {
  const a = vnParts(starts), b = vnParts(ends);
  const sameDay = a.y === b.y && a.mo === b.mo && a.d === b.d;
  const endsAtMidnight = b.h === 0 && b.mi === 0 && ends - starts < 86400;
  if (sameDay || endsAtMidnight) return `${day(starts)} · ${clock(starts)} – ${clock(ends)}`;
  return `${day(starts, { year: false })} ${clock(starts)} → ${day(ends, { year: false })} ${clock(ends)}`;
}

// Seconds left as "4:05" or "1:02:03".
export function countdown(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

// Vietnam wall-clock "YYYY-MM-DDTHH:MM" (datetime-local) <-> Unix seconds.
export function fromVnLocal(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 1000 - VN_OFFSET;
}
export function toVnLocal(unix) {
  const p = vnParts(unix);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

// "45 giây", "15 phút", "1 giờ 5 phút": a wait read as people say it
// (a mute is not "899 giây"). Minutes round up: never promise less.
export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return t('dur.s', { n: s });
  const min = Math.ceil(s / 60);
  if (min < 60) return t('dur.m', { n: min });
  const h = Math.floor(min / 60), m = min % 60;
  return m ? t('dur.hm', { h, m }) : t('dur.h', { n: h });
}

// "2026-12-28" -> "28/12/2026", as dates are written in Vietnam.
export const dmy = (iso) => (iso ? iso.split('-').reverse().join('/') : '—');

export const stars = (n) => '★'.repeat(Math.max(0, Math.min(5, n | 0)));
export const nowSec = () => Math.floor(Date.now() / 1000);
