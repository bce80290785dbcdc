// The booth's bank account for VietQR transfers: a bank from the NAPAS list
// (GET /api/v1/banks), the account number and holder. Without one, buyers
// can only pay on delivery.
import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { clearFieldErrors, showFieldError } from './errors.js';
import { t } from './i18n.js';

export class BankAccountPanel {
  constructor(boothId, { errorText }) {
    this.boothId = boothId;
    this.errorText = errorText;
    this.banks = [];
    this.account = null;
  }

  async load() {
    const [banks, mine] = await Promise.all([api('/api/v1/banks'), api(`/api/v1/booths/${this.boothId}/bank-account`)]);
    this.banks = banks.banks || [];
    this.account = mine.bank_account || null;
    const f = $('#bank-form');
    f.addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    $('#bank-off').addEventListener('click', () => this.remove());
    this.render();
    if (this.account) {
      f.bank_bin.value = this.account.bank_bin;
      f.account_number.value = this.account.account_number;
      f.account_name.value = this.account.account_name;
    }
  }

  render() {
    const f = $('#bank-form');
    const picked = f.bank_bin.value;
    f.bank_bin.replaceChildren(h('option', { value: '', text: t('studio.bank_pick') }),
      ...this.banks.map((b) => h('option', { value: b.bin, text: `${b.short_name} (${b.code})` })));
    f.bank_bin.value = picked;
    const a = this.account;
    $('#bank-state').textContent = a ? t('studio.bank_on', { bank: a.bank_name, number: a.account_number, name: a.account_name }) : t('studio.bank_none');
    $('#bank-off').hidden = !a;
  }

  async save() {
    const f = $('#bank-form');
    const body = { bank_bin: f.bank_bin.value, account_number: f.account_number.value.trim(), account_name: f.account_name.value.trim() };
    const err = $('#bank-error');
    err.hidden = true;
    clearFieldErrors(f);
    try {
      const r = await api(`/api/v1/booths/${this.boothId}/bank-account`, { method: 'PUT', body });
      this.account = r.bank_account;
      f.account_number.value = this.account.account_number;
      f.account_name.value = this.account.account_name;
      err.hidden = true;
      this.render();
      toast(t('studio.bank_saved'), 'ok');
    } catch (e) {
      if (showFieldError(f, e)) return;
      err.textContent = this.errorText(e);
      err.hidden = false;
    }
  }

  async remove() {
    try {
      await api(`/api/v1/booths/${this.boothId}/bank-account`, { method: 'DELETE' });
      this.account = null;
      this.render();
      toast(t('studio.bank_removed'), 'ok');
    } catch (e) { toast(this.errorText(e), 'warn'); }
  }
}
