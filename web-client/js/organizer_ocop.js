// Organizer console: the queue of OCOP claims waiting for review. Approving
// shows the product's badge (while its certificate runs); rejecting needs a
// reason the seller will read in the studio.
import { api } from './api.js';
import { productImage } from './card.js';
import { $, h, toast } from './dom.js';
import { dmy } from './format.js';
import { t } from './i18n.js';
import { groupLabel } from './ocop.js';


export class OcopQueue {
  constructor({ errorText }) {
    this.errorText = errorText;
    this.list = [];
  }

  async refresh() {
    this.list = (await api('/api/v1/ocop-claims?status=pending')).products || [];
    this.render();
  }

  render() {
    const ul = $('#ocop-queue');
    ul.replaceChildren(...this.list.map((p) => this.item(p)));
    $('#ocop-none').hidden = this.list.length > 0;
    const count = $('#ocop-count');
    count.textContent = String(this.list.length);
    count.hidden = !this.list.length;
  }

  item(p) {
    const reason = h('input', { maxLength: 300, placeholder: t('org.ocop_reason'), attrs: { 'aria-label': t('org.ocop_reason') } });
    return h('li', { class: 'ocop-claim', testid: 'ocop-claim-item', dataset: { productId: p.id } },
      productImage(p, '', { small: true }),
      h('div', {},
        h('h3', { text: p.name }),
        h('p', { class: 'muted', text: `${p.producer} · ${p.province} · ${groupLabel(p.group)}` }),
        h('p', { text: t('org.ocop_cert', { stars: p.stars, date: dmy(p.certificate_date), expires: dmy(p.certificate_expires) }) }),
        p.certificate_number ? h('p', { text: t('org.ocop_number', { number: p.certificate_number }) }) : null,
        p.certificate_photo_url
          ? h('a', { class: 'cert-link', href: p.certificate_photo_url, target: '_blank', rel: 'noopener', testid: 'ocop-cert-photo' },
            h('img', { src: p.certificate_photo_url.replace(/\.jpg$/, '-tile.jpg'), alt: t('org.ocop_photo'), width: 120, height: 120, loading: 'lazy' }))
          : h('p', { class: 'muted', text: t('org.ocop_no_photo') }),
        h('p', { class: 'muted' }, h('a', { href: `/booths/${p.booth_id}`, text: p.booth_name || `#${p.booth_id}` }))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', testid: 'ocop-approve', text: t('org.ocop_approve'), onclick: () => this.review(p, true, '') }),
        reason,
        h('button', { type: 'button', class: 'btn danger', testid: 'ocop-reject', text: t('org.ocop_reject'), onclick: () => {
          if (!reason.value.trim()) { toast(t('org.ocop_reason_needed'), 'warn'); reason.focus(); return; }
          this.review(p, false, reason.value.trim());
        } })));
  }

  async review(p, approved, reason) {
    try {
      await api(`/api/v1/products/${p.id}/ocop-review`, { method: 'POST', body: approved ? { approved } : { approved, reason } });
      toast(t(approved ? 'org.ocop_approved' : 'org.ocop_rejected', { name: p.name }), 'ok');
      await this.refresh();
    } catch (e) { toast(this.errorText(e), 'warn'); }
  }
}
