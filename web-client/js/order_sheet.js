// The order sheet's markup, shared by the watch and replay pages. Static
// text only (no data goes into it); i18n fills it when the page starts.
const MARKUP = `
<dialog id="order-sheet" class="sheet" aria-labelledby="order-h">
  <form id="order-form" class="sheet-body" novalidate>
    <div class="sheet-head">
      <h2 id="order-h" data-i18n="order.title">Đặt hàng</h2>
      <button type="button" class="icon-btn plain" id="order-close" aria-label="Đóng" data-i18n-label="common.close"><span data-icon="close"></span></button>
    </div>
    <div id="order-product" class="order-product"></div>
    <label class="field"><span data-i18n="order.name">Họ và tên</span>
      <input data-testid="order-name" id="order-name" name="name" autocomplete="name" maxlength="100" required></label>
    <label class="field"><span data-i18n="order.phone">Số điện thoại</span>
      <input data-testid="order-phone" id="order-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="20" placeholder="0912 345 678" required></label>
    <label class="field"><span data-i18n="order.address">Địa chỉ nhận hàng</span>
      <textarea data-testid="order-address" id="order-address" name="address" autocomplete="street-address" rows="2" maxlength="300" required placeholder="Số nhà, đường, xã/phường, tỉnh/thành" data-i18n-ph="order.address_ph"></textarea></label>
    <div class="qty-row">
      <label for="order-qty" data-i18n="order.qty">Số lượng</label>
      <div class="stepper">
        <button type="button" class="step" id="qty-minus" aria-label="Bớt" data-i18n-label="order.less"><span data-icon="remove"></span></button>
        <input data-testid="order-qty" id="order-qty" name="qty" type="number" inputmode="numeric" min="1" max="10" value="1" required>
        <button type="button" class="step" id="qty-plus" aria-label="Thêm" data-i18n-label="order.more"><span data-icon="add"></span></button>
      </div>
    </div>
    <label class="field"><span data-i18n="order.note">Ghi chú cho người bán (không bắt buộc)</span>
      <input id="order-note" name="note" maxlength="500"></label>
    <div class="order-total"><span data-i18n="order.total">Tạm tính</span><b id="order-total" class="price"></b></div>
    <fieldset class="pay-pick" id="pay-pick" hidden>
      <legend data-i18n="order.pay">Thanh toán</legend>
      <label class="pay-opt"><input type="radio" name="payment" value="cod" data-testid="order-payment-cod" checked><span data-i18n="order.pay_cod">Khi nhận hàng (COD)</span></label>
      <label class="pay-opt"><input type="radio" name="payment" value="bank_transfer" data-testid="order-payment-transfer"><span data-i18n="order.pay_transfer">Chuyển khoản (VietQR)</span></label>
    </fieldset>
    <p class="cod" id="pay-cod-note"><span data-icon="truck"></span><span data-i18n="order.cod">Thanh toán khi nhận hàng (COD). Người bán sẽ gọi xác nhận trước khi gửi.</span></p>
    <p class="cod" id="pay-transfer-note" hidden><span data-icon="check"></span><span data-i18n="order.transfer_note">Sau khi đặt, bạn quét mã VietQR bằng ứng dụng ngân hàng: số tiền và nội dung đã điền sẵn.</span></p>
    <p id="order-error" class="notice warn" role="alert" hidden></p>
    <button type="submit" class="btn primary block" data-testid="order-submit" id="order-submit" data-i18n="order.submit">Đặt hàng</button>
  </form>
  <div id="order-done" class="sheet-body order-done" hidden>
    <span class="done-icon" data-icon="check"></span>
    <h2 data-i18n="order.done_title">Đặt hàng thành công!</h2>
    <p><span data-i18n="order.your_code">Mã đơn hàng của bạn</span></p>
    <p class="order-code" data-testid="order-code" id="order-code"></p>
    <p id="order-done-text" class="muted"></p>
    <div id="pay-box" class="pay-box" data-testid="payment-box" hidden>
      <p class="pay-title" data-i18n="order.pay_scan">Quét mã bằng ứng dụng ngân hàng để chuyển khoản</p>
      <img id="pay-qr" class="pay-qr" data-testid="payment-qr" width="240" height="240" alt="Mã VietQR" data-i18n-alt="order.pay_qr_alt">
      <dl class="pay-facts">
        <div><dt data-i18n="order.pay_amount">Số tiền</dt><dd id="pay-amount" class="price" data-testid="payment-amount"></dd></div>
        <div><dt data-i18n="order.pay_note">Nội dung chuyển khoản</dt><dd id="pay-note" data-testid="payment-note"></dd></div>
      </dl>
      <p class="muted small" data-i18n="order.pay_help">Giữ đúng nội dung để người bán đối chiếu. Đơn được xác nhận khi người bán nhận được tiền.</p>
    </div>
    <a class="btn ghost block" href="/orders" target="_blank" rel="noopener" data-testid="my-orders-link" data-i18n="order.see_mine">Xem trong Đơn của tôi</a>
    <button type="button" class="btn primary block" id="order-done-close" data-i18n="order.continue">Tiếp tục xem</button>
  </div>
</dialog>
`;

// Adds the sheet to the page once, before initPage() translates it.
export function mountOrderSheet() {
  if (document.getElementById('order-sheet')) return;
  const tpl = document.createElement('template');
  tpl.innerHTML = MARKUP.trim();
  document.body.append(tpl.content);
}
