// One buyer's orders in a booth a short while apart go out as one parcel:
// same phone and address, not yet shipped, each within PARCEL_WINDOW_S of
// the previous. Pure, for the studio's order feed and node's tests.
export const PARCEL_WINDOW_S = 30 * 60;
const PACKABLE = new Set(['placed', 'confirmed']);

const key = (o) => `${o.phone}\n${String(o.address || '').trim().toLowerCase().replace(/\s+/g, ' ')}`;

// orders: [{id, code, phone, address, status, created_at}] -> Map(id -> {size, others: [code]})
// holding only orders that share a parcel with at least one other.
export function parcels(orders, windowS = PARCEL_WINDOW_S) {
  const byBuyer = new Map();
  for (const o of orders) {
    if (!PACKABLE.has(o.status)) continue;
    const k = key(o);
    if (!byBuyer.has(k)) byBuyer.set(k, []);
    byBuyer.get(k).push(o);
  }
  const out = new Map();
  for (const list of byBuyer.values()) {
    list.sort((a, b) => a.created_at - b.created_at || a.id - b.id);
    let group = [];
    const close = () => {
      if (group.length > 1) {
        for (const o of group) out.set(o.id, { size: group.length, others: group.filter((x) => x !== o).map((x) => x.code) });
      }
      group = [];
    };
    for (const o of list) {
      if (group.length && o.created_at - group[group.length - 1].created_at > windowS) close();
      group.push(o);
    }
    close();
  }
  return out;
}
