// <reverse-dialog>: asks for the reason and confirmation before reverse_ledger_entry posts the opposite entry (the ledger is never edited).
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, money, paymentMethod } from '../format.js';
import * as api from '../api.js';

const FIELDS = {
  reason: { id: 'reverse-reason', label: 'Reason' },
  entryId: { id: 'reverse-reason', label: 'Entry' },
};

export class ReverseDialog extends HTMLElement {
  connectedCallback() {
    if (this.dialog) return;
    render(
      this,
      html`<dialog class="app-dialog" aria-labelledby="reverse-title" aria-describedby="reverse-explain">
        <form class="app-form" novalidate method="dialog">
          <h2 class="govuk-heading-m" id="reverse-title">Reverse this entry?</h2>
          <error-summary></error-summary>
          <dl class="govuk-summary-list app-summary-list--compact" data-entry></dl>
          <p class="govuk-body-s" id="reverse-explain">
            The entry stays on the ledger. A reversal for the opposite amount is posted today, and this cannot be undone.
          </p>
          <div class="govuk-form-group" data-field="reason">
            <label class="govuk-label govuk-label--s" for="reverse-reason">Why is it being reversed?</label>
            <div class="govuk-hint" id="reverse-reason-hint">For example, cheque returned unpaid, or posted to the wrong account</div>
            ${errorSlot('reverse-reason')}
            <textarea class="govuk-textarea" id="reverse-reason" name="reason" rows="2" aria-describedby="reverse-reason-hint"></textarea>
          </div>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button govuk-button--warning" value="reverse">Reverse entry</button>
            <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel">Cancel</button>
          </div>
        </form>
      </dialog>`,
    );
    this.dialog = this.querySelector('dialog');
    this.form = this.querySelector('form');
    this.summary = this.querySelector('error-summary');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.querySelector('[data-action="cancel"]').addEventListener('click', () => this.close());
    this.dialog.addEventListener('close', () => this.reset());
  }

  /** entry: an EntryView with `reversible` true. */
  open(entry) {
    this.entry = entry;
    this.busy = false;
    this.reset();
    render(
      this.querySelector('[data-entry]'),
      html`${row('Account', entry.account_reference)}
        ${row('Entry', `${entry.kind_label}${entry.year_label ? ` for ${entry.year_label}` : ''}`)}
        ${row('Date', date(entry.effective_on))}
        ${row('Amount', money(entry.amount))}
        ${entry.method || entry.reference
          ? row('Reference', [paymentMethod(entry.method), entry.reference].filter(Boolean).join(', '))
          : ''}`,
    );
    this.dialog.showModal();
    this.form.elements.reason.focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  reset() {
    this.form.reset();
    this.summary.clear();
    clearInline(this.form);
  }

  async submit() {
    if (this.busy) return;
    const reason = this.form.elements.reason.value.trim();
    if (!reason) {
      const errors = [{ field: 'reason', target: 'reverse-reason', text: 'Enter why this entry is being reversed' }];
      showInline(this.form, errors);
      this.summary.show(errors);
      return;
    }
    this.busy = true;
    try {
      const reversal = await api.reverseLedgerEntry({ entryId: this.entry.id, reason });
      const original = this.entry;
      this.close();
      this.dispatchEvent(new CustomEvent('saved', { bubbles: true, detail: { reversal, original } }));
    } catch (error) {
      const errors = errorsFrom(error, FIELDS);
      showInline(this.form, errors);
      this.summary.show(errors);
    } finally {
      this.busy = false;
    }
  }
}

function row(key, value) {
  return html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt>
    <dd class="govuk-summary-list__value">${value}</dd>
  </div>`;
}

customElements.define('reverse-dialog', ReverseDialog);
