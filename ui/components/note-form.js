// <note-form>: adds a note to a person's timeline (optionally about one account) through add_note.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import * as api from '../api.js';

const FIELDS = {
  body: { id: 'note-body', label: 'Note' },
  accountId: { id: 'note-account', label: 'Account' },
  partyId: { id: 'note-body', label: 'Person' },
};

export class NoteForm extends HTMLElement {
  /** partyId: whose timeline; accounts: AccountView[] the note may be about. */
  setup({ partyId, accounts }) {
    this.partyId = partyId;
    this.busy = false;
    render(
      this,
      html`<form class="app-form app-form--note" novalidate aria-labelledby="note-title">
        <h3 class="govuk-heading-s" id="note-title" tabindex="-1">Add a note</h3>
        <error-summary></error-summary>
        <div class="govuk-form-group" data-field="body">
          <label class="govuk-label" for="note-body">Note</label>
          <div class="govuk-hint" id="note-body-hint">What was said or done. Facts only: the debtor can ask to see this.</div>
          ${errorSlot('note-body')}
          <textarea class="govuk-textarea" id="note-body" name="body" rows="3" aria-describedby="note-body-hint"></textarea>
        </div>
        ${accounts?.length
          ? html`<div class="govuk-form-group" data-field="accountId">
              <label class="govuk-label" for="note-account">About (optional)</label>
              ${errorSlot('note-account')}
              <select class="govuk-select" id="note-account" name="accountId">
                <option value="">The person, not one account</option>
                ${accounts.map((a) => html`<option value="${a.id}">${a.reference} – ${a.debt_type_label}</option>`)}
              </select>
            </div>`
          : ''}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">Add note</button>
        </div>
      </form>`,
    );
    this.form = this.querySelector('form');
    this.summary = this.querySelector('error-summary');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  focus() {
    this.form.elements.body.focus();
  }

  async submit() {
    if (this.busy) return;
    this.busy = true;
    const input = {
      partyId: this.partyId,
      accountId: this.form.elements.accountId?.value || undefined,
      body: this.form.elements.body.value,
    };
    try {
      const note = await api.addNote(input);
      this.form.reset();
      this.summary.clear();
      clearInline(this.form);
      this.dispatchEvent(new CustomEvent('saved', { bubbles: true, detail: { note } }));
    } catch (error) {
      const errors = errorsFrom(error, FIELDS);
      showInline(this.form, errors);
      this.summary.show(errors);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('note-form', NoteForm);
