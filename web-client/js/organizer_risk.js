// Organizer console: phones blocked market-wide (a blocked phone's orders
// are refused with `blocked`), and the market day's CSV report.
import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { day as dayText, clock } from './format.js';
import { t } from './i18n.js';

export class BlockedPhones {
  constructor({ errorText }) {
    this.errorText = errorText;
    this.list = [];
  }

  async load() {
    $('#block-form').addEventListener('submit', (e) => { e.preventDefault(); this.add(); });
    await this.refresh();
  }

  async refresh() {
    this.list = (await api('/api/v1/blocked-phones')).blocked_phones || [];
    this.render();
  }

  render() {
    const ul = $('#blocked-list');
    ul.replaceChildren(...this.list.map((b) => h('li', { class: 'blocked', dataset: { phone: b.phone } },
      h('b', { text: b.phone }), ' ', h('span', { text: b.reason }),
      h('span', { class: 'muted', text: ` · ${b.blocked_by ? b.blocked_by.username : '—'} · ${clock(b.created_at)} ${dayText(b.created_at, { weekday: false })}` }),
      h('button', { type: 'button', class: 'btn small ghost', text: t('org.unblock'), onclick: () => this.remove(b.phone) }))));
    $('#blocked-none').hidden = this.list.length > 0;
  }

  async add() {
    const f = $('#block-form'), err = $('#block-error');
    const phone = f.phone.value.trim(), reason = f.reason.value.trim();
    if (!phone || !reason) { err.textContent = t('org.err.block'); err.hidden = false; return; }
    try {
      const b = await api('/api/v1/blocked-phones', { method: 'POST', body: { phone, reason } });
      err.hidden = true;
      f.reset();
      toast(t('org.blocked_ok', { phone: b.phone }), 'ok');
      await this.refresh();
    } catch (e) { err.textContent = this.errorText(e); err.hidden = false; }
  }

  async remove(phone) {
    try {
      await api(`/api/v1/blocked-phones/${encodeURIComponent(phone)}`, { method: 'DELETE' });
      toast(t('org.unblocked_ok', { phone }), 'ok');
      await this.refresh();
    } catch (e) { toast(this.errorText(e), 'warn'); }
  }
}

export function setReportLink(dayId) {
  const a = $('#report-csv');
  a.hidden = !dayId;
  if (dayId) a.href = `/api/v1/market-days/${dayId}/report.csv`;
}
