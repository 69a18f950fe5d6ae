// The arrangement planner (#/person/<id>/arrangement): choose debts, how often, the first payment and an amount or an end date; Rust works out the schedule to the penny and its checks as you type, the affordable amount from the I&E beside it; then who agreed it, how, and how they will pay, and save (the confirmation letter is issued).
import { html, render } from '../lib/html.js';
import { date, isoFromParts, money, plural } from '../format.js';
import { errorSlot, errorsFrom, showInline } from '../lib/form-errors.js';
import * as api from '../api.js';

const DEBOUNCE_MS = 250;

const FREQUENCIES = [
  ['weekly', 'Weekly'],
  ['fortnightly', 'Fortnightly'],
  ['four_weekly', 'Every four weeks'],
  ['monthly', 'Monthly'],
];

const METHODS = [
  ['direct_debit', 'Direct Debit'],
  ['standing_order', 'Standing order'],
  ['card', 'Debit or credit card'],
  ['cash', 'Cash'],
];

const AGREED_HOW = [
  ['phone', 'By phone'],
  ['letter', 'By letter'],
  ['adviser', 'Through a debt adviser'],
];

/** The fields Rust may name in a validation error, with the element to focus and its label. */
const FIELDS = {
  liabilityIds: { id: 'arr-debt-0', label: 'Debts' },
  frequency: { id: 'arr-frequency-weekly', label: 'How often' },
  startOn: { id: 'arr-start-day', label: 'First payment date' },
  amount: { id: 'arr-amount', label: 'Amount of each payment' },
  endOn: { id: 'arr-end-day', label: 'Last payment by' },
  method: { id: 'arr-method-direct_debit', label: 'How they will pay' },
  agreedHow: { id: 'arr-how-phone', label: 'How it was agreed' },
  agreedWith: { id: 'arr-with', label: 'Who agreed it' },
};

const SEVERITY = {
  refuse: { title: 'Cannot be agreed', tag: 'red', label: 'Refused' },
  review: { title: 'For your review', tag: 'orange', label: 'Review' },
  info: { title: 'For information', tag: 'grey', label: 'Note' },
};

function radios(name, idPrefix, options, checked) {
  return options.map(
    ([value, label]) => html`<div class="govuk-radios__item">
      <input class="govuk-radios__input" id="${idPrefix}-${value}" name="${name}" type="radio" value="${value}" ${value === checked ? html`checked` : ''}>
      <label class="govuk-label govuk-radios__label" for="${idPrefix}-${value}">${label}</label>
    </div>`,
  );
}

