// <ie-summary-card party-id="…">: the person screen's income and expenditure card: the latest statement's date, disposable income and the council's affordable offer, a "review due" tag once it is stale, and the way to the I&E screen.
import { html, render } from '../lib/html.js';
import { date, money } from '../format.js';
import * as api from '../api.js';

export class IeSummaryCard extends HTMLElement {
  connectedCallback() {
    const partyId = this.getAttribute('party-id');
    if (partyId && partyId !== this.loadedFor) this.load(partyId);
  }

  async load(partyId) {
    this.loadedFor = partyId;
    const href = `#/person/${encodeURIComponent(partyId)}/income-expenditure`;
    this.draw(html`<p class="govuk-body-s app-muted">Loading…</p>`, href, 'Open income and expenditure');
    let latest;
    try {
      latest = await api.latestIncomeExpenditure(partyId);
    } catch (error) {
      if (this.loadedFor !== partyId) return;
      this.draw(html`<p class="govuk-body-s">The latest statement could not be loaded: ${error.message}</p>`, href, 'Open income and expenditure');
      return;
    }
    if (this.loadedFor !== partyId) return;
    if (!latest) {
      this.draw(html`<p class="govuk-body-s app-muted">No statement taken yet.</p>`, href, 'Take an income and expenditure statement');
      return;
    }
    const o = latest.view.overview;
    this.draw(
      html`<dl class="govuk-summary-list app-summary-list--compact app-ie-card__list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Latest statement</dt>
          <dd class="govuk-summary-list__value" data-ie-date>${date(latest.taken_on)}
            ${latest.stale
              ? html` <strong class="govuk-tag govuk-tag--orange app-tag" data-ie-stale>Review due</strong>
                <span class="app-ie-card__due">since ${date(latest.review_due_on)}</span>`
              : html` <span class="app-muted app-ie-card__due">review by ${date(latest.review_due_on)}</span>`}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Disposable income</dt>
          <dd class="govuk-summary-list__value" data-ie-disposable>${money(o.disposable_income)} a month</dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Affordable to the council</dt>
          <dd class="govuk-summary-list__value" data-ie-affordable>${money(latest.view.council_offer.affordable)} a month</dd>
        </div>
      </dl>`,
      href,
      latest.stale ? 'Take a new statement' : 'Open income and expenditure',
    );
  }

  draw(body, href, linkText) {
    render(
      this,
      html`<section class="app-ie-card" aria-labelledby="ie-card-title">
        <h2 class="govuk-heading-s app-ie-card__title" id="ie-card-title">Income and expenditure</h2>
        ${body}
        <p class="govuk-body-s app-ie-card__link"><a class="govuk-link" href="${href}">${linkText}</a></p>
      </section>`,
    );
  }
}

customElements.define('ie-summary-card', IeSummaryCard);
