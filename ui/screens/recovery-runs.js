// Recovery runs: the timetable of runs the team makes, a preview for today (a background job with a progress bar) listing every candidate in or out with the reason and the regulation (filters, CSV), authorise (segregation of duties refused clearly), commit (a job with a progress bar), reverse until dispatched, mark dispatched, the runs made lately, and the run settings.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, dateTime, debtType, money, plural } from '../format.js';
import { exclusionLabel, runStatusTag, ITEM_STATUS, WEEKDAYS, weekdaysText } from '../lib/recovery-words.js';
import * as api from '../api.js';
import { pollJob } from '../lib/jobs.js';

/** How often a running job is asked how far it has got (ms). */
/** Items per page of a run's table. */
export const PAGE = 100;

const SLOT_STATUS = {
  due_today: html`<strong class="govuk-tag govuk-tag--red app-tag">Due today</strong>`,
  done_today: html`<strong class="govuk-tag govuk-tag--green app-tag">Done today</strong>`,
  scheduled: '',
  not_scheduled: html`<span class="app-muted">No days set</span>`,
};

function count(n) {
  return Number(n).toLocaleString('en-GB');
}

function row(key, value) {
  return html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt>
    <dd class="govuk-summary-list__value">${value}</dd>
  </div>`;
}

function flashBanner(flash) {
  if (!flash) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="rr-flash-title" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="rr-flash-title">Done</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
  </div>`;
}

function refusal(error, title) {
  return html`<div class="govuk-error-summary app-refusal" tabindex="-1" data-refusal>
    <div role="alert">
      <h2 class="govuk-error-summary__title">${title}</h2>
      <div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p></div>
    </div>
  </div>`;
}

