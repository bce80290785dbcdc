// A lost order answer (a 3G drop between the buyer's tap and the server's
// order_ack) and the buyer's retry: the same client_order_id goes again and
// the server answers with the same order, so nothing is ordered twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const BOOTH = 5;
let s, org, b;
before(async () => {
  s = await startServer();
  org = await loggedIn(s.base, 'organizer', 'organizer');
  b = await launchBrowser();
});
after(async () => {
  await b?.close();
  await s?.stop();
});

test('retrying an unanswered order reuses its client_order_id and makes one order', async () => {
  const page = b.page;
  const sent = [];
  let dropped = 0;
  // Sits between the page and the hub: forwards everything except the
  // first order_ack, as if the radio link died right then.
  await page.routeWebSocket(/\/ws\/booths\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      try { const j = JSON.parse(m); if (j.type === 'order') sent.push(j); } catch { /* not JSON */ }
      server.send(m);
    });
    server.onMessage((m) => {
      if (!dropped && /"type":"order_ack"/.test(m)) { dropped += 1; return; }
      ws.send(m);
    });
  });
  await page.goto(`${s.base}/booths/${BOOTH}`);
  await page.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  const row = page.locator('.pitem').first();
  await row.locator('button', { hasText: 'Đặt mua' }).click();
  await page.fill('[data-testid=order-name]', 'Hoàng Văn Đức');
  await page.fill('[data-testid=order-phone]', '+84 987 111 222');
  await page.fill('[data-testid=order-address]', '27 Lê Duẩn, phường Phú Nhuận, Huế');
  await page.click('[data-testid=order-submit]');
  // No answer: after the timeout the sheet offers to send again.
  await page.locator('#order-error:not([hidden])').waitFor({ timeout: 20000 });
  assert.match(await page.locator('[data-testid=order-submit]').innerText(), /Gửi lại/);
  await page.click('[data-testid=order-submit]');
  // The code's element is in the page from the start, empty and hidden:
  // wait until the answer shows it.
  const codeEl = page.locator('[data-testid=order-code]');
  await codeEl.waitFor({ state: 'visible', timeout: 15000 });
  const code = (await codeEl.innerText()).trim();
  assert.match(code, /\S{4,}/);

  assert.equal(dropped, 1);
  assert.equal(sent.length, 2, 'the order went twice');
  assert.equal(sent[0].client_order_id, sent[1].client_order_id, 'with the same client_order_id');
  assert.match(sent[0].client_order_id, /^[A-Za-z0-9_-]{1,64}$/);
  const orders = (await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders;
  assert.equal(orders.length, 1, 'and made one order');
  assert.equal(orders[0].code, code);
  assert.equal(orders[0].phone, '0987111222');

  // A new attempt (a second purchase) gets a new id.
  await page.click('#order-done-close');
  await row.locator('button', { hasText: 'Đặt mua' }).click();
  await page.click('[data-testid=order-submit]');
  await page.locator('[data-testid=order-code]').waitFor({ timeout: 15000 });
  assert.equal(sent.length, 3);
  assert.notEqual(sent[2].client_order_id, sent[0].client_order_id);
  assert.equal((await org.get(`/api/v1/booths/${BOOTH}/orders`)).body.orders.length, 2);
});
