// A small JSON client with a cookie jar, for REST tests.
export class Api {
  constructor(base) { this.base = base; this.cookie = ''; }

  async request(method, path, body, { raw = false, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload;
    if (body !== undefined) {
      payload = raw ? body : JSON.stringify(body);
      if (!h['content-type']) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch {}
    return { status: res.status, headers: res.headers, text, body: json };
  }
  get(p, o) { return this.request('GET', p, undefined, o); }
  post(p, b, o) { return this.request('POST', p, b, o); }
  put(p, b, o) { return this.request('PUT', p, b, o); }
  patch(p, b, o) { return this.request('PATCH', p, b, o); }
  del(p, o) { return this.request('DELETE', p, undefined, o); }

  async login(username, password = username) {
    const r = await this.post('/api/v1/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    return r.body.user;
  }
}

export async function loggedIn(base, username, password) {
  const api = new Api(base);
  await api.login(username, password);
  return api;
}
