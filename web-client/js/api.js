// JSON over fetch, same origin; the session cookie is HttpOnly, so the page
// learns who is logged in only from /api/v1/me.
export class ApiError extends Error {
  // field/rule: which field broke which rule, for bad input (errors.js).
  constructor(status, code, message, field = '', rule = '') {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || `http_${status}`;
    this.field = field || '';
    this.rule = rule || '';
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e.message);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = json && json.error ? json.error : {};
    throw new ApiError(res.status, err.code, err.message, err.field, err.rule);
  }
  return json;
}

// The logged-in user ({user, booth_ids}) or null.
export async function whoAmI() {
  try { return await api('/api/v1/me'); } catch (e) { if (e.status === 401) return null; throw e; }
}

// Sends the visitor to /login and back here afterwards.
export function toLogin() {
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

export async function logout() {
  try { await api('/api/v1/logout', { method: 'POST' }); } catch { /* already out */ }
  location.assign('/login');
}
