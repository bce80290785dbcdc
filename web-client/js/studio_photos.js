// Product photos in the studio's product editor: take or pick photos on the
// phone, each sent as the file itself (the server turns it upright, strips
// its metadata and makes the sizes), the first one the cover; remove one or
// make another the cover.
import { ApiError, api } from './api.js';
import { $, h, toast } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';

// One upload: the raw file, as the phone stored it.
async function uploadOne(productId, file, path = 'photos', method = 'POST') {
  let res;
  try {
    res = await fetch(`/api/v1/products/${productId}/${path}`, {
      method, credentials: 'same-origin', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file,
    });
  } catch (e) { throw new ApiError(0, 'network', e.message); }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.error?.code, body?.error?.message);
  return body;
}

// The server's reason in the seller's language.
export function photoError(e) {
  const m = String(e.message || '');
  if (e.status === 0) return t('error.network');
  if (e.status === 413) return t('photo.err.too_large');
  if (e.status === 409) return t('photo.err.too_many');
  if (e.status === 503) return t('photo.err.busy');
  if (/megapixels/.test(m)) return t('photo.err.pixels');
  if (/not a JPEG/.test(m)) return t('photo.err.not_image');
  if (/damaged|cannot be read|empty/.test(m)) return t('photo.err.damaged');
  return t('error.generic');
}

export class PhotoEditor {
  // onChange(product) after each server change.
  constructor({ onChange }) {
    this.onChange = onChange;
    this.product = null;
    this.pending = [];  // files chosen for a product not saved yet
    $('#product-photo').addEventListener('change', (e) => this.chosen([...e.target.files]));
  }

  open(product) {
    this.product = product;
    this.pending = [];
    $('#product-photo').value = '';
    $('#photo-status').textContent = '';
    this.render();
  }

  render() {
    const list = $('#photo-list');
    const photos = this.product ? this.product.photos || [] : [];
    list.replaceChildren(...photos.map((ph, i) => h('li', { class: `photo${i === 0 ? ' cover' : ''}`, testid: 'photo-item', dataset: { photo: ph.id } },
      h('img', { src: ph.tile_url, alt: '', width: 96, height: 96, decoding: 'async' }),
      i === 0 ? h('span', { class: 'photo-cover', text: t('photo.cover') })
        : h('button', { type: 'button', class: 'btn small ghost', text: t('photo.make_cover'), onclick: () => this.act(ph, 'cover') }),
      h('button', { type: 'button', class: 'btn small ghost danger-text icon-only', title: t('common.delete'), attrs: { 'aria-label': t('common.delete') }, onclick: () => this.act(ph, 'delete') }, icon('trash')))),
    ...this.pending.map((f) => h('li', { class: 'photo pending', text: f.name })));
  }

  async chosen(files) {
    if (!files.length) return;
    if (!this.product) { this.pending.push(...files); this.render(); return; }
    await this.upload(files);
  }

  // After a new product is saved: its photos go up now.
  async flush(product) {
    this.product = product;
    const files = this.pending;
    this.pending = [];
    if (files.length) await this.upload(files);
    return this.product;
  }

  async upload(files) {
    const status = $('#photo-status');
    let done = 0;
    for (const f of files) {
      status.textContent = t('photo.uploading', { n: done + 1, total: files.length });
      try {
        this.product = await uploadOne(this.product.id, f);
        this.onChange(this.product);
        done += 1;
      } catch (e) {
        status.textContent = `${f.name}: ${photoError(e)}`;
        this.render();
        return;
      }
      this.render();
    }
    status.textContent = t('photo.uploaded', { n: done });
    $('#product-photo').value = '';
  }

  async act(ph, what) {
    try {
      this.product = what === 'delete'
        ? await api(`/api/v1/products/${this.product.id}/photos/${ph.id}`, { method: 'DELETE' })
        : await api(`/api/v1/products/${this.product.id}/photos/${ph.id}/cover`, { method: 'POST' });
      this.onChange(this.product);
      this.render();
    } catch (e) { toast(photoError(e), 'warn'); }
  }
}

// The photo of the product's OCOP certificate (optional), which the
// organizer sees beside the claim; a new one sends the claim back for review.
export class CertPhoto {
  constructor({ onChange }) {
    this.onChange = onChange;
    this.product = null;
    this.pending = null;
    $('#cert-photo').addEventListener('change', (e) => this.chosen(e.target.files[0]));
    $('#cert-photo-remove').addEventListener('click', () => this.remove());
  }

  open(product) {
    this.product = product;
    this.pending = null;
    $('#cert-photo').value = '';
    $('#cert-photo-status').textContent = '';
    this.render();
  }

  render() {
    const url = this.product && this.product.certificate_photo_url;
    const img = $('#cert-photo-img');
    img.hidden = !url;
    if (url) img.src = url.replace(/\.jpg$/, '-tile.jpg');
    $('#cert-photo-remove').hidden = !url;
    if (this.pending) $('#cert-photo-status').textContent = this.pending.name;
  }

  async chosen(file) {
    if (!file) return;
    if (!this.product) { this.pending = file; this.render(); return; }
    await this.upload(file);
  }

  async flush(product) {
    this.product = product;
    const file = this.pending;
    this.pending = null;
    if (file) await this.upload(file);
    return this.product;
  }

  async upload(file) {
    const status = $('#cert-photo-status');
    status.textContent = t('photo.uploading', { n: 1, total: 1 });
    try {
      this.product = await uploadOne(this.product.id, file, 'certificate-photo', 'PUT');
      this.onChange(this.product);
      status.textContent = t('cert.uploaded');
    } catch (e) { status.textContent = photoError(e); }
    $('#cert-photo').value = '';
    this.render();
  }

  async remove() {
    try {
      this.product = await api(`/api/v1/products/${this.product.id}/certificate-photo`, { method: 'DELETE' });
      this.onChange(this.product);
      this.render();
    } catch (e) { toast(photoError(e), 'warn'); }
  }
}
