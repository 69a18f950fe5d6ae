// <payment-form>: records a payment taken by phone or at the desk through record_payment; Rust validates and posts it, this only collects and shows errors.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { PAYMENT_METHODS, balance, dateParts, isoFromParts } from '../format.js';
import * as api from '../api.js';

/** The record_payment input fields → the control to focus and the words to name them by. */
const FIELDS = {
  accountId: { id: 'pay-account', label: 'Account' },
  amount: { id: 'pay-amount', label: 'Amount' },
  method: { id: 'pay-method', label: 'How it was paid' },
  receivedOn: { id: 'pay-received-day', label: 'Date received' },
  receiptReference: { id: 'pay-receipt', label: 'Receipt reference' },
  financialYear: { id: 'pay-year', label: 'Financial year' },
};

export class PaymentForm extends HTMLElement {
  /** accounts: AccountView[]; today: "YYYY-MM-DD" from app_info. */
  setup({ accounts, today }) {
    this.accounts = accounts ?? [];
    this.today = today ?? '';
    this.busy = false;
    const received = dateParts(this.today);
    render(
      this,
      html`<form class="app-form" novalidate aria-labelledby="pay-title">
        <h2 class="govuk-heading-m" id="pay-title" tabindex="-1">Record a payment</h2>
        <error-summary></error-summary>

        <div class="govuk-form-group" data-field="accountId">
          <label class="govuk-label govuk-label--s" for="pay-account">Account</label>
          ${errorSlot('pay-account')}
          <select class="govuk-select" id="pay-account" name="accountId">
            ${this.accounts.map(
              (a) => html`<option value="${a.id}">${a.reference} – ${a.debt_type_label} (balance ${balance(a.balance)})</option>`,
            )}
          </select>
        </div>

        <div class="app-form__row">
          <div class="govuk-form-group" data-field="amount">
            <label class="govuk-label govuk-label--s" for="pay-amount">Amount</label>
            <div class="govuk-hint" id="pay-amount-hint">Pounds and pence, for example 25.00</div>
            ${errorSlot('pay-amount')}
            <div class="govuk-input__wrapper">
              <div class="govuk-input__prefix" aria-hidden="true">£</div>
              <input class="govuk-input govuk-input--width-10" id="pay-amount" name="amount" type="text"
                inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby="pay-amount-hint">
            </div>
          </div>

          <div class="govuk-form-group" data-field="method">
            <label class="govuk-label govuk-label--s" for="pay-method">How it was paid</label>
            <div class="govuk-hint" id="pay-method-hint">As shown on the receipt</div>
            ${errorSlot('pay-method')}
            <select class="govuk-select" id="pay-method" name="method" aria-describedby="pay-method-hint">
              ${PAYMENT_METHODS.map(([code, label]) => html`<option value="${code}">${label}</option>`)}
            </select>
          </div>
        </div>

        <div class="app-form__row">
          <div class="govuk-form-group" data-field="receivedOn">
            <fieldset class="govuk-fieldset" role="group" aria-describedby="pay-received-hint">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date received</legend>
              <div class="govuk-hint" id="pay-received-hint">For example, 27 3 2026. Not in the future.</div>
              ${errorSlot('pay-received')}
              <div class="govuk-date-input" id="pay-received">
                ${[
                  ['day', 'Day', 2, received.day],
                  ['month', 'Month', 2, received.month],
                  ['year', 'Year', 4, received.year],
                ].map(
                  ([part, label, width, value]) => html`<div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                      <label class="govuk-label govuk-date-input__label" for="pay-received-${part}">${label}</label>
                      <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="pay-received-${part}"
                        name="received-${part}" type="text" inputmode="numeric" autocomplete="off" value="${value}">
                    </div>
                  </div>`,
                )}
              </div>
            </fieldset>
          </div>

          <div class="govuk-form-group" data-field="receiptReference">
            <label class="govuk-label govuk-label--s" for="pay-receipt">Receipt reference</label>
            <div class="govuk-hint" id="pay-receipt-hint">From the card terminal or the cash receipt</div>
            ${errorSlot('pay-receipt')}
            <input class="govuk-input govuk-input--width-20" id="pay-receipt" name="receiptReference" type="text"
              autocomplete="off" spellcheck="false" aria-describedby="pay-receipt-hint">
          </div>
        </div>

        <div class="govuk-form-group" data-field="financialYear">
          <label class="govuk-label govuk-label--s" for="pay-year">Financial year it pays (optional)</label>
          <div class="govuk-hint" id="pay-year-hint">If you leave this, it pays the oldest year with a balance</div>
          ${errorSlot('pay-year')}
          <select class="govuk-select" id="pay-year" name="financialYear" aria-describedby="pay-year-hint"></select>
        </div>

        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" data-prevent-double-click="true">Record payment</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel">Cancel</button>
        </div>
      </form>`,
    );
    this.form = this.querySelector('form');
    this.summary = this.querySelector('error-summary');
    this.form.elements.accountId.addEventListener('change', () => this.fillYears());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.cancel();
    });
    this.querySelector('[data-action="cancel"]').addEventListener('click', () => this.cancel());
    this.fillYears();
  }

  /** Shows the form for one account (or the first) and puts the cursor on the amount. */
  open(accountId) {
    if (accountId) this.form.elements.accountId.value = accountId;
    this.fillYears();
    this.hidden = false;
    this.form.elements.amount.focus();
    this.scrollIntoView({ block: 'start' });
  }

  cancel() {
    this.reset();
    this.hidden = true;
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true }));
  }

  reset() {
    this.form.elements.amount.value = '';
    this.form.elements.receiptReference.value = '';
    this.form.elements.method.value = PAYMENT_METHODS[0][0];
    const received = dateParts(this.today);
    for (const part of ['day', 'month', 'year']) this.form.elements[`received-${part}`].value = received[part];
    this.form.elements.financialYear.value = '';
    this.summary.clear();
    clearInline(this.form);
  }

  fillYears() {
    const account = this.accounts.find((a) => a.id === this.form.elements.accountId.value);
    const years = (account?.years ?? []).filter((y) => y.financial_year !== null && y.financial_year !== undefined);
    render(
      this.form.elements.financialYear,
      html`<option value="">Oldest year with a balance</option>
        ${years.map((y) => html`<option value="${y.financial_year}">${y.label} (balance ${balance(y.balance)})</option>`)}`,
    );
  }

  /** Exactly what record_payment receives: text as typed (trimmed); Rust parses and checks it. */
  values() {
    const el = this.form.elements;
    return {
      accountId: el.accountId.value,
      amount: el.amount.value.trim(),
      method: el.method.value,
      receivedOn: isoFromParts({
        day: el['received-day'].value,
        month: el['received-month'].value,
        year: el['received-year'].value,
      }),
      receiptReference: el.receiptReference.value.trim(),
      financialYear: el.financialYear.value ? Number(el.financialYear.value) : undefined,
    };
  }

  async submit() {
    if (this.busy) return;
    this.busy = true;
    const button = this.form.querySelector('button[type="submit"]');
    button.setAttribute('aria-disabled', 'true');
    const input = this.values();
    try {
      const entry = await api.recordPayment(input);
      const account = this.accounts.find((a) => a.id === input.accountId);
      this.reset();
      this.hidden = true;
      this.dispatchEvent(new CustomEvent('saved', { bubbles: true, detail: { entry, account } }));
    } catch (error) {
      const errors = errorsFrom(error, FIELDS);
      showInline(this.form, errors);
      this.summary.show(errors);
    } finally {
      this.busy = false;
      button.removeAttribute('aria-disabled');
    }
  }
}

customElements.define('payment-form', PaymentForm);
