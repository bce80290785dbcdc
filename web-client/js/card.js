// Product presentation shared by the watch page and the studio: the pinned
// card (price, stars, origin, OCOP badge while the certificate is valid,
// stock, deal countdown) and the plain product rows.
import { h } from './dom.js';
import { countdown, nowSec, num, stars, vnd } from './format.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { groupLabel } from './ocop.js';

// Only our own paths and http(s) links become src/href: a product field is
// seller input, and "javascript:" must never reach an href.
export const safeUrl = (u) => (typeof u === 'string' && /^(https?:\/\/|\/(?!\/))/i.test(u) ? u : '');

// `small`: a list row's picture, from the photo's tile size (480 px) rather
// than the card's (1600 px): a phone on 3G loads a product list, not posters.
export function productImage(p, cls = '', { small = false } = {}) {
  const cover = Array.isArray(p.photos) && p.photos[0];
  const src = (small && cover ? safeUrl(cover.tile_url) : safeUrl(p.image_url)) || '/img/logo.svg';
  return h('img', { class: cls, src, alt: p.name, loading: 'lazy', decoding: 'async', width: 400, height: 300 });
}

// The badge only for a claim an organizer approved whose certificate runs;
// buyers see a pending claim as such, and nothing of a rejected one.
export function ocopBadge(p) {
  if (!p.ocop_verified) {
    if (p.ocop_status === 'pending') return h('span', { class: 'cert-expired', testid: 'ocop-pending', title: t('ocop.pending_title') }, t('ocop.pending'));
    if (p.ocop_status !== 'approved') return null;
    return h('span', { class: 'cert-expired', title: t('ocop.expired_title', { date: p.certificate_expires || '' }) }, t('ocop.expired'));
  }
  return h('span', { class: 'ocop-badge', testid: 'ocop-badge', title: t('ocop.valid_until', { date: p.certificate_expires || '' }), attrs: { 'aria-label': t('ocop.stars_label', { n: p.stars }) } },
    icon('verified'), 'OCOP ', h('span', { class: 'stars', text: stars(p.stars) }));
}

export function origin(p) {
  return h('p', { class: 'origin' }, icon('place'), h('span', { text: `${p.producer} · ${p.province}` }));
}

// The deal still running now with units left, or null: once it has sold
// out, the product is offered at its regular price while stock remains.
export function liveDeal(card, now = nowSec()) {
  return card && card.deal && card.deal.ends_at > now && card.deal.remaining > 0 ? card.deal : null;
}

export function stockText(stock) {
  return stock > 0 ? t('stock.left', { n: num(stock) }) : t('stock.out');
}

// card: product + deal|null. opts.onOrder(card) when the order button is tapped.
export function productCard(card, { onOrder, compact = false } = {}) {
  const deal = liveDeal(card);
  const price = deal ? deal.price : card.price;
  const soldOut = card.stock <= 0;
  const dealGone = !deal && card.deal && card.deal.ends_at > nowSec();  // sold out before its time

  const tags = h('p', { class: 'tags' }, ocopBadge(card), h('span', { class: 'group-tag', text: groupLabel(card.group) }));
  const info = h('div', { class: 'pcard-info' },
    tags,
    h('h3', { class: 'pcard-name', text: card.name }),
    origin(card));

  const prices = h('p', { class: 'prices' }, h('b', { class: 'price big', text: vnd(price) }));
  if (deal && deal.price < card.price) {
    prices.append(' ', h('s', { class: 'old-price', text: vnd(card.price) }),
      h('span', { class: 'discount', text: `-${Math.round((1 - deal.price / card.price) * 100)}%` }));
  }
  prices.append(h('span', { class: 'unit', text: ` / ${card.unit}` }));
  if (dealGone) prices.append(h('span', { class: 'deal-gone', testid: 'deal-sold-out', text: t('card.deal_sold_out') }));

  const el = h('article', { class: `pcard${deal ? ' has-deal' : ''}${compact ? ' compact' : ''}`, testid: 'product-card', dataset: { productId: card.id } },
    h('div', { class: 'pcard-pin' }, icon('pin'), t(deal ? 'card.deal_now' : 'card.pinned')),
    h('div', { class: 'pcard-top' }, productImage(card, 'pcard-img'), info),
    prices);

  if (deal) {
    const used = deal.quantity - deal.remaining;
    const meter = h('span', { class: 'meter-fill' });
    meter.style.width = `${Math.min(100, Math.max(4, (used / Math.max(1, deal.quantity)) * 100))}%`;
    el.append(h('div', { class: 'deal-box' },
      h('p', { class: 'deal-line' }, icon('timer'), h('span', { text: t('card.deal_ends') }), ' ',
        h('b', { class: 'deal-timer', dataset: { endsAt: deal.ends_at }, text: countdown(deal.ends_at - nowSec()) })),
      h('p', { class: 'deal-left', text: t('card.deal_left', { left: num(deal.remaining), total: num(deal.quantity) }) }),
      h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, meter)));
  }

  const foot = h('div', { class: 'pcard-foot' }, h('span', { class: `stock${card.stock > 0 ? '' : ' out'}`, dataset: { stockOf: card.id }, text: stockText(card.stock) }));
  if (onOrder) {
    foot.append(h('button', { type: 'button', class: 'btn primary order-btn', testid: 'order-button', disabled: soldOut, onclick: () => onOrder(card) },
      icon('bag'), soldOut ? t('stock.out') : t(dealGone ? 'card.order_regular' : 'card.order')));
  }
  el.append(foot);
  return el;
}

// Updates every countdown on the page; returns true when one just ran out.
export function tickCountdowns(root = document) {
  const now = nowSec();
  let expired = false;
  for (const el of root.querySelectorAll('[data-ends-at]')) {
    const left = Number(el.dataset.endsAt) - now;
    el.textContent = countdown(left);
    if (left <= 0) expired = true;
  }
  return expired;
}

// A product row for "the booth's other products".
export function productRow(p, { onOrder } = {}) {
  const story = p.story ? h('details', { class: 'story' }, h('summary', { text: t('product.story') }), h('p', { text: p.story })) : null;
  const actions = h('div', { class: 'row-actions' });
  const trace = safeUrl(p.traceability_url);
  if (trace) {
    actions.append(h('a', { class: 'trace', href: trace, target: '_blank', rel: 'noopener noreferrer' }, icon('shield'), t('product.trace')));
  }
  if (onOrder) {
    actions.append(h('button', { type: 'button', class: 'btn small', disabled: p.stock <= 0, onclick: () => onOrder(p) },
      p.stock > 0 ? t('product.buy') : t('stock.out')));
  }
  return h('li', { class: 'pitem', dataset: { productId: p.id } },
    productImage(p, 'pitem-img', { small: true }),
    h('div', { class: 'pitem-body' },
      h('h3', { text: p.name }),
      h('p', { class: 'tags' }, ocopBadge(p)),
      h('p', { class: 'pitem-price' }, h('b', { class: 'price', text: vnd(p.price) }), h('span', { class: 'unit', text: ` / ${p.unit}` })),
      origin(p),
      h('p', { class: `stock${p.stock > 0 ? '' : ' out'}`, dataset: { stockOf: p.id }, text: stockText(p.stock) }),
      story, actions));
}
