// A row of replay links (picture, booth, day, length), for the showroom's
// "Xem lại" row and an offline booth's page.
import { h } from './dom.js';
import { day } from './format.js';

const length = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export function replayLinks(replays, boothName = () => '') {
  return replays.map((r) => h('li', {}, h('a', { href: `/replays/${r.id}`, testid: 'replay-link', dataset: { replayId: r.id } },
    h('img', { src: r.thumbnail_url || '/img/logo.svg', alt: '', loading: 'lazy', width: 160, height: 90 }),
    h('b', { text: boothName(r.booth_id) }),
    h('span', { class: 'muted', text: `${day(r.started_at, { weekday: false, year: false })} · ${length(r.duration)}` }))));
}
