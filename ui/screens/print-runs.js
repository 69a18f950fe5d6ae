// Print runs: letters waiting for the post room gathered into a run, a template sent to many accounts as a run (a background job with a progress bar and a Stop button), and one run's page: its print file (cover sheet, postcode order), Record dispatch (after which it cannot be reversed) and Cancel before dispatch.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, dateTime, plural } from '../format.js';
import { factFields, factValues, factErrorFields } from '../components/person-letters.js';
import * as api from '../api.js';
import { pollJob } from '../lib/jobs.js';

const STATUS_TAGS = { building: 'govuk-tag--yellow', ready: 'govuk-tag--blue', dispatched: 'govuk-tag--green', cancelled: 'govuk-tag--grey' };
/** How often a running job is asked how far it has got (ms). */

function count(n) {
  return Number(n).toLocaleString('en-GB');
}

function statusTag(run) {
  return html`<strong class="govuk-tag ${STATUS_TAGS[run.status] ?? ''} app-tag">${run.status_label}</strong>`;
}

export class PrintRunsScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--runs';
    this.seq = 0;
    /** The job this window is running, if any: { jobId, kind, runId }. */
    this.job = null;
  }

  async show({ runId = null, flash = null } = {}) {
    const seq = ++this.seq;
    this.stopPolling();
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      if (runId) {
        const run = await api.letterRun(runId);
        if (seq !== this.seq) return;
        this.onTitle(`Print run ${run.reference}`);
        this.drawRun(run, flash);
      } else {
        const [runs, waiting, templates] = await Promise.all([api.letterRuns(), api.lettersWaiting(), api.listLetterTemplates()]);
        if (seq !== this.seq) return;
        this.onTitle('Print runs');
        this.drawList(runs, waiting, templates, flash);
      }
    } catch (error) {
      if (seq !== this.seq) return;
      render(
        this.element,
        html`<h1 class="govuk-heading-l" tabindex="-1">${error.code === 'not_found' ? 'No such print run' : 'Print runs could not be opened'}</h1>
          <p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="#/runs">All print runs</a></p>`,
      );
    }
    if (this.job && seq === this.seq) this.poll();
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  hide() {
    this.seq += 1;
    this.stopPolling();
  }

  flashBanner(flash, title = 'Done') {
    if (!flash) return '';
    return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="run-flash-title" tabindex="-1">
      <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="run-flash-title">${title}</h2></div>
      <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
    </div>`;
  }

  drawList(runs, waiting, templates, flash) {
    this.templates = templates;
    render(
      this.element,
      html`${this.flashBanner(flash)}
        <h1 class="govuk-heading-l" tabindex="-1">Print runs</h1>
        <div data-job></div>

        <section aria-labelledby="waiting-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="waiting-title">Letters waiting for the post room</h2>
          ${waiting.length ? this.waitingForm(waiting) : html`<p class="govuk-body-s app-muted">No letters are waiting.</p>`}
        </section>

        <section aria-labelledby="many-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="many-title">Send a letter to many accounts</h2>
          ${this.manyForm(templates)}
        </section>

        <section aria-labelledby="runs-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="runs-title">Runs</h2>
          ${runs.length ? this.runsTable(runs) : html`<p class="govuk-body-s app-muted">No print runs yet.</p>`}
        </section>`,
    );
    const gather = this.element.querySelector('form[data-form="gather"]');
    gather?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.gather(gather, waiting);
    });
    const many = this.element.querySelector('form[data-form="many"]');
    many.addEventListener('submit', (event) => {
      event.preventDefault();
      this.startMany(many);
    });
    many.elements.templateName.addEventListener('change', () => this.loadManyFacts(many));
    for (const radio of many.querySelectorAll('input[name="selection"]')) {
      radio.addEventListener('change', () => this.syncSelection(many));
    }
    this.syncSelection(many);
    this.loadManyFacts(many);
  }

  runOptions(prefix) {
    return html`<div class="app-form__row">
        <div class="govuk-form-group" data-field="title">
          <label class="govuk-label govuk-label--s" for="${prefix}-title">Title on the cover sheet (optional)</label>
          ${errorSlot(`${prefix}-title`)}
          <input class="govuk-input govuk-input--width-30" id="${prefix}-title" name="title" type="text" autocomplete="off">
        </div>
        <div class="govuk-form-group" data-field="order">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Print order</legend>
            <div class="govuk-radios govuk-radios--small govuk-radios--inline">
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="${prefix}-order-postcode" name="order" type="radio" value="postcode" checked>
                <label class="govuk-label govuk-radios__label" for="${prefix}-order-postcode">Postcode</label>
              </div>
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="${prefix}-order-reference" name="order" type="radio" value="reference">
                <label class="govuk-label govuk-radios__label" for="${prefix}-order-reference">Account reference</label>
              </div>
            </div>
          </fieldset>
        </div>
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="${prefix}-duplex" name="duplex" type="checkbox" value="yes">
              <label class="govuk-label govuk-checkboxes__label" for="${prefix}-duplex">Double-sided (each letter starts on a new sheet)</label>
            </div>
          </div>
        </div>
      </div>`;
  }

  waitingForm(waiting) {
    return html`<form class="app-form" novalidate data-form="gather">
      <error-summary></error-summary>
      <div class="govuk-form-group" data-field="groups">
        <fieldset class="govuk-fieldset" aria-describedby="gather-groups-hint">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which letters?</legend>
          <div class="govuk-hint" id="gather-groups-hint">Letters officers issued to go with the post room's run, by letter and day</div>
          ${errorSlot('gather-groups')}
          <div class="govuk-checkboxes govuk-checkboxes--small" id="gather-groups">
            ${waiting.map(
              (g, i) => html`<div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="gather-group-${i}" name="group" type="checkbox" value="${i}" checked>
                <label class="govuk-label govuk-checkboxes__label" for="gather-group-${i}">${g.title}, issued ${date(g.issued_on)}: ${plural(g.count, 'letter')}</label>
              </div>`,
            )}
          </div>
        </fieldset>
      </div>
      ${this.runOptions('gather')}
      <button type="submit" class="govuk-button">Make a print run</button>
    </form>`;
  }

  manyForm(templates) {
    return html`<form class="app-form" novalidate data-form="many">
      <error-summary></error-summary>
      <div class="govuk-form-group" data-field="templateName">
        <label class="govuk-label govuk-label--s" for="many-template">Letter</label>
        ${errorSlot('many-template')}
        <select class="govuk-select" id="many-template" name="templateName">
          ${templates.map((t) => html`<option value="${t.name}">${t.title}</option>`)}
        </select>
      </div>
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which accounts?</legend>
          <div class="govuk-radios govuk-radios--small">
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="many-by-balance" name="selection" type="radio" value="balance" checked>
              <label class="govuk-label govuk-radios__label" for="many-by-balance">Every open account for this letter's debt owing at least an amount, not on hold</label>
            </div>
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="many-by-list" name="selection" type="radio" value="list">
              <label class="govuk-label govuk-radios__label" for="many-by-list">The accounts I list</label>
            </div>
          </div>
        </fieldset>
      </div>
      <div class="govuk-form-group" data-field="minBalance" data-selection="balance">
        <label class="govuk-label govuk-label--s" for="many-min">Owing at least</label>
        ${errorSlot('many-min')}
        <div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div>
          <input class="govuk-input govuk-input--width-10" id="many-min" name="minBalance" type="text" inputmode="decimal" autocomplete="off" value="50.00"></div>
      </div>
      <div class="govuk-form-group" data-field="accountReferences" data-selection="list">
        <label class="govuk-label govuk-label--s" for="many-refs">Account references</label>
        <div class="govuk-hint" id="many-refs-hint">One a line</div>
        ${errorSlot('many-refs')}
        <textarea class="govuk-textarea govuk-!-width-one-third" id="many-refs" name="accountReferences" rows="5" spellcheck="false" aria-describedby="many-refs-hint"></textarea>
      </div>
      <div data-facts></div>
      ${this.runOptions('many')}
      <button type="submit" class="govuk-button">Start the run</button>
    </form>`;
  }

  syncSelection(form) {
    const chosen = form.querySelector('input[name="selection"]:checked').value;
    for (const group of form.querySelectorAll('[data-selection]')) group.hidden = group.dataset.selection !== chosen;
  }

  async loadManyFacts(form) {
    const slot = form.querySelector('[data-facts]');
    const seq = (this.manySeq = (this.manySeq ?? 0) + 1);
    try {
      const letter = await api.letterForm(form.elements.templateName.value);
      if (seq !== this.manySeq) return;
      this.manyFields = letter.fields;
      render(
        slot,
        html`<fieldset class="govuk-fieldset app-letter-facts">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What every letter says</legend>
          ${factFields(letter.fields, { prefix: 'many', ledgerNote: true })}
        </fieldset>`,
      );
    } catch (error) {
      if (seq === this.manySeq) render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
    }
  }

  runsTable(runs) {
    return html`<table class="govuk-table app-table app-runs">
      <caption class="govuk-visually-hidden">Print runs, newest first</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Run</th>
          <th scope="col" class="govuk-table__header">Title</th>
          <th scope="col" class="govuk-table__header">Prepared</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Letters</th>
          <th scope="col" class="govuk-table__header">Status</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        ${runs.map(
          (r) => html`<tr class="govuk-table__row">
            <td class="govuk-table__cell"><a class="govuk-link app-ref" href="#/runs/${encodeURIComponent(r.id)}">${r.reference}</a></td>
            <td class="govuk-table__cell">${r.title}</td>
            <td class="govuk-table__cell app-nowrap">${date(r.prepared_on)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">${count(r.letter_count)}</td>
            <td class="govuk-table__cell">${statusTag(r)}${r.dispatched_on ? html` <span class="govuk-body-s app-muted">${date(r.dispatched_on)}</span>` : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  options(form) {
    return {
      title: form.elements.title.value,
      order: form.querySelector('input[name="order"]:checked')?.value,
      duplex: form.elements.duplex.checked,
    };
  }

  formErrors(form, error, fields) {
    const errors = errorsFrom(error, fields);
    showInline(form, errors);
    form.querySelector('error-summary').show(errors);
  }

  async gather(form, waiting) {
    const groups = [...form.querySelectorAll('input[name="group"]:checked')].map((c) => {
      const g = waiting[Number(c.value)];
      return { templateName: g.template_name, issuedOn: g.issued_on };
    });
    clearInline(form);
    try {
      const run = await api.gatherLetterRun({ groups, ...this.options(form) });
      location.hash = `#/runs/${encodeURIComponent(run.id)}`;
    } catch (error) {
      this.formErrors(form, error, {
        groups: { id: 'gather-group-0', label: 'Letters' },
        title: { id: 'gather-title', label: 'Title' },
        order: { id: 'gather-order-postcode', label: 'Print order' },
      });
    }
  }

  async startMany(form) {
    if (this.job) return;
    const byList = form.querySelector('#many-by-list').checked;
    const input = {
      templateName: form.elements.templateName.value,
      accountReferences: byList ? form.elements.accountReferences.value : undefined,
      minBalance: byList ? undefined : form.elements.minBalance.value,
      facts: factValues(form),
      ...this.options(form),
    };
    clearInline(form);
    form.querySelector('error-summary').clear();
    try {
      const job = await api.startLetterRun(input);
      this.job = { jobId: job.job_id, kind: job.kind, form };
      this.drawJob(job);
      this.poll();
    } catch (error) {
      this.formErrors(form, error, {
        ...factErrorFields(this.manyFields ?? [], 'many'),
        templateName: { id: 'many-template', label: 'Letter' },
        accountReferences: { id: 'many-refs', label: 'Account references' },
        minBalance: { id: 'many-min', label: 'Owing at least' },
        title: { id: 'many-title', label: 'Title' },
        order: { id: 'many-order-postcode', label: 'Print order' },
      });
    }
  }

  /** The progress bar of the job this window is running, with its Stop button. */
  drawJob(job) {
    const slot = this.element.querySelector('[data-job]');
    if (!slot) return;
    const total = job.total || 0;
    const what = job.kind === 'print_file' ? 'Laying out the print file' : 'Issuing letters';
    const text = total ? `${what}: ${count(job.done)} of ${count(total)}` : `${what}: starting…`;
    render(
      slot,
      html`<div class="app-job" aria-labelledby="job-title">
        <h2 class="govuk-heading-s" id="job-title">${job.kind === 'print_file' ? 'Print file' : 'Run in progress'}</h2>
        <progress class="app-job__bar" id="job-progress" max="${total || 1}" value="${job.done || 0}" aria-labelledby="job-text"></progress>
        <p class="govuk-body app-job__text" id="job-text" role="status">${job.stop_requested ? 'Stopping after this chunk…' : text}</p>
        <button type="button" class="govuk-button govuk-button--warning" data-action="stop" ${job.stop_requested ? html`disabled aria-disabled="true"` : ''}>
          ${job.kind === 'print_file' ? 'Stop' : 'Stop and cancel the run'}
        </button>
        ${job.kind === 'print_file' ? '' : html`<p class="govuk-body-s app-muted">Stopping cancels the run: the letters it has issued so far are withdrawn and never posted.</p>`}
      </div>`,
    );
    slot.querySelector('[data-action="stop"]').addEventListener('click', () => this.stop());
  }

  async stop() {
    if (!this.job) return;
    try {
      this.drawJob(await api.stopLetterJob(this.job.jobId));
    } catch (error) {
      this.element.querySelector('#job-text').textContent = error.message;
    }
  }

  stopPolling() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  poll() {
    pollJob(this, api.letterJob, {
      progress: (job) => this.drawJob(job),
      done: (job) => this.finished(job),
      failed: (error) => {
        const slot = this.element.querySelector('[data-job]');
        if (slot) render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
      },
    });
  }

  finished(job) {
    const mine = this.job;
    this.job = null;
    if (job.error) {
      const slot = this.element.querySelector('[data-job]');
      if (job.kind === 'print_file' && job.error.code === 'conflict' && job.stop_requested) {
        render(slot, html`<p class="govuk-body" role="status">The print file was stopped. Nothing was written.</p>`);
      } else if (mine?.form && mine.form.isConnected) {
        slot.replaceChildren();
        this.formErrors(mine.form, job.error, {
          ...factErrorFields(this.manyFields ?? [], 'many'),
          accountReferences: { id: 'many-refs', label: 'Account references' },
          minBalance: { id: 'many-min', label: 'Owing at least' },
        });
      } else {
        render(slot, html`<div class="govuk-error-summary" role="alert"><div class="govuk-error-summary__body"><p class="govuk-body">${job.error.message}</p></div></div>`);
      }
      return;
    }
    if (job.kind === 'print_file') {
      this.printFile = job.outcome;
      this.show({ runId: job.run_id, flash: `Print file ready: ${plural(job.outcome.letter_count, 'letter')}, ${plural(job.outcome.page_count, 'page')} with the cover sheet.` });
      return;
    }
    const o = job.outcome;
    const left = o.excluded.length ? ` ${plural(o.excluded.length, 'account was', 'accounts were')} left out.` : '';
    this.exclusions = o.excluded;
    const flash = o.cancelled
      ? `Stopped. Run ${o.run.reference} is cancelled: the ${plural(o.issued, 'letter')} it had issued ${o.issued === 1 ? 'is' : 'are'} withdrawn.`
      : `${plural(o.issued, 'letter')} issued in run ${o.run.reference}.${left}`;
    this.pendingFlash = flash;
    location.hash = `#/runs/${encodeURIComponent(o.run.id)}`;
  }

  drawRun(run, flash) {
    flash ??= this.pendingFlash ?? null;
    this.pendingFlash = null;
    const file = this.printFile && this.printFile.reference === run.reference ? this.printFile : null;
    const excluded = this.exclusions ?? [];
    this.exclusions = null;
    render(
      this.element,
      html`${this.flashBanner(flash)}
        <a class="govuk-back-link" href="#/runs">All print runs</a>
        <span class="govuk-caption-l">Print run <span class="app-ref">${run.reference}</span></span>
        <h1 class="govuk-heading-l" tabindex="-1">${run.title}</h1>
        <dl class="govuk-summary-list app-summary-list--compact app-run-facts">
          ${row('Status', statusTag(run))}
          ${row('Prepared', html`${date(run.prepared_on)} by ${run.created_by}`)}
          ${row('Letters', count(run.letter_count))}
          ${row('Print order', run.print_order === 'postcode' ? 'Postcode' : 'Account reference')}
          ${row('Sides', run.duplex ? 'Double-sided' : 'Single-sided')}
          ${run.template_name ? row('Letter', html`<span class="app-ref">${run.template_name}</span>`) : ''}
          ${run.dispatched_on ? row('Dispatched', html`${date(run.dispatched_on)} by ${run.dispatched_by}`) : ''}
          ${run.cancelled_at ? row('Cancelled', html`${dateTime(run.cancelled_at)} by ${run.cancelled_by}`) : ''}
        </dl>
        ${excluded.length
          ? html`<details class="govuk-details">
              <summary class="govuk-details__summary"><span class="govuk-details__summary-text">${plural(excluded.length, 'account')} left out, and why</span></summary>
              <div class="govuk-details__text"><ul class="govuk-list">${excluded.map((e) => html`<li><span class="app-ref">${e.account_reference}</span>: ${e.reason}</li>`)}</ul></div>
            </details>`
          : ''}
        ${run.status === 'building'
          ? html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
              This run is still being prepared, or was interrupted. If no one is running it, cancel it.</strong></div>`
          : ''}
        <div data-job></div>

        ${run.can_print
          ? html`<section aria-labelledby="file-title" class="app-runs__section">
              <h2 class="govuk-heading-m" id="file-title">Print file</h2>
              <p class="govuk-body">One PDF: a cover sheet (run, count, date), then every letter in ${run.print_order === 'postcode' ? 'postcode' : 'account reference'} order.</p>
              ${file
                ? html`<p class="govuk-body" data-file>Ready: ${plural(file.page_count, 'page')}. <span class="app-muted govuk-body-s">${file.path}</span></p>
                    <div class="govuk-button-group">
                      <button type="button" class="govuk-button" data-action="open-file">Open print file</button>
                      <button type="button" class="govuk-button govuk-button--secondary" data-action="print-file">Send to printer</button>
                      <button type="button" class="govuk-button govuk-button--secondary" data-action="make-file">Make it again</button>
                    </div>`
                : html`<button type="button" class="govuk-button" data-action="make-file">Make the print file</button>`}
              <p class="govuk-body-s" role="status" data-file-status></p>
            </section>`
          : ''}

        ${run.can_dispatch
          ? html`<section aria-labelledby="dispatch-title" class="app-runs__section">
              <h2 class="govuk-heading-m" id="dispatch-title">Record dispatch</h2>
              <form class="app-form" novalidate data-form="dispatch">
                <error-summary></error-summary>
                <div class="govuk-form-group" data-field="dispatchedOn">
                  <label class="govuk-label govuk-label--s" for="dispatch-on">Date posted</label>
                  <div class="govuk-hint" id="dispatch-on-hint">For example 2026-05-12. Not in the future.</div>
                  ${errorSlot('dispatch-on')}
                  <input class="govuk-input govuk-input--width-10" id="dispatch-on" name="dispatchedOn" type="text" autocomplete="off" value="${this.app.today}" aria-describedby="dispatch-on-hint">
                </div>
                <div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                  <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                  Once dispatch is recorded, the run's ${plural(run.letter_count, 'letter')} ${run.letter_count === 1 ? 'counts' : 'count'} as sent and the run cannot be cancelled.</strong></div>
                <button type="submit" class="govuk-button">Record dispatch</button>
              </form>
            </section>`
          : ''}

        ${run.can_cancel
          ? html`<section aria-labelledby="cancel-title" class="app-runs__section">
              <h2 class="govuk-heading-m" id="cancel-title">Cancel this run</h2>
              <p class="govuk-body">${run.template_name
                ? 'The letters this run issued are withdrawn: they stay on each record, marked withdrawn, and are never posted.'
                : 'The letters go back to waiting for the post room.'}</p>
              <div data-cancel>
                <button type="button" class="govuk-button govuk-button--warning" data-action="cancel">Cancel run</button>
              </div>
            </section>`
          : ''}`,
    );
    this.run = run;
    this.element.querySelector('[data-action="make-file"]')?.addEventListener('click', () => this.makeFile());
    this.element.querySelector('[data-action="open-file"]')?.addEventListener('click', () => this.fileAction('open'));
    this.element.querySelector('[data-action="print-file"]')?.addEventListener('click', () => this.fileAction('print'));
    this.element.querySelector('[data-action="cancel"]')?.addEventListener('click', () => this.confirmCancel());
    const dispatch = this.element.querySelector('form[data-form="dispatch"]');
    dispatch?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.dispatchRun(dispatch);
    });
  }

  async makeFile() {
    if (this.job) return;
    try {
      const job = await api.startPrintFile(this.run.id);
      this.job = { jobId: job.job_id, kind: job.kind };
      this.drawJob(job);
      this.poll();
    } catch (error) {
      this.element.querySelector('[data-file-status]').textContent = error.message;
    }
  }

  async fileAction(action) {
    const status = this.element.querySelector('[data-file-status]');
    status.textContent = action === 'print' ? 'Sending to the printer…' : 'Opening…';
    try {
      const file = action === 'print' ? await api.printPrintFile(this.run.id) : await api.openPrintFile(this.run.id);
      status.textContent = action === 'print' ? `Sent to the printer: ${file.path}` : `Opened in your PDF viewer: ${file.path}`;
    } catch (error) {
      status.textContent = error.message;
    }
  }

  confirmCancel() {
    const slot = this.element.querySelector('[data-cancel]');
    render(
      slot,
      html`<p class="govuk-body govuk-!-font-weight-bold" id="cancel-question">Cancel run ${this.run.reference}? This cannot be undone.</p>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button govuk-button--warning" data-action="cancel-yes" aria-describedby="cancel-question">Yes, cancel the run</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel-no">No, keep it</button>
        </div>
        <p class="govuk-body-s" role="status" data-cancel-status></p>`,
    );
    slot.querySelector('[data-action="cancel-yes"]').addEventListener('click', () => this.cancelRun());
    slot.querySelector('[data-action="cancel-no"]').addEventListener('click', () => this.show({ runId: this.run.id }));
    slot.querySelector('[data-action="cancel-yes"]').focus();
  }

  async cancelRun() {
    try {
      const run = await api.cancelLetterRun(this.run.id);
      await this.show({ runId: run.id, flash: `Run ${run.reference} is cancelled.` });
    } catch (error) {
      this.element.querySelector('[data-cancel-status]').textContent = error.message;
    }
  }

  async dispatchRun(form) {
    clearInline(form);
    try {
      const run = await api.recordLetterRunDispatch(this.run.id, form.elements.dispatchedOn.value.trim() || undefined);
      await this.show({ runId: run.id, flash: `Dispatch of run ${run.reference} recorded for ${date(run.dispatched_on)}.` });
    } catch (error) {
      this.formErrors(form, error, { dispatchedOn: { id: 'dispatch-on', label: 'Date posted' } });
    }
  }
}

function row(key, value) {
  return html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt>
    <dd class="govuk-summary-list__value">${value}</dd>
  </div>`;
}