function dateInput(id, legend, hint) {
  return html`<div class="govuk-form-group" data-field="${id === 'arr-start' ? 'startOn' : 'endOn'}">
    <fieldset class="govuk-fieldset" role="group" aria-describedby="${id}-hint">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
      <div id="${id}-hint" class="govuk-hint">${hint}</div>
      ${errorSlot(id)}
      <div class="govuk-date-input">
        ${[['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]].map(
          ([part, label, width]) => html`<div class="govuk-date-input__item">
            <div class="govuk-form-group">
              <label class="govuk-label govuk-date-input__label" for="${id}-${part}">${label}</label>
              <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="${id}-${part}" name="${id}-${part}" type="text" inputmode="numeric">
            </div>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

export class ArrangementPlannerScreen {
  /** app: { today }; onTitle(title, personName) names the screen in the shell. */
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--planner';
    this.loadSeq = 0;
    this.planSeq = 0;
    this.timer = null;
    this.element.addEventListener('input', (event) => this.changed(event));
    this.element.addEventListener('change', (event) => this.changed(event));
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    this.element.addEventListener('click', (event) => {
      if (event.target.closest('[data-action="plan-again"]')) this.show(this.partyId);
    });
  }

  async show(partyId) {
    const seq = ++this.loadSeq;
    this.partyId = partyId;
    this.plan = null;
    clearTimeout(this.timer);
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    let start;
    try {
      start = await api.arrangementPlanner(partyId);
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.onTitle('Plan an arrangement', null);
      render(this.element, html`<h1 class="govuk-heading-l" tabindex="-1">The planner could not be opened</h1>
        <div class="govuk-error-summary" role="alert"><div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p></div></div>
        <p class="govuk-body"><a class="govuk-link" href="#/search">Back to search</a></p>`);
      this.element.querySelector('h1').focus();
      return;
    }
    if (seq !== this.loadSeq) return;
    this.start = start;
    this.onTitle(`Plan an arrangement – ${start.party_name}`, start.party_name);
    this.draw();
    this.element.querySelector('h1').focus({ preventScroll: true });
  }

  draw() {
    const s = this.start;
    const person = `#/person/${encodeURIComponent(s.party_id)}`;
    const choosable = s.debts.filter((d) => !d.held && !d.in_arrangement);
    render(
      this.element,
      html`<a class="govuk-back-link" href="${person}">Back to ${s.party_name}</a>
        <div class="app-page-header">
          <div class="app-page-header__title">
            <span class="govuk-caption-m">${s.party_name}</span>
            <h1 class="govuk-heading-l" tabindex="-1">Plan an arrangement</h1>
          </div>
        </div>
        <div class="app-error-box" data-errors></div>
        <div class="app-planner">
          <form class="app-planner__form" novalidate aria-labelledby="arr-form-title">
            <h2 class="govuk-heading-m" id="arr-form-title">The plan</h2>
            <div class="govuk-form-group" data-field="liabilityIds">
              <fieldset class="govuk-fieldset" aria-describedby="arr-debts-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Debts to include</legend>
                <div id="arr-debts-hint" class="govuk-hint">Payments meet them ${s.policy.debtOrder === 'oldest_first' ? 'oldest year first' : 'this year first, then the oldest'} (the council's order).</div>
                ${errorSlot('arr-debts')}
                ${s.debts.length
                  ? html`<div class="govuk-checkboxes govuk-checkboxes--small">
                    ${s.debts.map((d, i) => html`<div class="govuk-checkboxes__item">
                      <input class="govuk-checkboxes__input" id="arr-debt-${i}" name="debt" type="checkbox" value="${d.liability_id}"
                        aria-describedby="arr-debt-${i}-hint" ${!d.held && !d.in_arrangement && choosable.length ? html`checked` : ''}>
                      <label class="govuk-label govuk-checkboxes__label" for="arr-debt-${i}">
                        ${d.debt_type_label} ${d.year_label} <span class="app-ref">${d.account_reference}</span>: <strong>${money(d.balance)}</strong>
                      </label>
                      <div id="arr-debt-${i}-hint" class="govuk-hint govuk-checkboxes__hint">
                        ${d.current_year ? html`<strong class="govuk-tag govuk-tag--blue app-tag">This year</strong> to clear by ${date(s.year_end, { long: true })}` : d.description}
                        ${d.held ? html`<br><strong class="govuk-tag govuk-tag--red app-tag">On hold</strong> ${d.held}` : ''}
                        ${d.in_arrangement ? html`<br><strong class="govuk-tag govuk-tag--yellow app-tag">In arrangement ${d.in_arrangement}</strong>` : ''}
                      </div>
                    </div>`)}
                  </div>`
                  : html`<p class="govuk-body">${s.party_name} owes nothing on the accounts they are liable on.</p>`}
              </fieldset>
            </div>
            <div class="govuk-form-group" data-field="frequency">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How often</legend>
                ${errorSlot('arr-frequency')}
                <div class="govuk-radios govuk-radios--small govuk-radios--inline">${radios('frequency', 'arr-frequency', FREQUENCIES, 'monthly')}</div>
              </fieldset>
            </div>
            ${dateInput('arr-start', 'First payment date', `For example, ${date(s.today, { long: true })}`)}
            <div class="govuk-form-group">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Work out the plan from</legend>
                <div class="govuk-radios govuk-radios--small">
                  ${radios('size', 'arr-size', [['amount', 'An amount for each payment'], ['end', 'The date of the last payment']], 'amount')}
                </div>
              </fieldset>
            </div>
            <div class="govuk-form-group" data-field="amount" data-size="amount">
              <label class="govuk-label govuk-label--s" for="arr-amount">Amount of each payment</label>
              ${errorSlot('arr-amount')}
              <div class="govuk-input__wrapper">
                <div class="govuk-input__prefix" aria-hidden="true">£</div>
                <input class="govuk-input govuk-input--width-5" id="arr-amount" name="amount" type="text" inputmode="decimal" spellcheck="false">
              </div>
            </div>
            <div data-size="end" hidden>${dateInput('arr-end', 'Last payment by', 'The plan pays in equal amounts up to this date')}</div>

            <h2 class="govuk-heading-m app-planner__agree-title">Agreement</h2>
            <div class="govuk-form-group" data-field="method">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How they will pay</legend>
                ${errorSlot('arr-method')}
                <div class="govuk-radios govuk-radios--small">${radios('method', 'arr-method', METHODS, 'direct_debit')}</div>
              </fieldset>
            </div>
            <div class="govuk-form-group" data-field="agreedHow">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How it was agreed</legend>
                ${errorSlot('arr-how')}
                <div class="govuk-radios govuk-radios--small govuk-radios--inline">${radios('agreedHow', 'arr-how', AGREED_HOW, 'phone')}</div>
              </fieldset>
            </div>
            <div class="govuk-form-group" data-field="agreedWith">
              <label class="govuk-label govuk-label--s" for="arr-with">Who agreed it</label>
              <div id="arr-with-hint" class="govuk-hint">The person, their representative, or the adviser and their organisation</div>
              ${errorSlot('arr-with')}
              <input class="govuk-input" id="arr-with" name="agreedWith" type="text" aria-describedby="arr-with-hint" value="${s.party_name}">
            </div>
            <div class="govuk-form-group">
              <label class="govuk-label govuk-label--s" for="arr-notes">Notes (optional)</label>
              <textarea class="govuk-textarea" id="arr-notes" name="notes" rows="2"></textarea>
            </div>
            <div class="govuk-checkboxes govuk-checkboxes--small govuk-form-group">
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="arr-print-run" name="withPrintRun" type="checkbox">
                <label class="govuk-label govuk-checkboxes__label" for="arr-print-run">Send the confirmation letter with the next print run</label>
              </div>
            </div>
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button" data-action="save">Agree the arrangement</button>
              <a class="govuk-link" href="${person}">Cancel</a>
            </div>
          </form>
          <div class="app-planner__results">
            ${affordableCard(s)}
            <div data-plan aria-live="polite"><p class="govuk-body app-muted">Choose the debts, the first payment date and an amount or an end date: the schedule appears here.</p></div>
          </div>
        </div>`,
    );
  }

  /** The form as Rust's plan input: what was typed, nothing worked out. */
  planInput() {
    const f = this.element.querySelector('form');
    const byEnd = f.querySelector('input[name="size"]:checked')?.value === 'end';
    const parts = (id) => ({ day: f.querySelector(`#${id}-day`).value, month: f.querySelector(`#${id}-month`).value, year: f.querySelector(`#${id}-year`).value });
    return {
      partyId: this.start.party_id,
      liabilityIds: [...f.querySelectorAll('input[name="debt"]:checked')].map((c) => c.value),
      frequency: f.querySelector('input[name="frequency"]:checked')?.value ?? '',
      startOn: isoFromParts(parts('arr-start')),
      amount: byEnd ? undefined : f.querySelector('#arr-amount').value.trim().replace(/^£/, ''),
      endOn: byEnd ? isoFromParts(parts('arr-end')) : undefined,
    };
  }

  changed(event) {
    if (!this.start || !event.target.closest('form')) return;
    if (event.target.name === 'size') {
      const byEnd = event.target.value === 'end';
      this.element.querySelector('[data-size="amount"]').hidden = byEnd;
      this.element.querySelector('[data-size="end"]').hidden = !byEnd;
    }
    if (['method', 'agreedHow', 'agreedWith', 'notes', 'withPrintRun'].includes(event.target.name)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.replan(), DEBOUNCE_MS);
  }

  /** Asks Rust for the plan and its checks (nothing is stored); incomplete input shows a prompt, not an error. */
  async replan() {
    const input = this.planInput();
    const box = this.element.querySelector('[data-plan]');
    const ready = input.liabilityIds.length && input.startOn && (input.amount || input.endOn);
    if (!ready) {
      this.plan = null;
      render(box, html`<p class="govuk-body app-muted">Choose the debts, the first payment date and an amount or an end date: the schedule appears here.</p>`);
      return;
    }
    const seq = ++this.planSeq;
    let plan;
    try {
      plan = await api.planArrangement(input);
    } catch (error) {
      if (seq !== this.planSeq) return;
      this.plan = null;
      const errors = errorsFrom(error, FIELDS);
      showInline(this.element.querySelector('form'), errors);
      render(box, html`<div class="govuk-inset-text app-planner__problem" data-plan-problem>${errors.map((e) => html`<p class="govuk-body">${e.text}</p>`)}</div>`);
      return;
    }
    if (seq !== this.planSeq) return;
    showInline(this.element.querySelector('form'), []);
    this.plan = plan;
    render(box, planView(plan));
  }

  async save() {
    const f = this.element.querySelector('form');
    const summary = this.element.querySelector('[data-errors]');
    const plan = this.planInput();
    const request = {
      plan,
      method: f.querySelector('input[name="method"]:checked')?.value ?? '',
      agreedHow: f.querySelector('input[name="agreedHow"]:checked')?.value ?? '',
      agreedWith: f.querySelector('#arr-with').value,
      notes: f.querySelector('#arr-notes').value.trim() || undefined,
      withPrintRun: f.querySelector('#arr-print-run').checked,
    };
    const button = f.querySelector('[data-action="save"]');
    button.disabled = true;
    let saved;
    try {
      saved = await api.saveArrangement(request);
    } catch (error) {
      button.disabled = false;
      const errors = errorsFrom(error, FIELDS);
      showInline(f, errors);
      render(summary, html`<div class="govuk-error-summary" tabindex="-1"><div role="alert">
        <h2 class="govuk-error-summary__title">${error.code === 'rule_refused' ? 'This arrangement cannot be agreed' : 'There is a problem'}</h2>
        <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
          ${errors.map((e) => (e.target ? html`<li><a href="#${e.target}">${e.text}</a></li>` : html`<li>${e.text}</li>`))}
        </ul></div></div></div>`);
      summary.querySelector('.govuk-error-summary').focus();
      return;
    }
    this.drawSaved(saved);
  }

  drawSaved(a) {
    const person = `#/person/${encodeURIComponent(this.start.party_id)}`;
    const last = a.payments[a.payments.length - 1];
    render(
      this.element,
      html`<div class="govuk-panel govuk-panel--confirmation app-planner__saved" tabindex="-1">
          <h1 class="govuk-panel__title">Arrangement agreed</h1>
          <div class="govuk-panel__body">Reference <strong class="app-ref">${a.reference}</strong></div>
        </div>
        <p class="govuk-body">${plural(a.payments.length, 'payment')} of ${money(a.amount)} ${a.frequency_label} from ${date(a.payments[0].due_on, { long: true })}${last && last.amount !== a.amount ? html`, the last ${money(last.amount)} on ${date(last.due_on, { long: true })}` : ''}: ${money(a.total)} in all, by ${a.method_label.toLowerCase() === 'direct debit' ? 'Direct Debit' : a.method_label.toLowerCase()}.</p>
        <p class="govuk-body">The confirmation letter listing every payment was issued${a.confirmation_document_id ? '' : ' (see the letters on their record)'}. Recovery runs leave these debts alone while the arrangement is kept.</p>
        <div class="govuk-button-group">
          <a class="govuk-button" href="${person}">Back to ${this.start.party_name}</a>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="plan-again">Plan another</button>
        </div>`,
    );
    this.element.querySelector('.govuk-panel').focus();
  }
}

