// Writes phone-sized PNGs of every page into docs/screenshots/ (run by
// scripts/screenshots.sh; never by the test suite). A demo server on free
// loopback ports, three booths live from ffmpeg, a pinned deal, chat, orders.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { startServer, SOURCE_DIR } from '../lib/server.mjs';
import { loggedIn } from '../lib/api.mjs';
import { HubClient } from '../lib/hub.mjs';
import { waitFor, sleep } from '../lib/publishers.mjs';
import { launchBrowser, loginInPage, videoFigures } from '../lib/browser.mjs';

const OUT = resolve(process.env.OCOPLIVE_SCREENSHOTS_DIR || join(SOURCE_DIR, 'docs/screenshots'));
const work = mkdtempSync(join(tmpdir(), 'ocoplive-shots-'));
const procs = [];
const browsers = [];
let server;

// A "camera" frame for a booth: its product illustration full-bleed, drawn by
// Chromium into a PNG at run time (no media files in the repo).
async function renderFrame(page, imageUrl, file) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.setContent(`<html><body style="margin:0;background:#f4efe4">
    <img src="${imageUrl}" style="width:1280px;height:720px;object-fit:cover;display:block"></body></html>`);
  await page.waitForFunction(() => document.images[0].complete);
  await page.screenshot({ path: file, scale: 'css' });
}

// ffmpeg publishing a still with a slow pan, like a phone camera held over
// the product, plus a tone for audio. Only the booth on screen gets 720p30;
// the others stay cheap so two cores keep up.
function publishStill(png, url, main) {
  const [w, h, fps, preset] = main ? [1280, 720, 30, 'veryfast'] : [854, 480, 25, 'ultrafast'];
  // The still is decoded once and looped as a frame (not re-read per frame);
  // `realtime` paces it like a camera.
  const vf = [`scale=${Math.round(w * 1.125)}:${Math.round(h * 1.125)}`, 'loop=loop=-1:size=1', `fps=${fps}`,
    `crop=${w}:${h}:x='${w / 16}+${w / 18}*sin(t/3)':y='${h / 16}+${h / 18}*cos(t/4)'`, 'format=yuv420p',
    // A little sensor grain: a real camera's bitrate, not a still's.
    ...(main ? ['noise=alls=6:allf=t'] : []), 'realtime'].join(',');
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', png,
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000', '-t', '900', '-vf', vf,
    '-c:v', 'libx264', '-preset', preset, '-tune', 'zerolatency', '-g', String(fps * 2), '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '1500k',
    '-c:a', 'aac', '-b:a', '96k', '-f', 'flv', url];
  const p = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  procs.push(p);
  return p;
}

async function shot(page, name) {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
}

