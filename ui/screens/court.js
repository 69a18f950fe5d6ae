// Court: the hearings (list, create, edit with the court, date and time, officer and the costs in force), the summons run for a hearing (a background preview listing every candidate in or out with the reason, including "too soon for the hearing" (T12) and limitation (T14); authorise; commit as a job), the day's list (the morning refresh with each case's status and reason, marks, PDF and CSV), and the outcomes in bulk with the defendants heard on their own, then the endorsed list. Rust decides every status and penny.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, errorSlot } from '../lib/form-errors.js';
import { date, money, plural, debtType, jurisdiction } from '../format.js';
import { exclusionLabel } from '../lib/recovery-words.js';
import * as api from '../api.js';
import { pollJob } from '../lib/jobs.js';

const POLL_MS = 150;

const STATUS_TAG = {
  proceeding: 'govuk-tag--blue',
  part_paid: 'govuk-tag--light-blue',
  costs_only: 'govuk-tag--purple',
  paid: 'govuk-tag--green',
  arrangement: 'govuk-tag--turquoise',
  withdrawn: 'govuk-tag--grey',
  disputed: 'govuk-tag--orange',
  held: 'govuk-tag--yellow',
};

const OUTCOMES = [
  ['granted', 'Granted'],
  ['withdrawn', 'Withdrawn'],
  ['adjourned', 'Adjourned'],
  ['refused', 'Refused'],
];

const HEARING_FIELDS = {
  courtName: { id: 'ct-courtName', label: 'Court' },
  courtAddress: { id: 'ct-courtAddress', label: "Court's address" },
  jurisdiction: { id: 'ct-jurisdiction', label: 'Where the court sits' },
  debtType: { id: 'ct-debtType', label: 'Debt' },
  hearingOn: { id: 'ct-hearingOn', label: 'Date' },
  hearingTime: { id: 'ct-hearingTime', label: 'Time' },
  authorisedOfficer: { id: 'ct-authorisedOfficer', label: 'Authorised officer' },
  methodologyId: { id: 'ct-methodologyId', label: 'Costs methodology' },
  summonsCosts: { id: 'ct-summonsCosts', label: 'Summons costs' },
  liabilityOrderCosts: { id: 'ct-liabilityOrderCosts', label: 'Liability order costs' },
};

/** "Wales 2026/27, version 2". */
function methodologyName(m) {
  return `${jurisdiction(m.jurisdiction)} ${m.financial_year}/${String((m.financial_year + 1) % 100).padStart(2, '0')}, version ${m.version}`;
}

function refusal(error, title) {
  return html`<div class="govuk-error-summary" role="alert" tabindex="-1">
    <h2 class="govuk-error-summary__title">${title}</h2>
    <div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p></div>
  </div>`;
}

