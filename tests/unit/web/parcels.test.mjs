// Which of a booth's orders the seller packs as one parcel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARCEL_WINDOW_S, parcels } from '../../../web-client/js/parcels.js';

const T = 1_765_000_000;
let id = 0;
const order = (over) => ({ id: ++id, code: `OC-${id}`, phone: '0905123456', address: '12 Trần Phú, Đà Nẵng', status: 'placed', created_at: T, ...over });

test('two orders of one buyer ten minutes apart are one parcel', () => {
  const a = order({}), b = order({ created_at: T + 600, status: 'confirmed' });
  const p = parcels([a, b]);
  assert.deepEqual(p.get(a.id), { size: 2, others: [b.code] });
  assert.deepEqual(p.get(b.id), { size: 2, others: [a.code] });
});

test('the window chains: each order within 30 minutes of the previous one', () => {
  const a = order({}), b = order({ created_at: T + PARCEL_WINDOW_S }), c = order({ created_at: T + 2 * PARCEL_WINDOW_S });
  assert.equal(parcels([c, a, b]).get(a.id).size, 3);
  const d = order({ created_at: T + 3 * PARCEL_WINDOW_S + 1 });
  const p = parcels([a, b, c, d]);
  assert.equal(p.get(c.id).size, 3);
  assert.equal(p.has(d.id), false, 'too late for that parcel, alone');
});

test('another phone, another address, a cancelled or shipped order is not packed with it', () => {
  const a = order({});
  const others = [order({ phone: '0912000111' }), order({ address: '5 Lê Lợi, Huế' }), order({ status: 'cancelled' }), order({ status: 'shipped' })];
  assert.equal(parcels([a, ...others]).size, 0);
  // The same address typed with other spacing or case is the same place.
  const b = order({ address: '  12  trần phú, đà nẵng ' });
  assert.equal(parcels([a, b]).get(a.id).size, 2);
});

test('a lone order is no parcel', () => {
  assert.equal(parcels([order({})]).size, 0);
  assert.equal(parcels([]).size, 0);
});
