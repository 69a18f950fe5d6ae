// <error-summary>: the GOV.UK error summary for one form; lists problems, links each to its field, and takes focus when shown.
import { html, render } from '../lib/html.js';

export class ErrorSummary extends HTMLElement {
  /** errors: [{ text, target?, line? }] where target is the id of the field to focus; a textarea also gets `line` selected. */
  show(errors, { title = 'There is a problem' } = {}) {
    render(
      this,
      html`<div class="govuk-error-summary" tabindex="-1">
        <div role="alert">
          <h2 class="govuk-error-summary__title">${title}</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              ${errors.map((e) =>
                e.target
                  ? html`<li><a href="#${e.target}" data-target="${e.target}" ${e.line ? html`data-line="${e.line}"` : ''}>${e.text}</a></li>`
                  : html`<li>${e.text}</li>`,
              )}
            </ul>
          </div>
        </div>
      </div>`,
    );
    const box = this.querySelector('.govuk-error-summary');
    box.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-target]');
      if (!link) return;
      event.preventDefault();
      const field = document.getElementById(link.dataset.target);
      if (!field) return;
      const group = field.closest('.govuk-form-group') ?? field;
      group.scrollIntoView({ block: 'start' });
      field.focus({ preventScroll: true });
      if (link.dataset.line && field.tagName === 'TEXTAREA') selectLine(field, Number(link.dataset.line));
    });
    box.scrollIntoView({ block: 'nearest' });
    box.focus({ preventScroll: true });
  }

  clear() {
    this.replaceChildren();
  }
}

/** Selects line `n` (1-based) of a textarea and scrolls it into view. */
export function selectLine(textarea, n) {
  const lines = textarea.value.split('\n');
  const index = Math.max(0, Math.min(n, lines.length) - 1);
  const start = lines.slice(0, index).reduce((sum, l) => sum + l.length + 1, 0);
  textarea.setSelectionRange(start, start + lines[index].length);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (index - 3) * lineHeight);
}

customElements.define('error-summary', ErrorSummary);
