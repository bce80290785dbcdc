// The orders placed from this browser, remembered on the phone (code, phone
// and what the buyer saw) so "Đơn của tôi" can follow them without an account.
const KEY = 'ocop.orders';
const MAX = 50;

export function rememberedOrders() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter((o) => o && typeof o.code === 'string' && typeof o.phone === 'string') : [];
  } catch { return []; }
}

// Newest first; the same code again replaces the older entry.
export function rememberOrder(entry) {
  const list = [entry, ...rememberedOrders().filter((o) => o.code !== entry.code)].slice(0, MAX);
  try { localStorage.setItem(KEY, JSON.stringify(list)); } catch { /* private mode: not remembered */ }
  return list;
}

export function forgetOrder(code) {
  const list = rememberedOrders().filter((o) => o.code !== code);
  try { localStorage.setItem(KEY, JSON.stringify(list)); } catch { /* nothing to do */ }
  return list;
}
