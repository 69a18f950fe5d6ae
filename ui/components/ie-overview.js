// <ie-overview>: the SFS overview beside the I&E form, always in view: totals, disposable income, what is available for priority and non-priority creditors, the pro-rata offers, the council's affordable offer and the warnings, every figure from Rust.
import { html, render } from '../lib/html.js';
import { money, isNegative, plural } from '../format.js';

function figure(label, value, { cls = '', id = '', note = '' } = {}) {
  return html`<div class="app-ie-figures__row ${cls}">
    <dt>${label}${note ? html`<span class="app-ie-figures__note">${note}</span>` : ''}</dt>
    <dd${id ? html` id="${id}"` : ''} class="${isNegative(value) ? 'app-ie-figures__negative' : ''}">${money(value)}</dd>
  </div>`;
}

export class IeOverview extends HTMLElement {
  connectedCallback() {
    if (!this.firstChild) this.empty();
  }

  empty() {
    render(this, html`<h2 class="govuk-heading-s app-ie-overview__title" id="ie-overview-title">Overview, monthly</h2>
      <p class="govuk-body-s app-muted">Working out…</p>`);
  }

  /**
   * view: IncomeExpenditureView from compute_income_expenditure; creditors: the non-priority creditors' names as
   * typed (same order as view.non_priority_shares); problems: [{ text, target }] that cannot be read yet.
   */
  show(view, { creditors = [], problems = [] } = {}) {
    const o = view.overview;
    const c = view.council_offer;
    const shares = view.non_priority_shares ?? [];
    const over = (view.guideline_checks ?? []).filter((g) => g.over);
    const warnings = [...(view.warnings ?? []), ...(c?.warnings ?? [])].filter((w) => w.code !== 'over_guideline');
    render(
      this,
      html`<h2 class="govuk-heading-s app-ie-overview__title" id="ie-overview-title">Overview, monthly</h2>
      <div class="app-ie-overview__body">
        <p class="govuk-visually-hidden" role="status" aria-live="polite" id="ie-overview-status">Available for priority debts ${money(o.available_for_priority_debts)}</p>
        ${problems.length
          ? html`<div class="app-ie-overview__problems">
              <p class="govuk-body-s app-strong">${plural(problems.length, 'figure')} cannot be read yet, so ${problems.length === 1 ? 'it counts' : 'they count'} as £0.00:</p>
              <ul class="govuk-list govuk-body-s">
                ${problems.map((p) => p.target ? html`<li><a class="govuk-link" href="#${p.target}">${p.text}</a></li>` : html`<li>${p.text}</li>`)}
              </ul>
            </div>`
          : ''}
        <dl class="app-ie-figures">
          ${figure('Total income', o.total_income, { id: 'ie-total-income', cls: 'app-ie-figures__row--main' })}
          ${figure('Fixed costs', o.total_fixed_costs, { id: 'ie-total-fixed', cls: 'app-ie-figures__row--sub' })}
          ${figure('Flexible costs', o.total_flexible_costs, { id: 'ie-total-flexible', cls: 'app-ie-figures__row--sub' })}
          ${figure('Total expenditure', o.total_expenditure, { id: 'ie-total-expenditure', cls: 'app-ie-figures__row--main' })}
          ${figure('Disposable income', o.disposable_income, { id: 'ie-disposable', cls: 'app-ie-figures__row--key', note: 'income − expenditure' })}
          ${figure('Savings contribution', o.savings_contribution, { cls: 'app-ie-figures__row--sub' })}
          ${figure('Debt management fee', o.debt_admin_fee, { cls: 'app-ie-figures__row--sub' })}
          ${figure('Available for priority debts', o.available_for_priority_debts, { id: 'ie-available-priority', cls: 'app-ie-figures__row--key' })}
          ${figure('Offers to priority creditors', o.priority_offers, { id: 'ie-priority-offers', cls: 'app-ie-figures__row--sub' })}
          ${figure('Available for non-priority debts', o.available_for_non_priority_debts, { id: 'ie-available-non-priority', cls: 'app-ie-figures__row--key' })}
        </dl>

        <h3 class="govuk-heading-s app-ie-overview__subtitle">Pro-rata offers</h3>
        ${shares.length
          ? html`<table class="govuk-table app-table app-ie-shares" id="ie-shares">
              <caption class="govuk-visually-hidden">Each non-priority creditor's share of what is available, in proportion to what is owed</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Creditor</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Share</th>
              </tr></thead>
              <tbody class="govuk-table__body">
                ${shares.map((s, i) => html`<tr class="govuk-table__row">
                  <td class="govuk-table__cell">${creditors[i] || html`<span class="app-muted">Creditor ${i + 1}</span>`}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">${money(s)}</td>
                </tr>`)}
              </tbody>
            </table>`
          : html`<p class="govuk-body-s app-muted">No non-priority debts.</p>`}

        ${c
          ? html`<div class="app-ie-offer" id="ie-council-offer">
              <h3 class="govuk-heading-s app-ie-overview__subtitle">The council's affordable offer</h3>
              <p class="app-ie-offer__amount"><span id="ie-council-affordable">${money(c.affordable)}</span> <span class="app-ie-offer__per">a month</span></p>
              <p class="govuk-body-s app-ie-offer__detail">
                ${money(c.council_priority_offers)} offered to its priority debts + its ${money(c.council_non_priority_share)} share
                of what non-priority creditors get. Up to ${money(c.council_priority_headroom)} is free for its priority
                debts after the other priority offers.
              </p>
            </div>`
          : ''}

        ${over.length
          ? html`<p class="govuk-body-s app-ie-overview__flags">
              <strong class="govuk-tag govuk-tag--red app-tag">Over guideline</strong>
              ${over.map((g, i) => html`${i ? ', ' : ''}<a class="govuk-link" href="#ie-total-${g.group}">${g.label}</a>`)}
            </p>`
          : ''}
        ${warnings.map((w) => html`<div class="govuk-warning-text app-ie-warning" data-warning="${w.code}">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>${w.message}</strong>
        </div>`)}
        <p class="govuk-body-s app-muted app-ie-overview__household">${view.total_number_in_household} in the household.</p>
      </div>`,
    );
  }
}

customElements.define('ie-overview', IeOverview);
