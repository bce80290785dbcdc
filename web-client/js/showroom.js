// Showroom: the market day's booths as tiles linking to their watch pages.
const list = document.getElementById('booths');

function tile(b) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.className = 'tile';
  a.href = `/booths/${b.id}`;
  a.dataset.testid = 'booth-tile';
  const h = document.createElement('h2');
  h.textContent = b.name;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${b.province} · ${b.viewers} người xem`;
  const badge = document.createElement('span');
  badge.className = b.live ? 'badge live' : 'badge';
  badge.textContent = b.state === 'live' ? 'ĐANG LIVE' : b.state === 'reconnecting' ? 'Đang kết nối lại' : 'Ngoại tuyến';
  a.append(badge, h, meta);
  li.append(a);
  return li;
}

async function load() {
  const [days, booths] = await Promise.all([
    fetch('/api/v1/market-days').then((r) => r.json()),
    fetch('/api/v1/booths').then((r) => r.json()),
  ]);
  if (days.market_days.length) document.getElementById('market-title').textContent = days.market_days[0].title;
  list.replaceChildren(...booths.booths.map(tile));
}

load();