function flashBanner(flash) {
  if (!flash) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="ct-flash-title" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="ct-flash-title">Done</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
  </div>`;
}

function statusTag(line) {
  return html`<strong class="govuk-tag app-tag ${STATUS_TAG[line.status] ?? ''}">${line.status_label}</strong>`;
}

function textField(id, label, { value = '', hint = '', width = 'govuk-input--width-20' } = {}) {
  return html`<div class="govuk-form-group" data-field="${id}">
    <label class="govuk-label govuk-label--s" for="ct-${id}">${label}</label>
    ${hint ? html`<div class="govuk-hint" id="ct-${id}-hint">${hint}</div>` : ''}
    ${errorSlot(`ct-${id}`)}
    <input class="govuk-input ${width}" id="ct-${id}" name="${id}" type="text" autocomplete="off" value="${value ?? ''}" ${hint ? html`aria-describedby="ct-${id}-hint"` : ''}>
  </div>`;
}

function selectField(id, label, options, value) {
  return html`<div class="govuk-form-group" data-field="${id}">
    <label class="govuk-label govuk-label--s" for="ct-${id}">${label}</label>
    ${errorSlot(`ct-${id}`)}
    <select class="govuk-select" id="ct-${id}" name="${id}">
      ${options.map(([v, t]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${t}</option>`)}
    </select>
  </div>`;
}

export class CourtScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--court';
    this.seq = 0;
    this.job = null;
  }

  hide() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** hearingId null: the hearings; 'new': the form; edit: the form for that hearing. */
  async show({ hearingId = null, edit = false, flash = null } = {}) {
    const seq = ++this.seq;
    this.hide();
    this.job = null;
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      if (hearingId === 'new' || edit) {
        const [methodologies, hearing] = await Promise.all([
          api.costsMethodologies(),
          edit ? api.courtHearing(hearingId) : Promise.resolve(null),
        ]);
        if (seq !== this.seq) return;
        this.onTitle(hearing ? 'Change the hearing' : 'List a hearing');
        this.drawForm(hearing, methodologies);
      } else if (hearingId) {
        const hearing = await api.courtHearing(hearingId);
        const list = hearing.complaints > 0 ? await api.courtList({ hearingId }) : null;
        // The later hearings a case (or the whole list) can be adjourned to.
        const later = list ? (await api.courtHearings()).filter((x) => x.id !== hearingId && x.hearing_on > (hearing.hearing_on ?? '')) : [];
        if (seq !== this.seq) return;
        this.onTitle(`Hearing ${hearing.reference}`);
        this.hearing = hearing;
        this.list = list;
        this.later = later;
        this.drawHearing(flash);
      } else {
        const hearings = await api.courtHearings();
        if (seq !== this.seq) return;
        this.onTitle('Court');
        this.drawHearings(hearings, flash);
      }
    } catch (error) {
      if (seq !== this.seq) return;
      render(
        this.element,
        html`<h1 class="govuk-heading-l" tabindex="-1">${error.code === 'not_found' ? 'No such hearing' : 'Court could not be opened'}</h1>
          <p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="#/court">All hearings</a></p>`,
      );
    }
    if (seq !== this.seq) return;
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  // ---- Hearings ---------------------------------------------------------------------------------------------

  drawHearings(hearings, flash) {
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l" tabindex="-1">Court</h1>
        <p class="govuk-body">Liability order hearings from 90 days ago. Open one to run its summonses, see the day's list or record the outcomes.</p>
        <p class="govuk-body"><a class="govuk-button" href="#/court/new" role="button" draggable="false">List a hearing</a></p>
        ${hearings.length === 0
          ? html`<p class="govuk-body app-muted">No hearings listed.</p>`
          : html`<table class="govuk-table" data-hearings>
              <caption class="govuk-table__caption govuk-table__caption--m">Hearings</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Date</th>
                <th scope="col" class="govuk-table__header">Court</th>
                <th scope="col" class="govuk-table__header">Debt</th>
                <th scope="col" class="govuk-table__header">Officer</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Summons costs</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Liability order costs</th>
                <th scope="col" class="govuk-table__header">Status</th>
              </tr></thead>
              <tbody class="govuk-table__body">
                ${hearings.map(
                  (h) => html`<tr class="govuk-table__row">
                    <td class="govuk-table__cell"><a class="govuk-link" href="#/court/${encodeURIComponent(h.id)}">${date(h.hearing_on)} ${h.hearing_time}</a></td>
                    <td class="govuk-table__cell">${h.court_name}<br><span class="govuk-body-s app-muted">${jurisdiction(h.jurisdiction)}</span></td>
                    <td class="govuk-table__cell">${debtType(h.debt_type)}</td>
                    <td class="govuk-table__cell">${h.authorised_officer}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">${money(h.summons_costs)}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">${money(h.liability_order_costs)}</td>
                    <td class="govuk-table__cell"><strong class="govuk-tag app-tag ${h.status === 'heard' ? 'govuk-tag--green' : 'govuk-tag--blue'}">${h.status === 'heard' ? 'Heard' : 'Listed'}</strong></td>
                  </tr>`,
                )}
              </tbody>
            </table>`}`,
    );
  }

  drawForm(hearing, methodologies) {
    const h = hearing ?? {};
    const m = [['', 'The record in force on the day'], ...methodologies.map((x) => [x.id, `${methodologyName(x)} (${money(x.summons_costs)} and ${money(x.liability_order_costs)})`])];
    render(
      this.element,
      html`<a class="govuk-back-link" href="${hearing ? `#/court/${encodeURIComponent(hearing.id)}` : '#/court'}">Back</a>
        <h1 class="govuk-heading-l" tabindex="-1">${hearing ? `Change hearing ${hearing.reference}` : 'List a hearing'}</h1>
        <form novalidate data-hearing-form>
          <error-summary></error-summary>
          ${textField('courtName', 'Court', { value: h.court_name ?? '' })}
          ${textField('courtAddress', "Court's address", { value: h.court_address ?? '', width: 'govuk-!-width-full' })}
          ${selectField('jurisdiction', 'Where the court sits', [['england', 'England'], ['wales', 'Wales']], h.jurisdiction ?? 'england')}
          ${selectField('debtType', 'Debt', [['council_tax', 'Council Tax'], ['business_rates', 'Business rates']], h.debt_type ?? 'council_tax')}
          ${textField('hearingOn', 'Date', { value: h.hearing_on ?? '', hint: 'A working day, written 2026-12-14', width: 'govuk-input--width-10' })}
          ${textField('hearingTime', 'Time', { value: h.hearing_time ?? '10:00', hint: '24-hour clock, for example 10:00', width: 'govuk-input--width-5' })}
          ${textField('authorisedOfficer', 'Authorised officer', { value: h.authorised_officer ?? '', hint: 'The officer authorised to give evidence for the council' })}
          ${selectField('methodologyId', 'Costs methodology', m, h.methodology_id ?? '')}
          <details class="govuk-details" ${h.costs_note ? html`open` : ''}>
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Set the costs by hand</span></summary>
            <div class="govuk-details__text">
              <p class="govuk-body">Give both or neither. In Wales the Council Tax costs are capped.</p>
              ${textField('summonsCosts', 'Summons costs, £', { width: 'govuk-input--width-5' })}
              ${textField('liabilityOrderCosts', 'Liability order costs, £', { width: 'govuk-input--width-5' })}
            </div>
          </details>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" data-module="govuk-button">${hearing ? 'Save the hearing' : 'List the hearing'}</button>
          </div>
        </form>`,
    );
    const form = this.element.querySelector('[data-hearing-form]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const f = form.elements;
      const input = {};
      for (const k of Object.keys(HEARING_FIELDS)) input[k] = f[k].value.trim();
      try {
        const saved = hearing ? await api.editHearing(hearing.id, input) : await api.createHearing(input);
        location.hash = `#/court/${encodeURIComponent(saved.id)}`;
      } catch (error) {
        const errors = errorsFrom(error, HEARING_FIELDS);
        if (errors.some((e) => e.field === 'summonsCosts' || e.field === 'liabilityOrderCosts')) form.querySelector('details').open = true;
        showInline(form, errors);
        form.querySelector('error-summary').show(errors);
      }
    });
  }

  // ---- One hearing --------------------------------------------------------------------------------------------

  drawHearing(flash) {
    const h = this.hearing;
    const heard = h.status === 'heard';
    render(
      this.element,
      html`<a class="govuk-back-link" href="#/court">All hearings</a>
        ${flashBanner(flash)}
        <span class="govuk-caption-l">Hearing ${h.reference}</span>
        <h1 class="govuk-heading-l" tabindex="-1">${h.court_name}, ${date(h.hearing_on, { long: true })} at ${h.hearing_time}</h1>
        <dl class="govuk-summary-list" data-hearing>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Court</dt><dd class="govuk-summary-list__value">${h.court_name}<br>${h.court_address}<br><span class="app-muted">${jurisdiction(h.jurisdiction)}</span></dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Debt</dt><dd class="govuk-summary-list__value">${debtType(h.debt_type)}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Authorised officer</dt><dd class="govuk-summary-list__value">${h.authorised_officer}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Costs in force</dt><dd class="govuk-summary-list__value" data-costs>Summons ${money(h.summons_costs)}; liability order ${money(h.liability_order_costs)}${h.methodology ? html`<br><span class="govuk-body-s">From the costs methodology record ${methodologyName(h.methodology)}</span>` : ''}
            ${h.warnings.map((w) => html`<div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-warning>${w}</div>`)}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Cases</dt><dd class="govuk-summary-list__value">${plural(h.complaints, 'complaint')}, ${plural(h.outcomes, 'outcome')} recorded</dd></div>
        </dl>
        ${heard ? '' : html`<p class="govuk-body"><a class="govuk-link" href="#/court/${encodeURIComponent(h.id)}/edit">Change the hearing</a></p>`}
        ${heard ? '' : this.summonsSection()}
        <div data-list>${this.listSection()}</div>
        ${heard || !this.list ? '' : this.outcomesSection()}`,
    );
    this.wireHearing();
  }

  summonsSection() {
    return html`<section class="app-section" aria-labelledby="ct-summons-title" data-summons>
      <h2 class="govuk-heading-m" id="ct-summons-title">Summons run</h2>
      <p class="govuk-body">Preview who gets a summons for this hearing. Nothing changes until the run is authorised and committed; the commit charges ${money(this.hearing.summons_costs)} summons costs on each case, sends the summonses and lists each complaint here.</p>
      <form novalidate data-summons-form>
        <error-summary></error-summary>
        ${textField('accountReferences', 'Only these accounts (optional)', { hint: 'References separated by spaces or commas', width: 'govuk-!-width-two-thirds' })}
        <button type="submit" class="govuk-button govuk-button--secondary">Preview the summons run</button>
      </form>
      <div data-job></div>
      <div data-run></div>
    </section>`;
  }

  listSection() {
    const l = this.list;
    if (!l) return html`<h2 class="govuk-heading-m">The list</h2><p class="govuk-body app-muted" data-no-list>No complaint names this hearing yet: commit a summons run first.</p>`;
    const endorsed = l.kind === 'endorsed';
    return html`<section class="app-section" aria-labelledby="ct-list-title">
      <h2 class="govuk-heading-m" id="ct-list-title">${endorsed ? 'Endorsed list' : 'Court list'}</h2>
      <p class="govuk-body">${plural(l.totals.cases, 'case')}; ${plural(l.totals.proceeding, 'case')} to decide for ${money(l.totals.order_sought)}. Prepared ${date(l.prepared_on)}.</p>
      <ul class="govuk-list app-inline-list" data-by-status>
        ${l.by_status.map((s) => html`<li>${statusTag({ status: s.status, status_label: s.label })} ${s.cases} (${money(s.at_hearing)})</li>`)}
      </ul>
      <div class="govuk-button-group">
        ${endorsed ? '' : html`<button type="button" class="govuk-button" data-action="refresh">Morning refresh</button>`}
        <button type="button" class="govuk-button govuk-button--secondary" data-action="pdf">Open the list (PDF)</button>
        <button type="button" class="govuk-button govuk-button--secondary" data-action="csv">Save as CSV</button>
        ${endorsed ? '' : html`<button type="button" class="govuk-button govuk-button--secondary" data-action="complaints">Keep the complaint list sent to the court</button>`}
      </div>
      <div data-list-message role="status"></div>
      <table class="govuk-table app-table--compact" data-court-list>
        <caption class="govuk-visually-hidden">Cases on the list</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">#</th>
          <th scope="col" class="govuk-table__header">Defendant and account</th>
          <th scope="col" class="govuk-table__header">Period</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">At summons</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Owed now</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Order sought</th>
          <th scope="col" class="govuk-table__header">Status and reason</th>
          ${endorsed ? html`<th scope="col" class="govuk-table__header">Result</th>` : html`<th scope="col" class="govuk-table__header">Mark</th>`}
        </tr></thead>
        <tbody class="govuk-table__body">
          ${l.lines.map(
            (x) => html`<tr class="govuk-table__row" data-line="${x.account_reference}">
              <td class="govuk-table__cell">${x.line}</td>
              <td class="govuk-table__cell">${x.defendants.map((d) => d.name).join(' and ')}<br><span class="govuk-body-s app-muted">${x.account_reference}</span></td>
              <td class="govuk-table__cell">${x.period}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">${money(x.debt_at_summons)}<br><span class="govuk-body-s app-muted">+ ${money(x.summons_costs)} costs</span></td>
              <td class="govuk-table__cell govuk-table__cell--numeric">${money(x.at_hearing)}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">${money(x.order_sought)}</td>
              <td class="govuk-table__cell">${statusTag(x)}${x.status_reason ? html`<br><span class="govuk-body-s">${x.status_reason}</span>` : ''}</td>
              ${endorsed
                ? html`<td class="govuk-table__cell">${x.result_text ?? x.result ?? ''}${x.order_granted ? html`<br><span class="govuk-body-s">Order ${money(x.order_granted)}</span>` : ''}</td>`
                : html`<td class="govuk-table__cell"><button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-button--small" data-mark="${x.account_reference}">Mark<span class="govuk-visually-hidden"> ${x.account_reference}</span></button></td>`}
            </tr>`,
          )}
        </tbody>
      </table>
      <dialog class="app-dialog" data-mark-dialog aria-labelledby="ct-mark-title"></dialog>
    </section>`;
  }

  outcomesSection() {
    const others = this.list.lines.filter((x) => x.result === null || x.result === undefined);
    return html`<section class="app-section" aria-labelledby="ct-outcomes-title" data-outcomes>
      <h2 class="govuk-heading-m" id="ct-outcomes-title">Outcomes</h2>
      <p class="govuk-body">The list is refreshed first. Cases that do not proceed (paid, in an arrangement, withdrawn) are withdrawn, held or disputed cases adjourned, with the reason.</p>
      <form novalidate data-outcomes-form>
        <error-summary></error-summary>
        <div class="govuk-form-group" data-field="bulk">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What the bench decided on the bulk application</legend>
            ${errorSlot('ct-bulk')}
            <div class="govuk-radios govuk-radios--small govuk-radios--inline">
              ${OUTCOMES.map(([v, t], i) => html`<div class="govuk-radios__item">
                <input class="govuk-radios__input" id="${i === 0 ? 'ct-bulk' : `ct-bulk-${v}`}" name="bulk" type="radio" value="${v}" ${v === 'granted' ? html`checked` : ''}>
                <label class="govuk-label govuk-radios__label" for="${i === 0 ? 'ct-bulk' : `ct-bulk-${v}`}">${t}</label>
              </div>`)}
            </div>
          </fieldset>
        </div>
        <div class="govuk-form-group" data-field="adjournedToHearingId">
          <label class="govuk-label govuk-label--s" for="ct-adjourned-to">Adjourned to</label>
          <div class="govuk-hint" id="ct-adjourned-to-hint">For an adjournment (of the bulk application or of a defendant heard on their own): the hearing the cases go to, or adjourned generally.</div>
          ${errorSlot('ct-adjourned-to')}
          <select class="govuk-select" id="ct-adjourned-to" name="adjournedTo" aria-describedby="ct-adjourned-to-hint">
            <option value="">Adjourned generally</option>
            ${(this.later ?? []).map((x) => html`<option value="${x.id}">${x.court_name}, ${date(x.hearing_on)} at ${x.hearing_time}</option>`)}
          </select>
        </div>
        <h3 class="govuk-heading-s">Defendants heard on their own</h3>
        <p class="govuk-body-s app-muted">Leave "With the bulk application" for everyone the bench did not hear separately.</p>
        <table class="govuk-table app-table--compact" data-individual>
          <caption class="govuk-visually-hidden">Each defendant's own outcome</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Account</th>
            <th scope="col" class="govuk-table__header">Outcome</th>
            <th scope="col" class="govuk-table__header">Attended</th>
            <th scope="col" class="govuk-table__header">Notes</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            ${others.map((x, i) => html`<tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">${x.account_reference}<br><span class="govuk-body-s app-muted">${x.defendants.map((d) => d.name).join(' and ')}</span></th>
              <td class="govuk-table__cell"><label class="govuk-visually-hidden" for="ct-ind-${i}">Outcome for ${x.account_reference}</label>
                <select class="govuk-select" id="ct-ind-${i}" data-ref="${x.account_reference}" name="outcome">
                  <option value="">With the bulk application</option>
                  ${OUTCOMES.map(([v, t]) => html`<option value="${v}">${t}</option>`)}
                </select></td>
              <td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="ct-att-${i}" type="checkbox" name="attended">
                <label class="govuk-label govuk-checkboxes__label" for="ct-att-${i}"><span class="govuk-visually-hidden">${x.account_reference} </span>Attended</label>
              </div></div></td>
              <td class="govuk-table__cell"><label class="govuk-visually-hidden" for="ct-notes-${i}">Notes for ${x.account_reference}</label><input class="govuk-input" id="ct-notes-${i}" name="notes" type="text" autocomplete="off"></td>
            </tr>`)}
          </tbody>
        </table>
        <button type="submit" class="govuk-button" data-module="govuk-button">Record the outcomes</button>
      </form>
    </section>`;
  }

  wireHearing() {
    const h = this.hearing;
    const sf = this.element.querySelector('[data-summons-form]');
    sf?.addEventListener('submit', (e) => {
      e.preventDefault();
      this.preview(sf);
    });
    const listMessage = (m) => render(this.element.querySelector('[data-list-message]'), m);
    this.element.querySelector('[data-action="refresh"]')?.addEventListener('click', async () => {
      try {
        this.list = await api.refreshCourtList(h.id);
        this.drawHearing(`The list was refreshed: each case's status as of today.`);
        this.element.querySelector('.app-flash')?.focus();
      } catch (error) {
        listMessage(refusal(error, 'The list could not be refreshed'));
      }
    });
    for (const format of ['pdf', 'csv']) {
      this.element.querySelector(`[data-action="${format}"]`)?.addEventListener('click', async () => {
        try {
          const file = await api.exportCourtList({ hearingId: h.id, kind: this.list.kind, format, open: format === 'pdf' });
          listMessage(html`<p class="govuk-body" data-saved>Saved to <code>${file.path}</code></p>`);
        } catch (error) {
          listMessage(refusal(error, 'The list could not be saved'));
        }
      });
    }
    this.element.querySelector('[data-action="complaints"]')?.addEventListener('click', async () => {
      try {
        await api.issueComplaintList(h.id);
        listMessage(html`<p class="govuk-body" data-saved>The complaint list is kept against the hearing.</p>`);
      } catch (error) {
        listMessage(refusal(error, 'The complaint list was not kept'));
      }
    });
    for (const b of this.element.querySelectorAll('[data-mark]')) b.addEventListener('click', () => this.openMark(b.dataset.mark));
    const of = this.element.querySelector('[data-outcomes-form]');
    of?.addEventListener('submit', (e) => {
      e.preventDefault();
      this.recordOutcomes(of);
    });
  }

  openMark(reference) {
    const dialog = this.element.querySelector('[data-mark-dialog]');
    render(
      dialog,
      html`<form novalidate method="dialog" data-mark-form>
        <h2 class="govuk-heading-m" id="ct-mark-title">Mark ${reference}</h2>
        <error-summary></error-summary>
        <div class="govuk-form-group" data-field="mark">
          <fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Mark</legend>
            <div class="govuk-radios govuk-radios--small">
              ${[['withdrawn', 'Withdrawn by the council'], ['disputed', 'Disputed by the defendant'], ['none', 'No mark']].map(([v, t], i) => html`<div class="govuk-radios__item">
                <input class="govuk-radios__input" id="${i === 0 ? 'ct-mark' : `ct-mark-${v}`}" name="mark" type="radio" value="${v}" ${i === 0 ? html`checked` : ''}>
                <label class="govuk-label govuk-radios__label" for="${i === 0 ? 'ct-mark' : `ct-mark-${v}`}">${t}</label></div>`)}
            </div></fieldset>
        </div>
        ${textField('reason', 'Why', { width: 'govuk-!-width-full' })}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">Save the mark</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="close">Cancel</button>
        </div>
      </form>`,
    );
    const form = dialog.querySelector('form');
    form.querySelector('[data-action="close"]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        this.list = await api.markListing({ hearingId: this.hearing.id, accountReference: reference, mark: form.elements.mark.value, reason: form.elements.reason.value.trim() });
        dialog.close();
        this.drawHearing(`${reference} was marked.`);
        this.element.querySelector('.app-flash')?.focus();
      } catch (error) {
        const errors = errorsFrom(error, { mark: { id: 'ct-mark', label: 'Mark' }, reason: { id: 'ct-reason', label: 'Why' } });
        showInline(form, errors);
        form.querySelector('error-summary').show(errors);
      }
    });
    dialog.showModal();
    form.querySelector('input')?.focus();
  }

  async recordOutcomes(form) {
    const individual = [];
    for (const row of form.querySelectorAll('[data-individual] tbody tr')) {
      const select = row.querySelector('select');
      if (!select.value) continue;
      individual.push({
        accountReference: select.dataset.ref,
        outcome: select.value,
        attended: row.querySelector('[name="attended"]').checked,
        notes: row.querySelector('[name="notes"]').value.trim(),
      });
    }
    try {
      const bulk = form.elements.bulk.value;
      const adjournedTo = form.elements.adjournedTo.value || undefined;
      const adjournedToHearingId = bulk === 'adjourned' ? adjournedTo : undefined;
      for (const x of individual) if (x.outcome === 'adjourned' && adjournedTo) x.adjournedToHearingId = adjournedTo;
      const out = await api.recordCourtOutcomes({ hearingId: this.hearing.id, bulk, adjournedToHearingId, individual });
      this.hearing = await api.courtHearing(this.hearing.id);
      this.list = out.list;
      this.drawHearing(`Outcomes recorded: ${out.granted} granted (orders ${money(out.orders_total)}), ${out.withdrawn} withdrawn, ${out.adjourned} adjourned, ${out.refused} refused. The endorsed list is stored against the hearing.`);
      this.element.querySelector('.app-flash')?.focus();
    } catch (error) {
      const errors = errorsFrom(error, { bulk: { id: 'ct-bulk', label: 'Bulk outcome' }, adjournedToHearingId: { id: 'ct-adjourned-to', label: 'Adjourned to' } });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }

  // ---- The summons run: preview (a job), authorise, commit (a job) -----------------------------------------------

  async preview(form) {
    const refs = form.elements.accountReferences.value.split(/[\s,]+/).filter(Boolean);
    this.element.querySelector('[data-run]').replaceChildren();
    try {
      const job = await api.startSummonsPreview({ hearingId: this.hearing.id, accountReferences: refs.length ? refs : undefined });
      this.job = { jobId: job.job_id, form };
      this.drawJob(job);
      this.poll();
    } catch (error) {
      const errors = errorsFrom(error, { accountReferences: { id: 'ct-accountReferences', label: 'Accounts' } });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }

  drawJob(job) {
    const slot = this.element.querySelector('[data-job]');
    if (!slot) return;
    const commit = job.kind === 'run_commit';
    const total = job.total || 0;
    const what = commit ? 'Committing the summons run' : 'Deciding every candidate';
    render(
      slot,
      html`<div class="app-job" aria-labelledby="ct-job-title">
        <h3 class="govuk-heading-s" id="ct-job-title">${commit ? 'Commit in progress' : 'Preview in progress'}</h3>
        <progress class="app-job__bar" max="${total || 1}" value="${job.done || 0}" aria-labelledby="ct-job-text"></progress>
        <p class="govuk-body app-job__text" id="ct-job-text" role="status">${total ? `${what}: ${job.done} of ${total}` : `${what}: starting…`}</p>
      </div>`,
    );
  }

  poll() {
    pollJob(this, api.recoveryJob, {
      progress: (job) => this.drawJob(job),
      done: (job) => this.finished(job),
      failed: (error) => render(this.element.querySelector('[data-job]'), refusal(error, 'The run stopped')),
    }, POLL_MS);
  }

  async finished(job) {
    this.job = null;
    this.element.querySelector('[data-job]')?.replaceChildren();
    if (job.error) {
      render(this.element.querySelector('[data-run]'), refusal(job.error, job.kind === 'run_commit' ? 'The run was not committed' : 'The preview was refused'));
      return;
    }
    if (job.kind === 'run_commit') {
      this.hearing = await api.courtHearing(this.hearing.id);
      this.list = await api.courtList({ hearingId: this.hearing.id });
      const o = job.outcome ?? {};
      this.drawHearing(`The summons run was committed${o.committed !== undefined ? `: ${plural(o.committed, 'summons', 'summonses')}` : ''}. The complaints are on the list below.`);
      this.element.querySelector('.app-flash')?.focus();
    } else {
      this.drawRun(job.outcome);
    }
  }

  drawRun(run) {
    this.run = run;
    const slot = this.element.querySelector('[data-run]');
    const counts = run.counts ?? [];
    render(
      slot,
      html`<div data-run-view>
        <h3 class="govuk-heading-s" tabindex="-1" id="ct-run-title">Preview: ${plural(run.selected_count, 'summons', 'summonses')} for ${money(run.selected_amount)}; ${run.excluded_count} left out</h3>
        <ul class="govuk-list" data-counts>
          ${counts.map((c) => html`<li>${exclusionLabel(c.exclusion)}: ${c.count}</li>`)}
        </ul>
        <table class="govuk-table app-table--compact" data-run-items>
          <caption class="govuk-visually-hidden">Candidates and why each is in or out</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Account</th>
            <th scope="col" class="govuk-table__header">In or out</th>
            <th scope="col" class="govuk-table__header">Reason</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            ${(run.items ?? []).map((i) => html`<tr class="govuk-table__row" data-item="${i.account_reference}">
              <td class="govuk-table__cell">${i.account_reference}<br><span class="govuk-body-s app-muted">${i.party_name}</span></td>
              <td class="govuk-table__cell"><strong class="govuk-tag app-tag ${i.selected ? 'govuk-tag--green' : 'govuk-tag--grey'}">${exclusionLabel(i.selected ? 'selected' : i.exclusion)}</strong></td>
              <td class="govuk-table__cell">${i.reason}${i.regulation ? html`<br><span class="govuk-body-s app-muted">${i.regulation}</span>` : ''}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">${money(i.amount)}</td>
            </tr>`)}
          </tbody>
        </table>
        <p class="govuk-body"><a class="govuk-link" href="#/recovery-runs/${encodeURIComponent(run.id)}">Every candidate, with filters and CSV, on the Recovery runs screen</a></p>
        <div class="govuk-button-group" data-run-actions>
          ${run.status === 'prepared' ? html`<button type="button" class="govuk-button" data-action="authorise">Authorise the run</button>` : ''}
          ${run.status === 'authorised' ? html`<button type="button" class="govuk-button govuk-button--warning" data-action="commit">Commit: send the summonses</button>` : ''}
        </div>
        <div data-run-message></div>
      </div>`,
    );
    slot.querySelector('[data-action="authorise"]')?.addEventListener('click', async () => {
      try {
        this.drawRun({ ...run, ...(await api.authoriseRun(run.id)) });
        this.element.querySelector('#ct-run-title')?.focus();
      } catch (error) {
        render(slot.querySelector('[data-run-message]'), refusal(error, 'The run was not authorised'));
      }
    });
    slot.querySelector('[data-action="commit"]')?.addEventListener('click', async () => {
      try {
        const job = await api.startRunCommit(run.id);
        this.job = { jobId: job.job_id };
        this.drawJob(job);
        this.poll();
      } catch (error) {
        render(slot.querySelector('[data-run-message]'), refusal(error, 'The run was not committed'));
      }
    });
    slot.querySelector('#ct-run-title')?.focus();
  }
}
