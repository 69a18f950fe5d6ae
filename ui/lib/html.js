// An escaping `html` tagged template: every interpolated value is escaped unless it is itself html``, because debtor data is untrusted.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** Markup that is already safe: made only by `html` (or `trusted`, for constant strings). */
export class SafeHtml {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

function part(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(value);
}

/**
 * html`<p>${name}</p>` escapes `name`; nested html`` values and arrays of them pass through.
 * null, undefined and false render as nothing, so `${cond && html`...`}` works.
 */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i += 1) {
    out += part(values[i]) + strings[i + 1];
  }
  return new SafeHtml(out);
}

/** Marks a constant string from our own code as markup. Never pass data to this. */
export function trusted(text) {
  return new SafeHtml(String(text));
}

/** Replaces an element's content with safe markup. */
export function render(element, safe) {
  if (!(safe instanceof SafeHtml)) throw new TypeError('render() takes html`` markup');
  element.innerHTML = safe.text;
}