async function scrollTo(page, selector, offset = 60) {
  await page.evaluate(([sel, off]) => {
    const el = document.querySelector(sel);
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - off);
  }, [selector, offset]);
  await sleep(400);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  server = await startServer({ config: { hub: { chat_per_second: 20, chat_burst: 40 } } });
  const base = server.base;
  const org = await loggedIn(base, 'organizer', 'organizer');
  const booths = (await org.get('/api/v1/booths')).body.booths;
  const detail = async (id) => (await org.get(`/api/v1/booths/${id}`)).body;

  // Three booths go live, each "filming" its first product.
  const painter = await launchBrowser();
  browsers.push(painter);
  const live = [1, 3, 6];
  for (const id of live) {
    const b = await detail(id);
    const p = b.products[0];
    const png = join(work, `booth${id}.png`);
    await renderFrame(painter.page, `${base}${p.image_url}`, png);
    const key = (await org.get(`/api/v1/booths/${id}/stream-key`)).body.stream_key;
    publishStill(png, `${server.rtmpBase}/${key}`, id === 1);
  }
  await painter.close();
  browsers.pop();
  for (const id of live) await waitFor(async () => (await detail(id)).state === 'live', { what: `booth ${id} live`, timeout: 30000 });

  // The seller's studio, and a deal pinned from it.
  const seller = await launchBrowser();
  browsers.push(seller);
  const sp = seller.page;
  await loginInPage(sp, base, 'seller1');
  await sp.locator('[data-testid=pin-button]').first().waitFor();
  await sp.locator('body[data-hub=open]').waitFor({ state: 'attached' });
  const p1 = (await detail(1)).products[0];
  await sp.locator('.sp-actions button', { hasText: 'Ưu đãi' }).first().click();
  await sp.fill('#deal-form input[name=price]', String(Math.round(p1.price * 0.85 / 1000) * 1000));
  await sp.fill('#deal-form input[name=quantity]', '30');
  await sp.fill('#deal-form input[name=minutes]', '15');
  await sp.click('#deal-form button:not([type=button])');
  await waitFor(async () => (await detail(1)).card, { what: 'card pinned' });

  // Buyers chatting and ordering (websocket clients, like other phones).
  const voices = [
    ['Lan Anh (Hà Nội)', 'Chào shop, khăn này dệt tay hết hả chị?'],
    ['Minh Tuấn', 'Màu chàm có bị phai khi giặt không ạ?'],
    ['Cô Hạnh', 'Ship về Đà Nẵng mất mấy ngày shop ơi'],
  ];
  const guests = [];
  for (const [nick, text] of voices) {
    const c = await HubClient.connect(base, 1);
    await c.hello(nick);
    guests.push(c);
    c.send({ type: 'chat', text });
    await sleep(250);
  }
  await sp.fill('[data-testid=chat-input]', 'Dạ dệt tay 100% ạ, nhuộm chàm tự nhiên nên giặt nước lạnh là bền màu lắm');
  await sp.press('[data-testid=chat-input]', 'Enter');
  const orderers = [
    [1, p1.id, 2, 'Trần Thu Hà', '0903 123 456', '45 Lê Lợi, phường Bến Nghé, TP Hồ Chí Minh'],
    [3, (await detail(3)).products[0].id, 1, 'Phạm Quốc Việt', '0987 654 321', '8 Nguyễn Du, phường Cửa Nam, Hà Nội'],
    [6, (await detail(6)).products[0].id, 3, 'Lê Thị Mai', '0868 222 333', 'Thôn 3, xã Hòa Vang, Đà Nẵng'],
    [6, (await detail(6)).products[1].id, 1, 'Võ Thanh Tâm', '0779 111 222', '12 Trần Hưng Đạo, phường 1, Vĩnh Long'],
  ];
  for (const [booth, product_id, qty, name, phone, address] of orderers) {
    const c = await HubClient.connect(base, booth);
    await c.hello(name);
    await c.request({ type: 'order', client_order_id: `shot-${booth}-${product_id}-${qty}`, product_id, qty, name, phone, address },
      (m) => m.type === 'order_ack' || m.type === 'order_rejected');
    c.close();
  }

  // The buyer's watch page: live video, the deal card, chat, hearts.
  const viewer = await launchBrowser();
  browsers.push(viewer);
  const vp = viewer.page;
  await vp.goto(`${base}/booths/1`);
  await waitFor(async () => { const f = await videoFigures(vp); return f && f.frames > 30; }, { what: 'video playing', timeout: 30000 });
  await vp.locator('[data-testid=product-card]').waitFor();
  for (const c of guests) c.send({ type: 'react', kind: 'heart' });
  for (let i = 0; i < 4; i++) { await vp.click('#heart-button'); await sleep(180); }
  await sleep(500);
  await shot(vp, 'watch');

  // On a phone the live booth is a full-screen room: its products open as a sheet.
  await vp.click('[data-testid=products-button]');
  await sleep(400);
  await shot(vp, 'watch-chat');
  await vp.click('#products-close');

  // The order sheet, filled in, then the order code.
  await vp.click('[data-testid=order-button]');
  await vp.fill('[data-testid=order-name]', 'Nguyễn Thị Hoa');
  await vp.fill('[data-testid=order-phone]', '0912 345 678');
  await vp.fill('[data-testid=order-address]', 'Số 12 ngõ 34 Trần Phú, phường Hà Đông, Hà Nội');
  await vp.click('#qty-plus');
  await sleep(400);
  await shot(vp, 'order-sheet');
  await vp.click('[data-testid=order-submit]');
  await vp.locator('[data-testid=order-code]').waitFor();
  await sleep(400);
  await shot(vp, 'order-placed');
  await vp.click('#order-done-close');

  // A second visitor: the showroom (booth 1 now has a viewer), the login
  // page, and the watch page in English.
  const visitor = await launchBrowser();
  browsers.push(visitor);
  const wp = visitor.page;
  await wp.goto(`${base}/`);
  await wp.locator('[data-testid=booth-tile]').first().waitFor();
  await waitFor(async () => (await detail(1)).viewers >= 1, { what: 'a viewer on booth 1' });
  await sleep(9000);  // the showroom's own refresh picks the viewer count up
  await shot(wp, 'showroom');
  await wp.goto(`${base}/login`);
  await wp.locator('[data-testid=login-submit]').waitFor();
  await sleep(300);
  await shot(wp, 'login');
  await wp.goto(`${base}/booths/1`);
  await wp.click('#lang-switch');
  await waitFor(async () => { const f = await videoFigures(wp); return f && f.frames > 30; }, { what: 'video playing (en)', timeout: 30000 });
  await sleep(500);
  await shot(wp, 'watch-en');

  // The studio: going live, stream health, the order feed, products.
  await sp.reload();
  await sp.locator('#health-grid:not([hidden])').waitFor({ timeout: 15000 });
  await sp.locator('#qr:not([hidden]), #publish-url:not([hidden])').first().waitFor();
  await sleep(7000);
  await shot(sp, 'studio');
  await scrollTo(sp, '#health', 110);
  await shot(sp, 'studio-health');
  await scrollTo(sp, '#orders', 110);
  await shot(sp, 'studio-orders');
  await scrollTo(sp, '#products', 110);
  await shot(sp, 'studio-products');

  // The organizer console.
  const organizer = await launchBrowser();
  browsers.push(organizer);
  const op = organizer.page;
  await loginInPage(op, base, 'organizer');
  await op.locator('#board-booths li').first().waitFor();
  await sleep(5000);
  await shot(op, 'organizer');
  await scrollTo(op, '#booths', 110);
  await shot(op, 'organizer-booths');
  for (const c of guests) c.close();
}

try {
  await main();
} finally {
  for (const b of browsers) await b.close().catch(() => {});
  for (const p of procs) try { p.kill('SIGKILL'); } catch { /* gone */ }
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
