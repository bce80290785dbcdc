// The order sheet: cash on delivery, or a bank transfer where the booth has
// an account (the answer then carries a VietQR code to scan). One
// client_order_id per attempt, so a retry after a lost answer (3G drops, a
// hub reconnect) never makes a second order; the server answers the same id
// with the same order_ack.
import { $, h, toast } from './dom.js';
import { vnd } from './format.js';
import { newClientOrderId } from './hub.js';
import { t } from './i18n.js';
import { liveDeal, productImage } from './card.js';
import { rememberOrder } from './my_orders_store.js';

const ACK_TIMEOUT_MS = 10000;
const BUYER_KEY = 'ocop.buyer';

// Loose check that matches the server's: 10 digits starting 0, or +84/84 + 9.
export function plausiblePhone(s) {
  const d = String(s).trim().replace(/[\s.-]/g, '');
  return /^(0\d{9}|\+?84\d{9})$/.test(d);
}

export class OrderSheet {
  constructor(hub, getCard, getBooth = () => null) {
    this.hub = hub;
    this.getCard = getCard;
    this.getBooth = getBooth;
    this.dlg = $('#order-sheet');
    this.form = $('#order-form');
    this.done = $('#order-done');
    this.err = $('#order-error');
    this.submitBtn = $('#order-submit');
    this.qty = $('#order-qty');
    this.product = null;
    this.attempt = null;  // {id, payload, timer}
    this.maxQty = 10;  // hub.max_order_qty, from welcome
    this.max = this.maxQty;

    $('#order-close').addEventListener('click', () => this.close());
    $('#order-done-close').addEventListener('click', () => this.close());
    $('#qty-minus').addEventListener('click', () => this.setQty(Number(this.qty.value) - 1));
    $('#qty-plus').addEventListener('click', () => this.setQty(Number(this.qty.value) + 1));
    this.qty.addEventListener('input', () => this.renderTotal());
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.dlg.addEventListener('click', (e) => { if (e.target === this.dlg) this.close(); });
    for (const r of this.form.querySelectorAll('input[name=payment]')) r.addEventListener('change', () => this.renderPayment());

    hub.on('order_ack', (m) => this.onAck(m));
    hub.on('order_rejected', (m) => this.onRejected(m));
    // A hub that came back: the unanswered attempt goes again, same id.
    hub.on('welcome', (m) => {
      if (Number.isInteger(m.max_order_qty) && m.max_order_qty > 0) this.maxQty = m.max_order_qty;
      if (this.attempt && !this.attempt.sent) this.send();
    });
  }

  // Deal price applies to the pinned product while its deal runs.
  unitPrice() {
    const card = this.getCard();
    const deal = card && card.id === this.product.id ? liveDeal(card) : null;
    return { price: deal ? deal.price : this.product.price, deal };
  }