function affordableCard(s) {
  const a = s.affordable;
  return html`<aside class="app-planner__affordable" aria-labelledby="arr-affordable-title">
    <h2 class="govuk-heading-s" id="arr-affordable-title">Affordable to the council</h2>
    ${a
      ? html`<p class="app-planner__affordable-amount" data-affordable>${money(a.monthly)} <span class="app-planner__per">a month</span></p>
        <p class="govuk-body-s">From the income and expenditure statement of ${date(a.taken_on, { long: true })}${a.stale ? html` <strong class="govuk-tag govuk-tag--orange app-tag">Review due</strong>` : ''}.</p>`
      : html`<p class="govuk-body-s" data-affordable>No income and expenditure statement: affordability is not checked.</p>`}
    <p class="govuk-body-s"><a class="govuk-link" href="#/person/${encodeURIComponent(s.party_id)}/income-expenditure">${a ? 'Open income and expenditure' : 'Take a statement'}</a></p>
  </aside>`;
}

function checks(list) {
  if (!list.length) return html`<p class="govuk-body" data-checks-none>No checks to review.</p>`;
  return html`<ul class="app-checks" data-checks>
    ${list.map((c) => {
      const s = SEVERITY[c.severity] ?? SEVERITY.info;
      return html`<li class="app-checks__item app-checks__item--${c.severity}" data-check="${c.code}">
        <strong class="govuk-tag govuk-tag--${s.tag} app-tag">${s.label}</strong>
        <span class="app-checks__reason">${c.reason.charAt(0).toUpperCase() + c.reason.slice(1)}.</span>
        <span class="app-checks__rule">${c.rule}</span>
      </li>`;
    })}
  </ul>`;
}