export class RecoveryRunsScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--recovery-runs';
    this.seq = 0;
    /** The job this window is running, if any: { jobId, kind }. */
    this.job = null;
    this.labels = new Map();
    this.filter = { selected: null, exclusion: '', offset: 0 };
  }

  async show({ runId = null, flash = null } = {}) {
    const seq = ++this.seq;
    this.stopPolling();
    flash ??= this.pendingFlash ?? null;
    this.pendingFlash = null;
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      if (runId) {
        const [view, settings] = await Promise.all([api.runView(runId), api.recoverySettings()]);
        if (seq !== this.seq) return;
        if (view.id !== this.run?.id) this.filter = { selected: null, exclusion: '', offset: 0 };
        this.onTitle(`${view.label}, ${date(view.run_on)}`);
        this.drawRun(view, settings, flash);
        await this.loadItems();
      } else {
        const [timetable, runs, settings] = await Promise.all([api.runTimetable(), api.recoveryRuns(), api.recoverySettings()]);
        if (seq !== this.seq) return;
        this.onTitle('Recovery runs');
        this.drawHome(timetable, runs, settings, flash);
      }
    } catch (error) {
      if (seq !== this.seq) return;
      render(
        this.element,
        html`<h1 class="govuk-heading-l" tabindex="-1">${error.code === 'not_found' ? 'No such run' : 'Recovery runs could not be opened'}</h1>
          <p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="#/recovery-runs">All recovery runs</a></p>`,
      );
    }
    if (seq !== this.seq) return;
    if (this.job) this.poll();
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  hide() {
    this.seq += 1;
    this.stopPolling();
  }

  // ---- The home page: timetable, preview form, recent runs, settings --------------------------------------

  drawHome(timetable, runs, settings, flash) {
    this.timetable = timetable;
    this.settings = settings;
    for (const s of timetable.slots) this.labels.set(`${s.debt_type}|${s.run_type}`, s);
    render(
      this.element,
      html`${flashBanner(flash)}
        <h1 class="govuk-heading-l" tabindex="-1">Recovery runs</h1>
        <p class="govuk-body app-lead">Runs are made for today, ${date(timetable.on, { long: true })}. A preview decides every candidate in or out with the reason and the regulation; nothing changes until an authorised run is committed.</p>
        <div data-job></div>

        <section aria-labelledby="rr-timetable-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="rr-timetable-title">Timetable</h2>
          ${this.timetableTable(timetable)}
        </section>

        <section aria-labelledby="rr-preview-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="rr-preview-title">Preview a run</h2>
          ${this.previewForm(timetable)}
        </section>

        <section aria-labelledby="rr-runs-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="rr-runs-title">Runs in the last 90 days</h2>
          ${runs.length ? this.runsTable(runs) : html`<p class="govuk-body-s app-muted">No runs yet.</p>`}
        </section>

        <section aria-labelledby="rr-settings-title" class="app-runs__section">
          <h2 class="govuk-heading-m" id="rr-settings-title">Run settings</h2>
          <details class="govuk-details" data-settings>
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Days, minimums and who authorises</span></summary>
            <div class="govuk-details__text">${this.settingsForm(timetable, settings)}</div>
          </details>
          <details class="govuk-details" data-schedule>
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Instalments for an imported caseload</span></summary>
            <div class="govuk-details__text">
              <p class="govuk-body">Runs work from each year's stored instalments. Liabilities imported with a charge but no schedule get none until they are scheduled: the statutory 10 instalments from the bill date (council tax, business rates), or the invoice's payment terms.</p>
              <button type="button" class="govuk-button govuk-button--secondary" data-action="schedule-missing">Schedule liabilities that have no instalments</button>
              <div data-schedule-result role="status"></div>
            </div>
          </details>
        </section>`,
    );
    const form = this.element.querySelector('form[data-form="preview"]');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.startPreview(form);
    });
    for (const button of this.element.querySelectorAll('button[data-slot]')) {
      button.addEventListener('click', () => {
        form.elements.run.value = button.dataset.slot;
        this.startPreview(form);
      });
    }
    const settingsForm = this.element.querySelector('form[data-form="settings"]');
    settingsForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveSettings(settingsForm);
    });
    this.element.querySelector('[data-action="schedule-missing"]').addEventListener('click', () => this.scheduleMissing());
  }

  timetableTable(timetable) {
    return html`<table class="govuk-table app-table app-rr-timetable">
      <caption class="govuk-visually-hidden">The runs each debt's recovery path has, the team's days and the last run made</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Debt</th>
          <th scope="col" class="govuk-table__header">Run</th>
          <th scope="col" class="govuk-table__header">Team's days</th>
          <th scope="col" class="govuk-table__header">Next run</th>
          <th scope="col" class="govuk-table__header">Last run</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Minimum</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        ${timetable.slots.map(
          (s) => html`<tr class="govuk-table__row${s.status === 'due_today' ? ' app-row--current' : ''}">
            <td class="govuk-table__cell">${s.debt_type_label}</td>
            <td class="govuk-table__cell">${s.label}${s.letter ? '' : html`<br><span class="govuk-body-s app-muted">No letter: notices made elsewhere</span>`}</td>
            <td class="govuk-table__cell">${weekdaysText(s.weekdays)}</td>
            <td class="govuk-table__cell app-nowrap">${s.next_on ? date(s.next_on) : ''} ${SLOT_STATUS[s.status] ?? ''}</td>
            <td class="govuk-table__cell">${s.last_run
              ? html`<a class="govuk-link" href="#/recovery-runs/${encodeURIComponent(s.last_run.id)}">${date(s.last_run.run_on)}<span class="govuk-visually-hidden"> ${s.label}</span></a> ${runStatusTag(s.last_run.status)}`
              : html`<span class="app-muted">None this year</span>`}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">${money(s.minimum)}</td>
            <td class="govuk-table__cell">
              <button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-slot="${s.debt_type}|${s.run_type}">
                Preview<span class="govuk-visually-hidden"> ${s.debt_type_label} ${s.label}</span>
              </button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  previewForm(timetable) {
    return html`<form class="app-form" novalidate data-form="preview">
      <error-summary></error-summary>
      <div class="app-rr-row">
        <div class="govuk-form-group" data-field="runType">
          <label class="govuk-label govuk-label--s" for="rr-run">Run</label>
          ${errorSlot('rr-run')}
          <select class="govuk-select" id="rr-run" name="run">
            ${timetable.slots.map((s) => html`<option value="${s.debt_type}|${s.run_type}">${s.debt_type_label}: ${s.label}</option>`)}
          </select>
        </div>
        <div class="govuk-form-group">
          <p class="govuk-label govuk-label--s" id="rr-date-label">Run date</p>
          <p class="govuk-body app-rr-date" aria-labelledby="rr-date-label">Today, ${date(timetable.on)}</p>
        </div>
      </div>
      <details class="govuk-details">
        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Filters (optional)</span></summary>
        <div class="govuk-details__text">
          <div class="govuk-form-group" data-field="accountReferences">
            <label class="govuk-label govuk-label--s" for="rr-refs">Only these accounts</label>
            <div class="govuk-hint" id="rr-refs-hint">Account references, one a line. Leave empty for every candidate.</div>
            ${errorSlot('rr-refs')}
            <textarea class="govuk-textarea govuk-!-width-one-third" id="rr-refs" name="accountReferences" rows="3" spellcheck="false" aria-describedby="rr-refs-hint"></textarea>
          </div>
          <div class="app-rr-row">
            <div class="govuk-form-group" data-field="minimumAmount">
              <label class="govuk-label govuk-label--s" for="rr-min">Minimum owed, for this run only</label>
              <div class="govuk-hint" id="rr-min-hint">The council's minimum if empty</div>
              ${errorSlot('rr-min')}
              <div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div>
                <input class="govuk-input govuk-input--width-5" id="rr-min" name="minimumAmount" type="text" inputmode="decimal" autocomplete="off" aria-describedby="rr-min-hint"></div>
            </div>
            <div class="govuk-form-group" data-field="limit">
              <label class="govuk-label govuk-label--s" for="rr-limit">Select at most</label>
              <div class="govuk-hint" id="rr-limit-hint">Cases; the rest wait for the next run</div>
              ${errorSlot('rr-limit')}
              <input class="govuk-input govuk-input--width-5" id="rr-limit" name="limit" type="text" inputmode="numeric" autocomplete="off" aria-describedby="rr-limit-hint">
            </div>
          </div>
        </div>
      </details>
      <button type="submit" class="govuk-button">Preview the run</button>
    </form>`;
  }

  runLabel(r) {
    const s = this.labels.get(`${r.debt_type}|${r.run_type}`);
    return s ? `${s.debt_type_label}: ${s.label}` : `${r.debt_type} ${r.run_type}`;
  }

  runsTable(runs) {
    return html`<table class="govuk-table app-table app-rr-runs">
      <caption class="govuk-visually-hidden">Recovery runs, newest first</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Date</th>
          <th scope="col" class="govuk-table__header">Run</th>
          <th scope="col" class="govuk-table__header">Status</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">In</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Out</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
          <th scope="col" class="govuk-table__header">Prepared by</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        ${runs.map(
          (r) => html`<tr class="govuk-table__row">
            <td class="govuk-table__cell app-nowrap"><a class="govuk-link" href="#/recovery-runs/${encodeURIComponent(r.id)}">${date(r.run_on)}<span class="govuk-visually-hidden"> ${this.runLabel(r)}</span></a></td>
            <td class="govuk-table__cell">${this.runLabel(r)}</td>
            <td class="govuk-table__cell">${runStatusTag(r.status)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">${count(r.selected_count)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">${count(r.excluded_count)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">${money(r.selected_amount)}</td>
            <td class="govuk-table__cell">${r.prepared_by}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  settingsForm(timetable, settings) {
    const days = (s) => settings.runDays.find((d) => d.debtType === s.debt_type && d.runType === s.run_type)?.weekdays ?? [];
    const m = settings.minimums;
    const moneyField = (key, label) => html`<div class="govuk-form-group" data-field="minimums.${key}">
      <label class="govuk-label" for="rs-min-${key}">${label}</label>
      ${errorSlot(`rs-min-${key}`)}
      <div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div>
        <input class="govuk-input govuk-input--width-5" id="rs-min-${key}" name="min-${key}" type="text" inputmode="decimal" autocomplete="off" value="${m[key]}"></div>
    </div>`;
    return html`<form class="app-form" novalidate data-form="settings">
      <error-summary></error-summary>
      <div class="govuk-form-group" data-field="segregationOfDuties">
        <div class="govuk-checkboxes govuk-checkboxes--small">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="rs-segregation" name="segregationOfDuties" type="checkbox" ${settings.segregationOfDuties ? 'checked' : ''} aria-describedby="rs-segregation-hint">
            <label class="govuk-label govuk-checkboxes__label" for="rs-segregation">Segregation of duties: the officer who prepared a run cannot authorise it</label>
            <div class="govuk-hint govuk-checkboxes__hint" id="rs-segregation-hint">Recommended. A run is authorised by a team leader who did not prepare it.</div>
          </div>
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="rs-summons-costs" name="summonsCosts" type="checkbox" ${settings.summonsCosts ? 'checked' : ''}>
            <label class="govuk-label govuk-checkboxes__label" for="rs-summons-costs">Summons selection adds the summons costs to the account</label>
          </div>
        </div>
      </div>
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">The least a case must owe to be selected</legend>
        <div class="govuk-hint">Arrears for reminders, the whole balance for final notices and summonses</div>
        <div class="app-rr-row">
          ${moneyField('reminder', 'Reminder')}
          ${moneyField('secondReminder', 'Second reminder')}
          ${moneyField('finalNotice', 'Final notice')}
          ${moneyField('summons', 'Summons')}
        </div>
      </fieldset>
      <table class="govuk-table app-table app-rr-days" data-field="runDays">
        <caption class="govuk-table__caption govuk-table__caption--s">The days the team makes each run</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Run</th>
            ${WEEKDAYS.slice(0, 5).map((d) => html`<th scope="col" class="govuk-table__header app-rr-days__day">${d.slice(0, 3)}<span class="govuk-visually-hidden">${d.slice(3)}</span></th>`)}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${timetable.slots.map((s, i) => html`<tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" id="rs-day-row-${i}">${s.debt_type_label}: ${s.label}</th>
            ${WEEKDAYS.slice(0, 5).map((d, n) => html`<td class="govuk-table__cell app-rr-days__day">
              <div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="rs-day-${i}-${n + 1}" type="checkbox" data-slot="${i}" data-day="${n + 1}" ${days(s).includes(n + 1) ? 'checked' : ''}>
                <label class="govuk-label govuk-checkboxes__label" for="rs-day-${i}-${n + 1}"><span class="govuk-visually-hidden">${d}, ${s.debt_type_label}: ${s.label}</span></label>
              </div></div>
            </td>`)}
          </tr>`)}
        </tbody>
      </table>
      <button type="submit" class="govuk-button">Save run settings</button>
    </form>`;
  }

  async saveSettings(form) {
    const s = structuredClone(this.settings);
    s.segregationOfDuties = form.elements.segregationOfDuties.checked;
    s.summonsCosts = form.elements.summonsCosts.checked;
    for (const key of ['reminder', 'secondReminder', 'finalNotice', 'summons']) {
      s.minimums[key] = form.elements[`min-${key}`].value.trim();
    }
    s.runDays = this.timetable.slots.map((slot, i) => {
      const kept = (s.runDays.find((d) => d.debtType === slot.debt_type && d.runType === slot.run_type)?.weekdays ?? []).filter((d) => d > 5);
      const ticked = [...form.querySelectorAll(`input[data-slot="${i}"]:checked`)].map((c) => Number(c.dataset.day));
      return { debtType: slot.debt_type, runType: slot.run_type, weekdays: [...ticked, ...kept] };
    });
    clearInline(form);
    try {
      await api.saveRecoverySettings(s);
      await this.show({ flash: 'Run settings saved.' });
    } catch (error) {
      const errors = errorsFrom(error, {
        'minimums.reminder': { id: 'rs-min-reminder', label: 'Reminder minimum' },
        'minimums.secondReminder': { id: 'rs-min-secondReminder', label: 'Second reminder minimum' },
        'minimums.finalNotice': { id: 'rs-min-finalNotice', label: 'Final notice minimum' },
        'minimums.summons': { id: 'rs-min-summons', label: 'Summons minimum' },
      });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }

  async scheduleMissing() {
    const slot = this.element.querySelector('[data-schedule-result]');
    render(slot, html`<p class="govuk-body">Scheduling…</p>`);
    try {
      const r = await api.scheduleMissingInstalments();
      render(
        slot,
        html`<p class="govuk-body">${plural(r.scheduled, 'liability', 'liabilities')} scheduled (${plural(r.instalments, 'instalment')}); ${r.skipped} skipped.</p>
          ${r.skipped_examples.length
            ? html`<ul class="govuk-list govuk-list--bullet govuk-body-s">${r.skipped_examples.slice(0, 10).map((e) => html`<li>${e}</li>`)}</ul>`
            : ''}`,
      );
    } catch (error) {
      render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
    }
  }

  // ---- Preview and commit as background jobs ------------------------------------------------------------

  async startPreview(form) {
    if (this.job) return;
    const [debtType, runType] = form.elements.run.value.split('|');
    const refs = form.elements.accountReferences.value.split(/[\s,;]+/).filter(Boolean);
    const limitText = form.elements.limit.value.trim();
    clearInline(form);
    form.querySelector('error-summary').clear();
    if (limitText && !/^\d+$/.test(limitText)) {
      this.formErrors(form, { code: 'validation', field: 'limit', message: 'must be a whole number of cases' });
      return;
    }
    try {
      const job = await api.startRunPreview({
        runType,
        debtType,
        accountReferences: refs.length ? refs : undefined,
        minimumAmount: form.elements.minimumAmount.value.trim() || undefined,
        limit: limitText ? Number(limitText) : undefined,
      });
      this.job = { jobId: job.job_id, kind: job.kind, form };
      this.drawJob(job);
      this.poll();
    } catch (error) {
      this.formErrors(form, error);
    }
  }

  formErrors(form, error) {
    const errors = errorsFrom(error, {
      runType: { id: 'rr-run', label: 'Run' },
      debtType: { id: 'rr-run', label: 'Run' },
      accountReferences: { id: 'rr-refs', label: 'Accounts' },
      minimumAmount: { id: 'rr-min', label: 'Minimum owed' },
      limit: { id: 'rr-limit', label: 'Select at most' },
    });
    if (errors.some((e) => e.field === 'accountReferences' || e.field === 'minimumAmount' || e.field === 'limit')) {
      form.querySelector('details').open = true;
    }
    showInline(form, errors);
    form.querySelector('error-summary').show(errors);
  }

  drawJob(job) {
    const slot = this.element.querySelector('[data-job]');
    if (!slot) return;
    const total = job.total || 0;
    const what = job.kind === 'run_commit' ? 'Committing the run' : 'Deciding every candidate';
    const unit = job.kind === 'run_commit' ? 'cases' : 'accounts';
    const text = total ? `${what}: ${count(job.done)} of ${count(total)} ${unit}` : `${what}: starting…`;
    render(
      slot,
      html`<div class="app-job" aria-labelledby="rr-job-title">
        <h2 class="govuk-heading-s" id="rr-job-title">${job.kind === 'run_commit' ? 'Commit in progress' : 'Preview in progress'}</h2>
        <progress class="app-job__bar" id="rr-job-progress" max="${total || 1}" value="${job.done || 0}" aria-labelledby="rr-job-text"></progress>
        <p class="govuk-body app-job__text" id="rr-job-text" role="status">${text}</p>
        <p class="govuk-body-s app-muted">${job.kind === 'run_commit'
          ? 'Everything is written in one transaction: if the app is closed now, nothing of the run is committed.'
          : 'Nothing changes on any account until the run is authorised and committed.'}</p>
      </div>`,
    );
  }

  stopPolling() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  poll() {
    pollJob(this, api.recoveryJob, {
      progress: (job) => this.drawJob(job),
      done: (job) => this.finished(job),
      failed: (error) => {
        const slot = this.element.querySelector('[data-job]');
        if (slot) render(slot, refusal(error, 'The run stopped'));
      },
    });
  }

  finished(job) {
    const mine = this.job;
    this.job = null;
    if (job.error) {
      if (mine?.form?.isConnected) {
        this.element.querySelector('[data-job]')?.replaceChildren();
        this.formErrors(mine.form, job.error);
      } else {
        const slot = this.element.querySelector('[data-job]');
        if (slot) {
          render(slot, refusal(job.error, job.kind === 'run_commit' ? 'The run was not committed' : 'The preview failed'));
          slot.querySelector('[data-refusal]').focus();
        }
      }
      return;
    }
    const o = job.outcome;
    if (job.kind === 'run_commit') {
      const dropped = o.dropped ? ` ${plural(o.dropped, 'case was', 'cases were')} no longer due and dropped.` : '';
      const tasks = o.tasks_raised ? ` ${plural(o.tasks_raised, 'task')} for the worklist.` : '';
      this.pendingFlash = `Run committed: ${plural(o.committed, 'notice')}, ${plural(o.letters, 'letter')}, costs ${money(o.costs)}.${dropped}${tasks}`;
    } else {
      const out = o.excluded_count;
      this.pendingFlash = `Preview ready: ${plural(o.selected_count, 'case')} in the run (${money(o.selected_amount)}), ${count(out)} left out.`;
    }
    const target = `#/recovery-runs/${encodeURIComponent(o.id)}`;
    if (location.hash === target) this.show({ runId: o.id });
    else location.hash = target;
  }

  // ---- One run ------------------------------------------------------------------------------------------

  drawRun(view, settings, flash) {
    this.run = view;
    const me = this.app.info?.user_name ?? '';
    const own = view.prepared_by === me;
    const inCount = view.counts.find((c) => c.exclusion === 'selected')?.count ?? 0;
    const total = view.counts.reduce((sum, c) => sum + c.count, 0);
    let filters = null;
    try {
      filters = JSON.parse(view.filters || '{}');
    } catch {
      filters = null;
    }
    const filterText = [
      filters?.accountReferences?.length ? `only ${plural(filters.accountReferences.length, 'account')}` : '',
      filters?.minimumAmount ? `minimum ${money(filters.minimumAmount)}` : '',
      filters?.limit ? `at most ${count(filters.limit)}` : '',
    ].filter(Boolean).join(', ');
    render(
      this.element,
      html`${flashBanner(flash)}
        <a class="govuk-back-link" href="#/recovery-runs">All recovery runs</a>
        <span class="govuk-caption-l">Recovery run, ${date(view.run_on)}</span>
        <h1 class="govuk-heading-l" tabindex="-1">${view.label} <span class="app-rr-debt">${debtType(view.debt_type)}</span></h1>
        <dl class="govuk-summary-list app-summary-list--compact app-run-facts">
          ${row('Status', runStatusTag(view.status))}
          ${row('In the run', html`${plural(view.selected_count, 'case')}, ${money(view.selected_amount)}`)}
          ${row('Left out', plural(view.excluded_count, 'case'))}
          ${row('Prepared', html`${dateTime(view.prepared_at)} by <strong>${view.prepared_by}</strong>`)}
          ${view.authorised_by ? row('Authorised', html`${dateTime(view.authorised_at)} by <strong>${view.authorised_by}</strong>`) : ''}
          ${view.committed_by ? row('Committed', html`${dateTime(view.committed_at)} by ${view.committed_by}: ${plural(view.committed_count, 'notice')}`) : ''}
          ${view.dispatched_by ? row('Dispatched', html`${dateTime(view.dispatched_at)} by ${view.dispatched_by}`) : ''}
          ${view.reversed_by ? row('Reversed', html`${dateTime(view.reversed_at)} by ${view.reversed_by}`) : ''}
          ${view.status_reason ? row('Why', view.status_reason) : ''}
          ${row('Letter', view.template ? html`<span class="app-ref">${view.template}</span>` : html`<span class="app-muted">None: the notice is made elsewhere</span>`)}
          ${filterText ? row('Filters', filterText) : ''}
        </dl>
        <div data-job></div>
        ${this.actions(view, settings, own)}

        <section aria-labelledby="rr-items-title" class="app-runs__section">
          <div class="app-section-header">
            <h2 class="govuk-heading-m" id="rr-items-title">Every candidate, in or out</h2>
            <button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="csv">Export CSV</button>
          </div>
          <p class="govuk-body-s" role="status" data-csv-status></p>
          <form class="app-form app-rr-filter" novalidate data-form="filter">
            <div class="govuk-form-group">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Show</legend>
                <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                  ${[['all', `All (${count(total)})`], ['in', `In the run (${count(inCount)})`], ['out', `Left out (${count(total - inCount)})`]].map(
                    ([v, label]) => html`<div class="govuk-radios__item">
                      <input class="govuk-radios__input" id="rr-show-${v}" name="show" type="radio" value="${v}" ${this.showValue() === v ? 'checked' : ''}>
                      <label class="govuk-label govuk-radios__label" for="rr-show-${v}">${label}</label>
                    </div>`,
                  )}
                </div>
              </fieldset>
            </div>
            <div class="govuk-form-group">
              <label class="govuk-label govuk-label--s" for="rr-reason">Reason left out</label>
              <select class="govuk-select" id="rr-reason" name="exclusion">
                <option value="">Any reason</option>
                ${view.counts.filter((c) => c.exclusion !== 'selected').map(
                  (c) => html`<option value="${c.exclusion}" ${this.filter.exclusion === c.exclusion ? 'selected' : ''}>${exclusionLabel(c.exclusion)} (${count(c.count)})</option>`,
                )}
              </select>
            </div>
          </form>
          <div data-items></div>
        </section>`,
    );
    this.bindRun();
  }


  showValue() {
    if (this.filter.selected === true) return 'in';
    if (this.filter.selected === false) return 'out';
    return 'all';
  }

  actions(view, settings, own) {
    const parts = [];
    if (view.status === 'prepared') {
      parts.push(html`<section aria-labelledby="rr-auth-title" class="app-runs__section app-rr-action">
        <h2 class="govuk-heading-m" id="rr-auth-title">Authorise</h2>
        <p class="govuk-body">Prepared by <strong>${view.prepared_by}</strong> at ${dateTime(view.prepared_at)}. Authorising records who you are and when; the run can then be committed today.</p>
        ${own && settings.segregationOfDuties
          ? html`<div class="govuk-inset-text app-rr-segregation">You prepared this run. With segregation of duties on, another officer (a team leader) must authorise it.</div>`
          : ''}
        <div data-auth-result></div>
        <button type="button" class="govuk-button" data-action="authorise">Authorise the run</button>
      </section>`);
    }
    if (view.status === 'authorised') {
      parts.push(html`<section aria-labelledby="rr-commit-title" class="app-runs__section app-rr-action">
        <h2 class="govuk-heading-m" id="rr-commit-title">Commit</h2>
        <p class="govuk-body">Authorised by <strong>${view.authorised_by}</strong>. Committing decides every selected case again on today's facts, then enters ${plural(view.selected_count, 'stage')}${view.template ? ' and issues the letters' : ''}, all in one transaction.</p>
        ${view.template
          ? html`<div class="govuk-form-group"><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="rr-letters" name="issueLetters" type="checkbox" checked>
              <label class="govuk-label govuk-checkboxes__label" for="rr-letters">Issue the letters (they wait for the post room's print run)</label>
            </div></div></div>`
          : ''}
        <button type="button" class="govuk-button" data-action="commit">Commit the run</button>
      </section>`);
    }
    if (view.status === 'committed') {
      parts.push(html`<section aria-labelledby="rr-dispatch-title" class="app-runs__section app-rr-action">
        <h2 class="govuk-heading-m" id="rr-dispatch-title">Dispatch</h2>
        <div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
          Once the letters are marked as dispatched the run can no longer be reversed.</strong></div>
        <div data-dispatch-result></div>
        <button type="button" class="govuk-button" data-action="dispatch">Mark as dispatched</button>
      </section>
      <section aria-labelledby="rr-reverse-title" class="app-runs__section app-rr-action">
        <h2 class="govuk-heading-m" id="rr-reverse-title">Reverse</h2>
        <p class="govuk-body">Until dispatch, the run can be undone: each stage it entered is reversed and the previous one restored, any costs get a ledger reversal, and its tasks are cancelled. The letters stay on file, marked never sent.</p>
        ${this.reasonForm('reverse', 'Reverse the run', 'Why is the run reversed?')}
      </section>`);
    }
    if (view.status === 'prepared' || view.status === 'authorised') {
      parts.push(html`<section aria-labelledby="rr-cancel-title" class="app-runs__section app-rr-action">
        <h2 class="govuk-heading-m" id="rr-cancel-title">Cancel</h2>
        ${this.reasonForm('cancel', 'Cancel the run', 'Why is the run cancelled?')}
      </section>`);
    }
    if (view.status === 'dispatched') {
      parts.push(html`<p class="govuk-body app-rr-final">The letters were dispatched: this run can no longer be reversed.</p>`);
    }
    return parts;
  }

  reasonForm(kind, button, label) {
    return html`<form class="app-form" novalidate data-form="${kind}">
      <error-summary></error-summary>
      <div class="govuk-form-group" data-field="reason">
        <label class="govuk-label govuk-label--s" for="rr-${kind}-reason">${label}</label>
        ${errorSlot(`rr-${kind}-reason`)}
        <input class="govuk-input govuk-!-width-two-thirds" id="rr-${kind}-reason" name="reason" type="text" autocomplete="off">
      </div>
      <button type="submit" class="govuk-button govuk-button--warning">${button}</button>
    </form>`;
  }

  bindRun() {
    const on = (action, fn) => this.element.querySelector(`[data-action="${action}"]`)?.addEventListener('click', fn);
    on('authorise', () => this.authorise());
    on('commit', () => this.commit());
    on('dispatch', () => this.dispatch());
    on('csv', () => this.exportCsv());
    for (const kind of ['reverse', 'cancel']) {
      const form = this.element.querySelector(`form[data-form="${kind}"]`);
      form?.addEventListener('submit', (event) => {
        event.preventDefault();
        this.withReason(kind, form);
      });
    }
    const filter = this.element.querySelector('form[data-form="filter"]');
    filter.addEventListener('submit', (event) => event.preventDefault());
    filter.addEventListener('change', (event) => {
      const reason = filter.elements.exclusion;
      // A reason is one kind of "left out"; "all" or "in the run" clears it.
      if (event.target.name === 'show' && event.target.value !== 'out') reason.value = '';
      if (event.target === reason && reason.value) filter.querySelector('#rr-show-out').checked = true;
      const show = filter.querySelector('input[name="show"]:checked')?.value ?? 'all';
      this.filter = { selected: show === 'in' ? true : show === 'out' ? false : null, exclusion: reason.value, offset: 0 };
      this.loadItems();
    });
    this.element.querySelector('[data-items]').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-page]');
      if (!button) return;
      this.filter.offset = Math.max(0, Number(button.dataset.page));
      this.loadItems({ focus: true });
    });
  }

  filteredTotal() {
    const counts = this.run.counts;
    const all = counts.reduce((s, c) => s + c.count, 0);
    const inRun = counts.find((c) => c.exclusion === 'selected')?.count ?? 0;
    if (this.filter.exclusion) return counts.find((c) => c.exclusion === this.filter.exclusion)?.count ?? 0;
    if (this.filter.selected === true) return inRun;
    if (this.filter.selected === false) return all - inRun;
    return all;
  }

  async loadItems({ focus = false } = {}) {
    const slot = this.element.querySelector('[data-items]');
    if (!slot || !this.run) return;
    const seq = (this.itemsSeq = (this.itemsSeq ?? 0) + 1);
    const f = this.filter;
    try {
      const items = await api.runItems({
        runId: this.run.id,
        selected: f.selected ?? undefined,
        exclusion: f.exclusion || undefined,
        offset: f.offset,
        limit: PAGE,
      });
      if (seq !== this.itemsSeq) return;
      this.drawItems(slot, items);
      if (focus) slot.querySelector('table caption')?.focus();
    } catch (error) {
      if (seq === this.itemsSeq) render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
    }
  }

  drawItems(slot, items) {
    const total = this.filteredTotal();
    const from = total ? this.filter.offset + 1 : 0;
    const to = this.filter.offset + items.length;
    const committed = !['prepared', 'authorised', 'cancelled'].includes(this.run.status);
    if (!items.length) {
      render(slot, html`<p class="govuk-body app-muted" data-empty>No cases to show.</p>`);
      return;
    }
    render(
      slot,
      html`<table class="govuk-table app-table app-rr-items">
        <caption class="govuk-table__caption govuk-table__caption--s" tabindex="-1">Cases ${count(from)} to ${count(to)} of ${count(total)}, by account reference</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Account</th>
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Year</th>
            <th scope="col" class="govuk-table__header">In or out</th>
            <th scope="col" class="govuk-table__header">Reason</th>
            <th scope="col" class="govuk-table__header">Regulation</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>
            ${committed ? html`<th scope="col" class="govuk-table__header">At commit</th>` : ''}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${items.map(
            (i) => html`<tr class="govuk-table__row${i.selected ? ' app-rr-item--in' : ''}" data-item="${i.account_reference}">
              <td class="govuk-table__cell"><a class="govuk-link app-ref" href="#/search?q=${encodeURIComponent(i.account_reference)}">${i.account_reference}</a></td>
              <td class="govuk-table__cell">${i.party_name}</td>
              <td class="govuk-table__cell app-nowrap">${yearLabel(i.financial_year)}</td>
              <td class="govuk-table__cell">${i.selected
                ? html`<strong class="govuk-tag govuk-tag--green app-tag">In</strong>`
                : html`<strong class="govuk-tag govuk-tag--grey app-tag">Out</strong> <span class="app-rr-why">${exclusionLabel(i.exclusion)}</span>`}
                ${i.needs_decision ? html`<br><strong class="govuk-tag govuk-tag--orange app-tag">Needs a decision</strong>` : ''}</td>
              <td class="govuk-table__cell">${i.reason}${i.step_on ? html`<br><span class="govuk-body-s app-muted">Step due from ${date(i.step_on)}</span>` : ''}</td>
              <td class="govuk-table__cell">${i.regulation}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">${money(i.amount)}</td>
              ${committed ? html`<td class="govuk-table__cell">${ITEM_STATUS[i.status] ?? i.status}${i.commit_note ? html`<br><span class="govuk-body-s app-muted">${i.commit_note}</span>` : ''}</td>` : ''}
            </tr>`,
          )}
        </tbody>
      </table>
      ${total > PAGE
        ? html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of cases">
            ${this.filter.offset > 0 ? html`<div class="govuk-pagination__prev"><button type="button" class="govuk-button govuk-button--secondary app-button--small" data-page="${this.filter.offset - PAGE}">Previous ${PAGE}</button></div>` : ''}
            ${to < total ? html`<div class="govuk-pagination__next"><button type="button" class="govuk-button govuk-button--secondary app-button--small" data-page="${this.filter.offset + PAGE}">Next ${PAGE}</button></div>` : ''}
          </nav>`
        : ''}`,
    );
  }

  async authorise() {
    const slot = this.element.querySelector('[data-auth-result]');
    slot.replaceChildren();
    try {
      const view = await api.authoriseRun(this.run.id);
      await this.show({ runId: view.id, flash: `Run authorised by ${view.authorised_by}. It can be committed today.` });
    } catch (error) {
      render(slot, refusal(error, error.code === 'rule_refused' ? 'You cannot authorise this run' : 'The run was not authorised'));
      slot.querySelector('[data-refusal]').focus();
    }
  }

  async commit() {
    if (this.job) return;
    const letters = this.element.querySelector('#rr-letters');
    try {
      const job = await api.startRunCommit(this.run.id, letters ? letters.checked : true);
      this.job = { jobId: job.job_id, kind: job.kind };
      this.element.querySelector('[data-action="commit"]').disabled = true;
      this.drawJob(job);
      this.poll();
    } catch (error) {
      const slot = this.element.querySelector('[data-job]');
      render(slot, refusal(error, 'The run was not committed'));
    }
  }

  async dispatch() {
    const slot = this.element.querySelector('[data-dispatch-result]');
    try {
      const view = await api.markRunDispatched(this.run.id);
      await this.show({ runId: view.id, flash: 'The run is marked as dispatched. It can no longer be reversed.' });
    } catch (error) {
      render(slot, refusal(error, 'The run was not marked as dispatched'));
      slot.querySelector('[data-refusal]').focus();
    }
  }

  async withReason(kind, form) {
    clearInline(form);
    form.querySelector('error-summary').clear();
    try {
      const reason = form.elements.reason.value;
      const view = kind === 'reverse' ? await api.reverseRun(this.run.id, reason) : await api.cancelRun(this.run.id, reason);
      await this.show({
        runId: view.id,
        flash: kind === 'reverse' ? 'The run is reversed: its stages and costs are undone.' : 'The run is cancelled.',
      });
    } catch (error) {
      const errors = errorsFrom(error, { reason: { id: `rr-${kind}-reason`, label: 'Reason' } });
      showInline(form, errors);
      form.querySelector('error-summary').show(errors);
    }
  }

  async exportCsv() {
    const status = this.element.querySelector('[data-csv-status]');
    status.textContent = 'Writing the CSV…';
    try {
      const file = await api.exportRunCsv(this.run.id);
      status.textContent = `Saved: ${file.path}`;
    } catch (error) {
      status.textContent = error.message;
    }
  }
}

function yearLabel(year) {
  const next = String((Number(year) + 1) % 100).padStart(2, '0');
  return `${year}/${next}`;
}
