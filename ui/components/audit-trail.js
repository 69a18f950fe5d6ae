// <audit-trail>: a disclosure that loads the person's audit trail (person_audit) when opened: who did what, when.
import { html, render } from '../lib/html.js';
import { auditAction, dateTime, plural } from '../format.js';
import * as api from '../api.js';

export class AuditTrail extends HTMLElement {
  set partyId(id) {
    this._partyId = id;
    this.loaded = false;
    this.update();
  }

  get partyId() {
    return this._partyId;
  }

  connectedCallback() {
    this.update();
  }

  update() {
    if (!this.isConnected || !this._partyId) return;
    const wasOpen = this.querySelector('details')?.open ?? false;
    render(
      this,
      html`<details class="govuk-details app-audit">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Audit trail</span>
        </summary>
        <div class="govuk-details__text" aria-live="polite" data-body>
          <p class="govuk-body-s">Loading the audit trail…</p>
        </div>
      </details>`,
    );
    const details = this.querySelector('details');
    details.addEventListener('toggle', () => {
      if (details.open && !this.loaded) this.load();
    });
    if (wasOpen) details.open = true;
  }

  async load() {
    const body = this.querySelector('[data-body]');
    this.loaded = true;
    try {
      const entries = await api.personAudit(this._partyId);
      render(
        body,
        entries.length
          ? html`<table class="govuk-table app-table">
              <caption class="govuk-table__caption govuk-table__caption--s">${plural(entries.length, 'change')}, newest first</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">When</th>
                  <th scope="col" class="govuk-table__header">Who</th>
                  <th scope="col" class="govuk-table__header">What</th>
                  <th scope="col" class="govuk-table__header">Record</th>
                  <th scope="col" class="govuk-table__header">Detail</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                ${entries.map(
                  (e) => html`<tr class="govuk-table__row">
                    <td class="govuk-table__cell app-nowrap">${dateTime(e.at)}</td>
                    <td class="govuk-table__cell">${e.user_id}</td>
                    <td class="govuk-table__cell">${auditAction(e.action)}</td>
                    <td class="govuk-table__cell app-mono">${e.entity} ${shortId(e.entity_id)}</td>
                    <td class="govuk-table__cell app-mono">${detail(e.detail)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="govuk-body-s">No changes have been recorded.</p>`,
      );
    } catch (error) {
      this.loaded = false;
      render(body, html`<p class="govuk-error-message">The audit trail could not be loaded: ${error.message}</p>`);
    }
  }
}

/** The first block of a UUID is enough to tell records apart on screen. */
function shortId(id) {
  return String(id ?? '').split('-')[0];
}

/** The detail JSON (ids and field names) as "key: value" pairs. */
function detail(text) {
  try {
    const value = JSON.parse(text || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value)
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(', ');
    }
  } catch {
    // Shown as stored.
  }
  return String(text ?? '');
}

customElements.define('audit-trail', AuditTrail);
