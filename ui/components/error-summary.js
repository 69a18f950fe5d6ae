// <error-summary>: the GOV.UK error summary for one form; lists problems, links each to its field, and takes focus when shown.
import { html, render } from '../lib/html.js';

export class ErrorSummary extends HTMLElement {
  /** errors: [{ text, target? }] where target is the id of the field to focus. */
  show(errors, { title = 'There is a problem' } = {}) {
    render(
      this,
      html`<div class="govuk-error-summary" tabindex="-1">
        <div role="alert">
          <h2 class="govuk-error-summary__title">${title}</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              ${errors.map((e) =>
                e.target ? html`<li><a href="#${e.target}" data-target="${e.target}">${e.text}</a></li>` : html`<li>${e.text}</li>`,
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
    });
    box.scrollIntoView({ block: 'nearest' });
    box.focus({ preventScroll: true });
  }

  clear() {
    this.replaceChildren();
  }
}

customElements.define('error-summary', ErrorSummary);
