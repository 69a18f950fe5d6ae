// <letter-pages>: a letter's pages as pictures (SVG page images Rust lays out exactly as the PDF), with Open PDF and Print buttons when the PDF is at hand.
import { html, render } from '../lib/html.js';
import { plural } from '../format.js';
import * as api from '../api.js';

export class LetterPages extends HTMLElement {
  /**
   * letter: { title, pages: [svg], page_count, pdf? }. With `pdf` (base64) the Open and Print buttons show.
   * heading: what to call it; note: a line under the heading.
   */
  show(letter, { heading = 'Preview', note = '' } = {}) {
    this.letter = letter;
    const pages = letter.pages ?? [];
    const id = `pages-${Math.random().toString(36).slice(2, 8)}`;
    render(
      this,
      html`<section class="app-letter-pages" aria-labelledby="${id}">
        <div class="app-letter-pages__bar">
          <h3 class="govuk-heading-s app-letter-pages__title" id="${id}" tabindex="-1">${heading}
            <span class="app-muted">· ${plural(pages.length, 'page')}</span></h3>
          ${letter.pdf
            ? html`<div class="govuk-button-group app-letter-pages__actions">
                <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-pdf="open">Open PDF<span class="govuk-visually-hidden"> of ${letter.title}</span></button>
                <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-pdf="print">Print<span class="govuk-visually-hidden"> ${letter.title}</span></button>
              </div>`
            : ''}
        </div>
        ${note ? html`<p class="govuk-body-s app-muted">${note}</p>` : ''}
        <p class="govuk-body-s app-letter-pages__status" role="status" data-status></p>
        <ol class="app-letter-pages__list">
          ${pages.map(
            (svg, i) => html`<li class="app-letter-pages__page">
              <img src="${svgUri(svg)}" alt="Page ${i + 1} of ${pages.length} of ${letter.title}" width="595" height="842" loading="lazy">
            </li>`,
          )}
        </ol>
      </section>`,
    );
    for (const button of this.querySelectorAll('[data-pdf]')) {
      button.addEventListener('click', () => this.pdf(button.dataset.pdf));
    }
  }

  focusHeading() {
    this.querySelector('h3')?.focus();
  }

  async pdf(action) {
    const status = this.querySelector('[data-status]');
    status.textContent = action === 'print' ? 'Sending to the printer…' : 'Opening the PDF…';
    try {
      const file = action === 'print' ? await api.printPdf(this.letter.title, this.letter.pdf) : await api.openPdf(this.letter.title, this.letter.pdf);
      status.textContent = action === 'print' ? `Sent to the printer (${file.path}).` : `Opened in your PDF viewer (${file.path}).`;
    } catch (error) {
      status.textContent = error.message;
    }
  }

  clear() {
    this.letter = null;
    this.replaceChildren();
  }
}

/** An SVG document as an image URL (data: is what the CSP allows for images; scripts in an SVG image never run). */
export function svgUri(svg) {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

customElements.define('letter-pages', LetterPages);
