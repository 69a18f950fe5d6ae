// Settings → Audit log (#/settings/audit?user=&person=&action=&from=&to=&page=): every change and every view of a person's record, newest first, filtered by user, person or account, action and dates, a page at a time, and the matching rows downloaded as CSV to the data folder. The filters live in the address so Back and Forward work. Rust checks the role: a role that may not read the log gets a plain refusal.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { auditAction, dateTime, dateParts, isoFromParts, plural } from '../format.js';
import * as api from '../api.js';

/** The filters the address carries, in the order the form shows them. */
export const FILTERS = ['user', 'person', 'action', 'from', 'to'];

/** What each table holds, in words; other names are shown as they are. */
const ENTITIES = {
  parties: 'Person',
  accounts: 'Account',
  documents: 'Letter',
  notes: 'Note',
  ledger_entries: 'Ledger entry',
  income_expenditures: 'Income and expenditure',
  arrangements: 'Arrangement',
  court_bundles: 'Court bundle',
  holds: 'Hold',
  tasks: 'Task',
  audit_log: 'Audit log',
};

/** What a `viewed` row's `{"view": …}` names. */
const VIEWS = {
  person: 'person screen',
  account: 'account',
  letters: 'letters list',
  letter: 'letter',
  income_expenditure: 'income and expenditure statement',
  income_expenditure_history: 'income and expenditure history',
  new_income_expenditure: 'new income and expenditure (from the latest)',
  affordable_offer: 'affordable offer',
  arrangements: 'arrangements',
  arrangement: 'arrangement',
  arrangement_planner: 'arrangement planner',
  timetable: 'recovery timetable',
  court_bundle: 'court bundle',
};

function what(row) {
  const entity = ENTITIES[row.entity] ?? row.entity.replace(/_/g, ' ');
  if (row.action !== 'viewed') return entity;
  let view = '';
  try {
    view = JSON.parse(row.detail)?.view ?? '';
  } catch {
    view = '';
  }
  return VIEWS[view] ? `${entity}: ${VIEWS[view]}` : entity;
}

/** "#/settings/audit?user=u1&page=2" → { user: 'u1', page: 2 }. */
export function queryFromSearch(search) {
  const params = new URLSearchParams(search ?? '');
  const out = {};
  for (const key of FILTERS) {
    const v = params.get(key);
    if (v) out[key] = v;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) out.page = page;
  return out;
}

function href(query) {
  const params = new URLSearchParams();
  for (const key of [...FILTERS, 'page']) {
    if (query[key]) params.set(key, String(query[key]));
  }
  const s = params.toString();
  return s ? `#/settings/audit?${s}` : '#/settings/audit';
}

/** The address's filters as audit_log takes them. */
function apiQuery(query) {
  return {
    userId: query.user,
    person: query.person,
    action: query.action,
    from: query.from,
    to: query.to,
    page: query.page,
  };
}