function planView(p) {
  const odd = p.last_payment.amount !== p.amount;
  return html`<section aria-labelledby="arr-plan-title">
    <h2 class="govuk-heading-m" id="arr-plan-title">The schedule</h2>
    <dl class="govuk-summary-list app-summary-list--compact" data-plan-summary>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Total</dt><dd class="govuk-summary-list__value" data-total>${money(p.total)}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Payments</dt>
        <dd class="govuk-summary-list__value" data-payments>${plural(p.count, 'payment')} of ${money(p.amount)} ${p.frequency_label}${p.frequency === 'monthly' ? '' : html` <span class="app-muted">(${money(p.monthly_equivalent)} a month)</span>`}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">First and last</dt>
        <dd class="govuk-summary-list__value" data-last>${date(p.first_payment.due_on, { long: true })} to ${date(p.last_payment.due_on, { long: true })}${odd ? html`, the last ${money(p.last_payment.amount)}` : ''}</dd></div>
    </dl>
    <h3 class="govuk-heading-s">Checks</h3>
    ${checks(p.checks)}
    ${p.can_save ? '' : html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>This plan cannot be agreed until the refusals above are dealt with.</strong></div>`}
    <table class="govuk-table app-table app-planner__debts">
      <caption class="govuk-table__caption govuk-table__caption--s">The debts, in the order payments meet them</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Debt</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Owed</th>
        <th scope="col" class="govuk-table__header">Cleared on</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        ${p.debts.map((d) => html`<tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">${d.debt_type_label} ${d.year_label} <span class="app-ref">${d.account_reference}</span>${d.current_year ? html` <strong class="govuk-tag govuk-tag--blue app-tag">This year</strong>` : ''}</th>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(d.balance)}</td>
          <td class="govuk-table__cell app-nowrap">${date(d.cleared_on)}</td>
        </tr>`)}
      </tbody>
    </table>
    <table class="govuk-table app-table app-planner__schedule" data-schedule>
      <caption class="govuk-table__caption govuk-table__caption--s">Every payment (${plural(p.count, 'payment')}, ${money(p.total)})</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">No.</th>
        <th scope="col" class="govuk-table__header">Due on</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        ${p.payments.map((s) => html`<tr class="govuk-table__row${s.amount !== p.amount ? ' app-planner__odd' : ''}">
          <td class="govuk-table__cell govuk-table__cell--numeric">${s.number}</td>
          <td class="govuk-table__cell">${date(s.due_on, { long: true })}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(s.amount)}</td>
        </tr>`)}
      </tbody>
    </table>
  </section>`;
}
