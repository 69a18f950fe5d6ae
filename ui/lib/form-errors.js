// Turns an ApiError into GOV.UK error messages: the error summary plus inline errors on the named fields of a form.
import { html } from './html.js';

/**
 * One readable sentence from a field's label and Rust's reason: "must be more than £0.00" after "Amount"
 * reads "Amount must be more than £0.00"; a reason that is already a sentence is only capitalised.
 */
export function sentence(label, reason) {
  const text = String(reason ?? '').trim();
  if (label && /^(is|are|must|has|have|was|were|cannot|can't|should|does|do|needs?)\b/i.test(text)) {
    return `${label} ${text}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * fields: { camelCaseField: { id, label } } for this form. Returns [{ field, target, text }] for the summary.
 */
export function errorsFrom(error, fields) {
  const message = error?.message || 'Something went wrong. Nothing was saved.';
  if (error?.code === 'validation' && error.field) {
    const f = fields[error.field];
    return [{ field: f ? error.field : null, target: f?.id ?? null, text: sentence(f?.label ?? '', message) }];
  }
  if (error?.problems?.length) {
    return error.problems.map((p) => ({
      field: null,
      target: null,
      text: `Line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.reason}`,
    }));
  }
  return [{ field: null, target: null, text: sentence('', message) }];
}

const ERROR_CLASSES = {
  INPUT: 'govuk-input--error',
  SELECT: 'govuk-select--error',
  TEXTAREA: 'govuk-textarea--error',
};

/** Marks each named field's form group as in error, with its message; clears every other group first. */
export function showInline(form, errors) {
  clearInline(form);
  for (const e of errors) {
    if (!e.field) continue;
    const group = form.querySelector(`[data-field="${e.field}"]`);
    if (!group) continue;
    group.classList.add('govuk-form-group--error');
    const message = group.querySelector('.govuk-error-message');
    if (message) {
      message.hidden = false;
      message.querySelector('[data-error-text]').textContent = e.text;
    }
    for (const control of group.querySelectorAll('input, select, textarea')) {
      const cls = ERROR_CLASSES[control.tagName];
      if (cls) control.classList.add(cls);
      if (message) {
        const ids = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
        ids.add(message.id);
        control.setAttribute('aria-describedby', [...ids].join(' '));
      }
    }
  }
}

export function clearInline(form) {
  for (const group of form.querySelectorAll('.govuk-form-group--error')) {
    group.classList.remove('govuk-form-group--error');
    const message = group.querySelector('.govuk-error-message');
    if (message) {
      message.hidden = true;
      for (const control of group.querySelectorAll('[aria-describedby]')) {
        const ids = control.getAttribute('aria-describedby').split(/\s+/).filter((id) => id && id !== message.id);
        if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
        else control.removeAttribute('aria-describedby');
      }
    }
    for (const control of group.querySelectorAll('input, select, textarea')) {
      control.classList.remove(...Object.values(ERROR_CLASSES));
    }
  }
}

/** The hidden inline error message a form group carries until showInline fills it. */
export function errorSlot(id) {
  return html`<p class="govuk-error-message" id="${id}-error" hidden><span class="govuk-visually-hidden">Error:</span> <span data-error-text></span></p>`;
}