  // `qty`: a quantity the buyer already said ("lấy 2" in the chat).
  open(product, { qty } = {}) {
    if (this.attempt && this.product && this.product.id !== product.id) this.attempt = null;
    this.product = product;
    const { price, deal } = this.unitPrice();
    // The server refuses more than hub.max_order_qty per order and more
    // than the deal's per_buyer units per buyer: the sheet asks no more.
    const caps = [this.maxQty, product.stock];
    if (deal) caps.push(deal.remaining, deal.per_buyer || this.maxQty);
    this.max = Math.max(1, Math.min(...caps));
    this.qty.max = String(this.max);
    const box = $('#order-product');
    const dealNote = deal ? [t('order.deal_note', { n: deal.remaining }), deal.per_buyer ? t('order.deal_per_buyer', { n: deal.per_buyer }) : ''].join(' ').trim() : '';
    box.replaceChildren(productImage(product, 'op-img'),
      h('div', {}, h('b', { class: 'op-name', text: product.name }),
        h('p', { class: 'op-price' }, h('span', { class: 'price', text: vnd(price) }), ` / ${product.unit}`),
        deal ? h('p', { class: 'op-deal', text: dealNote }) : null));
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(BUYER_KEY) || '{}'); } catch { /* fresh */ }
    for (const k of ['name', 'phone', 'address']) {
      const el = $(`#order-${k}`);
      if (!el.value && saved[k]) el.value = saved[k];
    }
    if (!this.attempt) this.qty.value = '1';
    if (!this.attempt && Number.isInteger(qty)) this.qty.value = String(Math.max(1, Math.min(this.max, qty)));
    // Transfers only where the booth has a bank account (booth.bank_transfer).
    const booth = this.getBooth();
    const transfer = !!(booth && booth.bank_transfer);
    $('#pay-pick').hidden = !transfer;
    if (!transfer) this.form.querySelector('input[name=payment][value=cod]').checked = true;
    this.renderPayment();
    this.form.hidden = false;
    this.done.hidden = true;
    this.showError('');
    this.renderTotal();
    this.setBusy(!!this.attempt && !this.attempt.failed);
    if (!this.dlg.open) this.dlg.showModal();
  }

  close() {
    if (this.dlg.open) this.dlg.close();
  }

  setQty(n) {
    this.qty.value = String(Math.max(1, Math.min(this.max, Number.isFinite(n) ? n : 1)));
    this.renderTotal();
  }

  renderTotal() {
    if (!this.product) return;
    const q = Math.max(1, Number(this.qty.value) || 1);
    $('#order-total').textContent = vnd(this.unitPrice().price * q);
  }

  payment() {
    const picked = this.form.querySelector('input[name=payment]:checked');
    return picked ? picked.value : 'cod';
  }

  renderPayment() {
    const transfer = this.payment() === 'bank_transfer';
    $('#pay-cod-note').hidden = transfer;
    $('#pay-transfer-note').hidden = !transfer;
  }

  showError(text) {
    this.err.textContent = text;
    this.err.hidden = !text;
  }

  setBusy(busy, label) {
    this.submitBtn.disabled = busy;
    this.submitBtn.textContent = label || t(busy ? 'order.sending' : 'order.submit');
  }

  validate() {
    const name = $('#order-name').value.trim();
    const phone = $('#order-phone').value.trim();
    const address = $('#order-address').value.trim();
    const qty = Number(this.qty.value);
    if (!name) return { error: t('order.err.name'), field: '#order-name' };
    if (!plausiblePhone(phone)) return { error: t('order.err.phone'), field: '#order-phone' };
    if (address.length < 10) return { error: t('order.err.address'), field: '#order-address' };
    if (!Number.isInteger(qty) || qty < 1 || qty > this.max) return { error: t('order.err.qty', { max: this.max }), field: '#order-qty' };
    const note = $('#order-note').value.trim();
    const payment = this.payment();
    // Shown the regular price (no deal, or it sold out or ended): order at it.
    const regular = this.unitPrice().deal ? {} : { regular_price: true };
    return { payload: { product_id: this.product.id, qty, name, phone, address, ...(note ? { note } : {}), ...(payment === 'cod' ? {} : { payment }), ...regular } };
  }

  submit() {
    if (this.attempt && !this.attempt.failed) return;  // already waiting for the answer
    if (this.attempt && this.attempt.failed) {
      // The same attempt again: same id, so a first try that did arrive is not doubled.
      this.attempt.failed = false;
      this.send();
      return;
    }
    const v = this.validate();
    if (v.error) {
      this.showError(v.error);
      $(v.field).focus();
      return;
    }
    this.showError('');
    this.attempt = { id: newClientOrderId(), payload: v.payload, sent: false, failed: false, timer: 0 };
    this.send();
  }

  send() {
    const a = this.attempt;
    if (!a) return;
    this.setBusy(true);
    clearTimeout(a.timer);
    a.sent = this.hub.ready && this.hub.send({ type: 'order', client_order_id: a.id, ...a.payload });
    if (!a.sent) this.setBusy(true, t('order.waiting_net'));
    a.timer = setTimeout(() => {
      if (this.attempt !== a) return;
      a.failed = true;
      a.sent = false;
      this.showError(t('order.err.timeout'));
      this.setBusy(false, t('order.retry'));
    }, ACK_TIMEOUT_MS);
  }

  onAck(m) {
    const a = this.attempt;
    if (!a || m.client_order_id !== a.id) return;
    clearTimeout(a.timer);
    this.attempt = null;
    try {
      const { name, phone, address } = a.payload;
      localStorage.setItem(BUYER_KEY, JSON.stringify({ name, phone, address }));
    } catch { /* private mode */ }
    rememberOrder({ code: m.code, phone: a.payload.phone, product_name: this.product ? this.product.name : '', at: Math.floor(Date.now() / 1000) });
    $('#order-code').textContent = m.code;
    const transfer = m.payment && m.payment.method === 'bank_transfer' ? m.payment : null;
    $('#order-done-text').textContent = t(transfer ? 'order.done_text_transfer' : 'order.done_text', { phone: a.payload.phone });
    this.renderTransfer(m, transfer);
    $('#order-note').value = '';
    this.form.hidden = true;
    this.done.hidden = false;
    this.setBusy(false);
    if (!this.dlg.open) toast(t('order.toast', { code: m.code }), 'ok');
  }

  // The QR image is drawn by the server from the order's own VietQR string
  // (the order's id and code are the key); amount and note are written out
  // for a buyer who types the transfer by hand.
  renderTransfer(ack, transfer) {
    const box = $('#pay-box');
    box.hidden = !transfer;
    if (!transfer) return;
    $('#pay-qr').src = `/api/v1/orders/${ack.order_id}/vietqr.svg?code=${encodeURIComponent(ack.code)}`;
    $('#pay-amount').textContent = vnd(transfer.amount);
    $('#pay-note').textContent = transfer.note;
  }

  onRejected(m) {
    const a = this.attempt;
    if (!a || m.client_order_id !== a.id) return;
    clearTimeout(a.timer);
    this.attempt = null;  // a refused order made nothing: the next try is a new attempt
    const card = this.getCard();
    const deal = card && this.product && card.id === this.product.id ? card.deal : null;
    const n = m.reason === 'limit_per_buyer' ? (deal && deal.per_buyer) || 2 : this.maxQty;
    const key = `order.reject.${m.reason}`;
    this.showError(t(key) !== key ? t(key, { n }) : t('order.reject.invalid'));
    this.setBusy(false);
  }
}
