// <person-data-protection party-id="…" user-role="…">: the person screen's data protection (issue 9): their legal holds, placing one (any role: a dispute, complaint, litigation or information request stops their record being anonymised), and for a team leader or the administrator the subject access export of everything held about them (JSON and PDF in the signed-in files folder; the paths are shown). Rust checks every role.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, plural } from '../format.js';
import * as api from '../api.js';

const KINDS = [
  ['dispute', 'Dispute'],
  ['complaint', 'Complaint'],
  ['litigation', 'Litigation'],
  ['information_request', 'Information request'],
];
const FIELDS = {
  kind: { id: 'legal-hold-kind', label: 'Kind' },
  reason: { id: 'legal-hold-reason', label: 'Reason' },
};

export class PersonDataProtection extends HTMLElement {
  connectedCallback() {
    const partyId = this.getAttribute('party-id');
    if (partyId && partyId !== this.loadedFor) this.load(partyId);
    if (!this.wired) {
      this.wired = true;
      this.addEventListener('click', (event) => {
        if (event.target.closest('[data-action="sar"]')) this.exportSar();
      });
      this.addEventListener('submit', (event) => {
        event.preventDefault();
        this.placeHold(event.target);
      });
    }
  }

  get mayExport() {
    return ['team_leader', 'admin'].includes(this.getAttribute('user-role'));
  }

  async load(partyId, { message = null } = {}) {
    this.loadedFor = partyId;
    this.sar = this.sar?.party_id === partyId ? this.sar : null;
    try {
      this.holds = await api.legalHolds(partyId);
      this.error = null;
    } catch (error) {
      this.holds = [];
      this.error = error;
    }
    if (this.loadedFor !== partyId) return;
    this.message = message;
    this.draw();
    if (message) this.querySelector('[data-dp-message]')?.focus();
  }

  draw() {
    const inForce = this.holds.filter((h) => !h.released_on);
    render(
      this,
      html`<section class="app-data-protection" aria-labelledby="dp-title">
        <div class="app-section-header">
          <h2 class="govuk-heading-m app-section-title" id="dp-title">Data protection</h2>
          ${this.mayExport ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="sar">Subject access export</button>` : ''}
        </div>
        ${this.message ? html`<div class="govuk-inset-text" role="status" tabindex="-1" data-dp-message>${this.message}</div>` : ''}
        ${this.sar
          ? html`<div class="govuk-inset-text" data-sar>
              <p class="govuk-body">Everything held about them (${plural(this.sar.accounts, 'account')}, ${plural(this.sar.ledger_entries, 'ledger entry', 'ledger entries')}, ${plural(this.sar.audit_rows, 'audit entry', 'audit entries')}), written to:</p>
              <ul class="govuk-list">
                <li>JSON: <code data-sar-json>${this.sar.json_path}</code></li>
                <li>PDF: <code data-sar-pdf>${this.sar.pdf_path}</code></li>
              </ul>
              <p class="govuk-body-s app-muted">These files are removed when you sign out: copy them to where the request is answered from.</p>
            </div>`
          : ''}
        ${this.error ? html`<p class="govuk-body-s" data-dp-error>The legal holds could not be loaded: ${this.error.message}</p>` : ''}
        ${inForce.length
          ? html`<ul class="govuk-list" data-legal-holds>
              ${inForce.map((h) => html`<li><strong class="govuk-tag govuk-tag--orange app-tag">Legal hold</strong> ${h.kind_label}: ${h.reason} <span class="app-muted">(since ${date(h.placed_on)})</span></li>`)}
            </ul>`
          : html`<p class="govuk-body-s app-muted">No legal hold. Their record is anonymised when its retention period ends.</p>`}
        <details class="govuk-details">
          <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Place a legal hold</span></summary>
          <div class="govuk-details__text">
            <form novalidate data-form="legal-hold">
              <error-summary></error-summary>
              <div class="govuk-form-group" data-field="kind">
                <label class="govuk-label govuk-label--s" for="legal-hold-kind">Kind</label>
                ${errorSlot('legal-hold-kind')}
                <select class="govuk-select" id="legal-hold-kind" name="kind">
                  ${KINDS.map(([value, text]) => html`<option value="${value}">${text}</option>`)}
                </select>
              </div>
              <div class="govuk-form-group" data-field="reason">
                <label class="govuk-label govuk-label--s" for="legal-hold-reason">Reason</label>
                <div class="govuk-hint" id="legal-hold-reason-hint">What the dispute, complaint or request is. Nothing of theirs is anonymised until the hold is released.</div>
                ${errorSlot('legal-hold-reason')}
                <input class="govuk-input" id="legal-hold-reason" name="reason" type="text" autocomplete="off" aria-describedby="legal-hold-reason-hint">
              </div>
              <button type="submit" class="govuk-button govuk-button--secondary">Place the legal hold</button>
            </form>
          </div>
        </details>
      </section>`,
    );
  }

  async exportSar() {
    const button = this.querySelector('[data-action="sar"]');
    button.disabled = true;
    try {
      this.sar = await api.subjectAccessExport(this.loadedFor);
      this.message = null;
      this.draw();
      this.querySelector('[data-sar]')?.setAttribute('tabindex', '-1');
      this.querySelector('[data-sar]')?.focus();
    } catch (error) {
      button.disabled = false;
      this.message = `The subject access export could not be made: ${error.message}`;
      this.draw();
      this.querySelector('[data-dp-message]')?.focus();
    }
  }

  async placeHold(form) {
    const data = new FormData(form);
    clearInline(form);
    try {
      const hold = await api.placeLegalHold({ partyId: this.loadedFor, kind: String(data.get('kind')), reason: String(data.get('reason') ?? '').trim() });
      await this.load(this.loadedFor, { message: `${hold.kind_label} legal hold placed.` });
    } catch (error) {
      const errors = errorsFrom(error, FIELDS);
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }
}

customElements.define('person-data-protection', PersonDataProtection);