function dateInput(id, field, legend, value) {
  const parts = dateParts(value);
  return html`<div class="govuk-form-group" data-field="${field}">
    <fieldset class="govuk-fieldset" role="group" aria-describedby="${id}-hint">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
      <div id="${id}-hint" class="govuk-hint">For example, 27 3 2026</div>
      ${errorSlot(id)}
      <div class="govuk-date-input" id="${id}">
        ${[['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]].map(
          ([part, label, width]) => html`<div class="govuk-date-input__item">
            <div class="govuk-form-group">
              <label class="govuk-label govuk-date-input__label" for="${id}-${part}">${label}</label>
              <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="${id}-${part}" name="${id}-${part}" type="text" inputmode="numeric" value="${parts[part]}">
            </div>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

const FIELDS = {
  userId: { id: 'audit-user', label: 'User' },
  person: { id: 'audit-person', label: 'Person or account' },
  action: { id: 'audit-action', label: 'Action' },
  from: { id: 'audit-from-day', label: 'From' },
  to: { id: 'audit-to-day', label: 'To' },
  page: { id: 'audit-results', label: 'Page' },
};

export class AuditLogScreen {
  constructor({ onTitle }) {
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--audit';
    this.seq = 0;
    this.query = {};
  }

  async show(query = {}) {
    const seq = ++this.seq;
    this.query = query;
    this.onTitle('Audit log');
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    let filters;
    let page = null;
    let error = null;
    try {
      filters = await api.auditFilters();
    } catch (e) {
      if (seq !== this.seq) return;
      this.drawRefusal(e);
      return;
    }
    try {
      page = await api.auditLog(apiQuery(query));
    } catch (e) {
      error = e;
    }
    if (seq !== this.seq) return;
    if (error && error.code !== 'validation') {
      this.drawRefusal(error);
      return;
    }
    this.draw(filters, page, error);
  }

  drawRefusal(error) {
    const forbidden = error.code === 'forbidden';
    render(
      this.element,
      html`<h1 class="govuk-heading-l" tabindex="-1">Audit log</h1>
        ${forbidden
          ? html`<div class="govuk-inset-text" data-forbidden>
              <p class="govuk-body"><strong>Your role cannot read the audit log.</strong></p>
              <p class="govuk-body">Team leaders and the system administrator can. Ask one of them if you need to know who changed or looked at a record.</p>
              <p class="govuk-body-s app-muted">${error.message}.</p>
            </div>`
          : html`<p class="govuk-body" data-error>The audit log could not be opened: ${error.message}</p>`}`,
    );
    this.element.querySelector('h1')?.focus({ preventScroll: true });
  }

  draw(filters, page, error) {
    const q = this.query;
    render(
      this.element,
      html`<h1 class="govuk-heading-l" tabindex="-1">Audit log</h1>
        <p class="govuk-body">Every change, and every time someone looked at a person’s record, newest first. Each entry is chained to the one before it, so a changed or removed entry is found by <code>audit verify</code>.</p>
        <div role="alert" data-flash></div>
        <form class="app-form app-audit__filters" novalidate data-form="filters">
          <error-summary></error-summary>
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
              <div class="govuk-form-group" data-field="userId">
                <label class="govuk-label govuk-label--s" for="audit-user">User</label>
                ${errorSlot('audit-user')}
                <select class="govuk-select" id="audit-user" name="user">
                  <option value="">Everyone</option>
                  ${filters.users.map((u) => html`<option value="${u.user_id}" ${u.user_id === q.user ? html`selected` : ''}>${u.user_name ?? u.user_id}</option>`)}
                </select>
              </div>
            </div>
            <div class="govuk-grid-column-one-third">
              <div class="govuk-form-group" data-field="person">
                <label class="govuk-label govuk-label--s" for="audit-person">Person or account</label>
                <div class="govuk-hint" id="audit-person-hint">An account reference, such as CT10000001, or a person’s id</div>
                ${errorSlot('audit-person')}
                <input class="govuk-input" id="audit-person" name="person" type="text" autocomplete="off" spellcheck="false" value="${q.person ?? ''}" aria-describedby="audit-person-hint">
              </div>
            </div>
            <div class="govuk-grid-column-one-third">
              <div class="govuk-form-group" data-field="action">
                <label class="govuk-label govuk-label--s" for="audit-action">Action</label>
                ${errorSlot('audit-action')}
                <select class="govuk-select" id="audit-action" name="action">
                  <option value="">Any action</option>
                  ${filters.actions.map((a) => html`<option value="${a}" ${a === q.action ? html`selected` : ''}>${auditAction(a)}</option>`)}
                </select>
              </div>
            </div>
          </div>
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">${dateInput('audit-from', 'from', 'From', q.from)}</div>
            <div class="govuk-grid-column-one-half">${dateInput('audit-to', 'to', 'To (inclusive)', q.to)}</div>
          </div>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" data-module="govuk-button">Show entries</button>
            <a class="govuk-link" href="#/settings/audit" data-clear>Clear filters</a>
          </div>
        </form>
        <div id="audit-results" tabindex="-1">${page ? this.results(page) : ''}</div>`,
    );
    const form = this.element.querySelector('form[data-form="filters"]');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(form);
    });
    this.element.querySelector('button[data-download]')?.addEventListener('click', () => this.download());
    if (error) {
      const errors = errorsFrom(error, FIELDS);
      form.querySelector('error-summary').show(errors);
      showInline(form, errors);
    } else {
      this.element.querySelector('h1')?.focus({ preventScroll: true });
    }
  }

  results(page) {
    if (!page.total) {
      return html`<p class="govuk-body" data-empty>No entries match these filters.</p>`;
    }
    return html`<div class="app-audit__bar">
        <p class="govuk-body" data-summary>Showing ${page.first} to ${page.last} of ${plural(page.total, 'entry', 'entries')}</p>
        <button type="button" class="govuk-button govuk-button--secondary" data-download>Download CSV<span class="govuk-visually-hidden"> of all ${plural(page.total, 'entry', 'entries')}</span></button>
      </div>
      <table class="govuk-table app-table app-audit">
        <caption class="govuk-visually-hidden">Audit log entries, newest first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">When</th>
            <th scope="col" class="govuk-table__header">Who</th>
            <th scope="col" class="govuk-table__header">Action</th>
            <th scope="col" class="govuk-table__header">What</th>
            <th scope="col" class="govuk-table__header">Person or account</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${page.rows.map((r) => html`<tr class="govuk-table__row" data-row="${r.id}">
            <td class="govuk-table__cell app-nowrap"><time datetime="${r.at}">${dateTime(r.at)}</time></td>
            <td class="govuk-table__cell">${r.user_name ?? r.user_id}</td>
            <td class="govuk-table__cell">${auditAction(r.action)}</td>
            <td class="govuk-table__cell">${what(r)}</td>
            <td class="govuk-table__cell">${r.party_id
              ? r.party_name
                ? html`<a class="govuk-link" href="#/person/${encodeURIComponent(r.party_id)}">${r.party_name}</a>`
                : html`<span class="app-muted app-ref">${r.party_id}</span>`
              : ''}${r.account_reference ? html`${r.party_id ? html`<br>` : ''}<span class="app-ref">${r.account_reference}</span>` : ''}</td>
          </tr>`)}
        </tbody>
      </table>
      ${this.pagination(page)}`;
  }

  pagination(page) {
    if (page.pages <= 1) return '';
    const to = (n) => href({ ...this.query, page: n > 1 ? n : undefined });
    return html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of the audit log">
      ${page.page > 1
        ? html`<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="${to(page.page - 1)}" rel="prev">
            <span class="govuk-pagination__link-title">Newer<span class="govuk-visually-hidden"> entries</span></span>
            <span class="govuk-visually-hidden">:</span><span class="govuk-pagination__link-label">Page ${page.page - 1} of ${page.pages}</span></a></div>`
        : ''}
      ${page.page < page.pages
        ? html`<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="${to(page.page + 1)}" rel="next">
            <span class="govuk-pagination__link-title">Older<span class="govuk-visually-hidden"> entries</span></span>
            <span class="govuk-visually-hidden">:</span><span class="govuk-pagination__link-label">Page ${page.page + 1} of ${page.pages}</span></a></div>`
        : ''}
    </nav>`;
  }

  submit(form) {
    const read = (id) => isoFromParts({
      day: form.elements[`${id}-day`].value,
      month: form.elements[`${id}-month`].value,
      year: form.elements[`${id}-year`].value,
    });
    const query = {
      user: form.elements.user.value,
      person: form.elements.person.value.trim(),
      action: form.elements.action.value,
      from: read('audit-from'),
      to: read('audit-to'),
    };
    const next = href(query);
    clearInline(form);
    if (location.hash === next) this.show(queryFromSearch(next.split('?')[1]));
    else location.hash = next;
  }

  async download() {
    const flash = this.element.querySelector('[data-flash]');
    const button = this.element.querySelector('button[data-download]');
    button.disabled = true;
    try {
      const file = await api.exportAuditCsv({ ...apiQuery(this.query), page: undefined });
      render(
        flash,
        html`<div class="govuk-notification-banner govuk-notification-banner--success" aria-labelledby="audit-flash-title" data-saved>
          <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="audit-flash-title">Done</h2></div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">The matching entries were saved as CSV</p>
            <p class="govuk-body app-ref" data-path>${file.path}</p>
          </div>
        </div>`,
      );
    } catch (error) {
      render(flash, html`<div class="govuk-error-summary" data-failed><div class="govuk-error-summary__body"><p class="govuk-body">The CSV could not be saved: ${error.message}</p></div></div>`);
    } finally {
      button.disabled = false;
    }
  }
}
