// The income and expenditure screen (#/person/<id>/income-expenditure[/<statement id>]): the SFS form with the overview always in view (worked out by Rust as you type), save as a new dated statement, history, SFS import and export, the summary PDF, and the council's I&E settings.
import { html, render } from '../lib/html.js';
import { date, isNegative, isZero, money, plural } from '../format.js';
import * as api from '../api.js';
import { statementInput } from '../components/ie-form.js';
import '../components/ie-overview.js';

const DEBOUNCE_MS = 200;

/** Debt types the council is owed that are priority debts (recovery-rules.md §8.1: council tax always is). */
const PRIORITY_DEBT_TYPES = new Set(['council_tax', 'business_rates']);

const SOURCES = { officer: 'Taken by an officer', sfs_json: 'SFS file (JSON)', sfs_xml: 'SFS file (XML)' };

let catalogueOnce = null;

function sourceText(row) {
  const what = SOURCES[row.source] ?? row.source;
  return row.source_file_name ? html`${what}: <span class="app-mono">${row.source_file_name}</span>` : what;
}

function slug(text) {
  return String(text ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'statement';
}

/** "Line 12, at /household/client-date-of-birth: reason" for a problem in an SFS or CSV file. */
function fileProblem(p) {
  const where = p.column ? (p.column.startsWith('/') || p.column.startsWith('<') ? `, at ${p.column}` : `, column ${p.column}`) : '';
  return `Line ${p.line}${where}: ${p.reason}`;
}

/**
 * WebKitGTK shows a PDF in a frame as a small document holding its PDF.js viewer in an inner iframe sized by
 * inline styles. That document is a blob: of ours, so it inherits the app's CSP, which drops inline styles: the
 * viewer would be 300 × 150 px. Styles set through the CSSOM are allowed, so size it here. The document stays
 * "loading" while the viewer works (no load event), so this is called until it has done its job; Chromium's
 * viewer has no inner iframe and is left alone. Returns true when there is nothing more to do.
 */
export function fillFrame(frame) {
  let doc;
  try {
    doc = frame.contentDocument;
  } catch {
    return true;
  }
  if (!doc || !doc.URL.startsWith('blob:')) return !frame.isConnected;
  const inner = doc.querySelector('body > iframe');
  if (!inner) return doc.readyState === 'complete';
  Object.assign(doc.body.style, { margin: '0', height: '100vh' });
  Object.assign(inner.style, { width: '100%', height: '100%', border: '0', display: 'block' });
  return true;
}

/** Calls fillFrame every 100 ms for up to 10 s until it is done. */
function watchFrame(frame) {
  let tries = 0;
  const timer = setInterval(() => {
    tries += 1;
    if (fillFrame(frame) || tries >= 100) clearInterval(timer);
  }, 100);
}

export class IncomeExpenditureScreen {
  /** app: { today, profile }; onTitle(personName) names the screen in the shell. */
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--ie';
    this.partyId = null;
    this.loadSeq = 0;
    this.computeSeq = 0;
    this.timer = null;
    this.urls = [];
    this.element.addEventListener('click', (event) => this.click(event));
    this.element.addEventListener('ie-change', () => this.changed());
    this.element.addEventListener('ie-council-debts', (event) => this.addCouncilDebts(event.detail.kind));
    this.element.addEventListener('change', (event) => {
      if (event.target.id === 'ie-import-file') this.readImport(event.target);
      if (event.target.id === 'ie-guidelines-file') this.loadGuidelines(event.target);
    });
    this.element.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        this.save();
      }
    });
  }

  /** Loads a person's I&E: a new statement starting from their last, or (statementId) a saved one's figures. */
  async show(partyId, statementId = null, { flash = null } = {}) {
    const seq = ++this.loadSeq;
    flash ??= this.pendingFlash ?? null;
    this.pendingFlash = null;
    this.partyId = partyId;
    this.statementId = statementId;
    clearTimeout(this.timer);
    this.revokeUrls();
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    let loaded;
    try {
      catalogueOnce ??= api.incomeExpenditureCatalogue().catch((e) => {
        catalogueOnce = null;
        throw e;
      });
      const [catalogue, person, history, start, base] = await Promise.all([
        catalogueOnce,
        api.person(partyId),
        api.incomeExpenditureHistory(partyId),
        statementId ? null : api.newIncomeExpenditure(partyId),
        statementId ? api.incomeExpenditure(statementId) : api.latestIncomeExpenditure(partyId),
      ]);
      loaded = { catalogue, person, history, start, base };
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.onTitle('Income and expenditure', null);
      render(this.element, html`<h1 class="govuk-heading-l" tabindex="-1">Income and expenditure could not be opened</h1>
        <div class="govuk-error-summary" role="alert"><div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p></div></div>
        <p class="govuk-body"><a class="govuk-link" href="#/search">Back to search</a></p>`);
      this.element.querySelector('h1').focus();
      return;
    }
    if (seq !== this.loadSeq) return;
    Object.assign(this, loaded);
    this.onTitle(`Income and expenditure – ${this.person.party.name}`, this.person.party.name);
    this.draw(flash);
    const form = this.element.querySelector('ie-form');
    form.setup({ catalogue: this.catalogue, today: this.app.today });
    const statement = statementId ? statementInput(this.base.view.statement) : this.start.statement;
    form.load(statement, this.app.today);
    form.offerCouncilDebts(this.councilDebts());
    this.startedFromId = statementId ?? this.start.started_from_id ?? null;
    this.dirty = false;
    this.drawDirty();
    await this.compute();
    if (flash) this.element.querySelector('.app-flash')?.focus();
    else this.element.querySelector('h1')?.focus({ preventScroll: true });
  }

  draw(flash) {
    const p = this.person.party;
    const base = this.base;
    const viewing = Boolean(this.statementId);
    const personHref = `#/person/${encodeURIComponent(p.id)}`;
    render(
      this.element,
      html`${flash
        ? html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert"
            aria-labelledby="ie-flash-title" tabindex="-1">
            <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="ie-flash-title">Done</h2></div>
            <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
          </div>`
        : ''}
      <div class="app-page-header">
        <div class="app-page-header__title">
          <span class="govuk-caption-m"><a class="govuk-link govuk-link--no-visited-state" href="${personHref}">${p.name}</a></span>
          <h1 class="govuk-heading-l" tabindex="-1">Income and expenditure</h1>
        </div>
        <div class="app-page-header__actions govuk-button-group">
          <button type="button" class="govuk-button govuk-button--secondary" data-action="import" aria-expanded="false" aria-controls="ie-import">Import SFS file</button>
          ${base
            ? html`<button type="button" class="govuk-button govuk-button--secondary" data-action="export">Export SFS JSON<span class="govuk-visually-hidden"> of the statement of ${date(base.taken_on)}</span></button>
              <button type="button" class="govuk-button govuk-button--secondary" data-action="pdf">Summary PDF<span class="govuk-visually-hidden"> of the statement of ${date(base.taken_on)}</span></button>`
            : ''}
        </div>
      </div>
      <error-summary id="ie-errors"></error-summary>
      ${this.statusBanner()}
      <div id="ie-download" class="app-ie-download" role="status"></div>
      <section class="app-ie-panel" id="ie-import" hidden aria-labelledby="ie-import-title">
        <h2 class="govuk-heading-m" id="ie-import-title">Import an SFS statement</h2>
        <error-summary id="ie-import-errors"></error-summary>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="ie-import-file">SFS file (JSON or XML)</label>
          <div class="govuk-hint" id="ie-import-hint">A Standard Financial Statement, for example from a debt adviser. It is checked against
            the SFS schemas first; nothing is saved until you import it.</div>
          <input class="govuk-file-upload" id="ie-import-file" type="file" accept=".json,.xml,application/json,application/xml,text/xml" aria-describedby="ie-import-hint">
        </div>
        <div id="ie-import-preview"></div>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button" data-action="import-save" hidden>Import as a new statement</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="import-cancel">Cancel</button>
        </div>
      </section>
      <section class="app-ie-panel" id="ie-pdf" hidden aria-labelledby="ie-pdf-title"></section>

      <div class="app-ie-layout">
        <div class="app-ie-layout__form">
          ${viewing
            ? html`<p class="govuk-inset-text app-ie-viewing">These are the figures of the statement of ${date(base.taken_on)}
                (${sourceText(base)}). Saving makes a new statement from them; the one of ${date(base.taken_on)} is kept as it is.
                <a class="govuk-link" href="#/person/${encodeURIComponent(p.id)}/income-expenditure">Start from the latest instead</a></p>`
            : ''}
          <ie-form></ie-form>
        </div>
        <aside class="app-ie-side" aria-label="Overview">
          <ie-overview></ie-overview>
          <div class="app-ie-side__actions">
            <p class="govuk-body-s app-ie-side__dirty" id="ie-dirty"></p>
            <button type="button" class="govuk-button app-ie-side__save" data-action="save">Save as a new statement</button>
          </div>
        </aside>
      </div>

      <section aria-labelledby="ie-history-title" class="app-ie-history">
        <h2 class="govuk-heading-m app-section-title" id="ie-history-title">History</h2>
        ${this.historyTable()}
      </section>

      <details class="govuk-details app-ie-settings">
        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Council settings: review period and spending guidelines</span></summary>
        <div class="govuk-details__text" id="ie-settings"></div>
      </details>`,
    );
    this.element.querySelector('.app-ie-settings').addEventListener('toggle', (event) => {
      if (event.target.open) this.drawSettings();
    });
  }

  statusBanner() {
    const base = this.base;
    if (this.statementId || !base) {
      return base ? '' : html`<p class="govuk-inset-text">No statement has been taken for ${this.person.party.name} yet. Their name, date
        of birth and address are filled in from their record.</p>`;
    }
    if (base.stale) {
      return html`<div class="govuk-warning-text app-ie-stale">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
          The latest statement, of ${date(base.taken_on)}, was due for review on ${date(base.review_due_on)}. Check every figure with
          the person and save a new one.</strong>
      </div>`;
    }
    return html`<p class="govuk-body app-ie-started">Starting from the statement of ${date(base.taken_on)}
      (${sourceText(base)}); review due ${date(base.review_due_on)}.</p>`;
  }

  historyTable() {
    if (!this.history.length) return html`<p class="govuk-body-s app-muted">No statements saved yet.</p>`;
    const pid = encodeURIComponent(this.partyId);
    const shownId = this.statementId ?? this.base?.id;
    return html`<table class="govuk-table app-table app-ie-history__table">
      <caption class="govuk-visually-hidden">Statements, newest first</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Date</th>
        <th scope="col" class="govuk-table__header">Source</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Income</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Expenditure</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Available for priority debts</th>
        <th scope="col" class="govuk-table__header">Taken by</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        ${this.history.map((r, i) => html`<tr class="govuk-table__row${r.id === shownId ? ' app-ie-history__shown' : ''}">
          <td class="govuk-table__cell app-nowrap">
            <a class="govuk-link" href="#/person/${pid}/income-expenditure/${encodeURIComponent(r.id)}"${r.id === shownId ? html` aria-current="page"` : ''}>${date(r.taken_on)}</a>
            ${i === 0 ? html` <strong class="govuk-tag govuk-tag--blue app-tag">Latest</strong>` : ''}
          </td>
          <td class="govuk-table__cell">${sourceText(r)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(r.total_income)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(r.total_expenditure)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">${money(r.available_for_priority_debts)}</td>
          <td class="govuk-table__cell">${r.created_by}</td>
        </tr>`)}
      </tbody>
    </table>`;
  }

  /** The person's council debts with a balance, as debt rows: priority (council tax) and non-priority (the rest). */
  councilDebts() {
    const council = this.app.profile?.name || 'The council';
    const out = { priority: [], 'non-priority': [] };
    for (const a of this.person.accounts ?? []) {
      if (a.status === 'closed' || isNegative(a.balance) || isZero(a.balance)) continue;
      const kind = PRIORITY_DEBT_TYPES.has(a.debt_type) ? 'priority' : 'non-priority';
      out[kind].push({ creditor: `${council}: ${a.debt_type_label} ${a.reference}`, amountOwed: a.balance, offer: '', council: true, notes: '' });
    }
    return out;
  }

  addCouncilDebts(kind) {
    const form = this.element.querySelector('ie-form');
    const typed = form.collect().statement[kind === 'priority' ? 'priorityDebts' : 'nonPriorityDebts'].map((d) => d.creditor);
    const list = this.councilDebts()[kind].filter((d) => !typed.includes(d.creditor));
    form.addDebts(kind, list);
  }

  changed() {
    this.dirty = true;
    this.drawDirty();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), DEBOUNCE_MS);
  }

  drawDirty() {
    const el = this.element.querySelector('#ie-dirty');
    if (el) el.textContent = this.dirty ? 'Changes not saved yet.' : (this.statementId || !this.base ? 'Not saved yet.' : '');
  }

  /** Asks Rust for the overview of what is typed; answers to older requests are ignored. */
  async compute() {
    const form = this.element.querySelector('ie-form');
    const overview = this.element.querySelector('ie-overview');
    if (!form?.catalogue || !overview) return;
    const seq = ++this.computeSeq;
    const { statement, takenOn, fields, local } = form.collect();
    let view;
    try {
      view = await api.computeIncomeExpenditure(statement, /^\d{4}-\d{2}-\d{2}$/.test(takenOn) ? takenOn : undefined);
    } catch (error) {
      if (seq !== this.computeSeq) return;
      render(overview, html`<h2 class="govuk-heading-s app-ie-overview__title" id="ie-overview-title">Overview, monthly</h2>
        <p class="govuk-body-s app-ie-overview__failed" role="alert">The overview could not be worked out: ${error.message}</p>`);
      return;
    }
    if (seq !== this.computeSeq) return;
    this.view = view;
    form.showFigures(view);
    const problems = form.showProblems([...local, ...(view.problems ?? [])], fields);
    overview.show(view, { creditors: statement.nonPriorityDebts.map((d) => d.creditor), problems });
  }

  async save() {
    if (this.busy) return;
    const form = this.element.querySelector('ie-form');
    const summary = this.element.querySelector('#ie-errors');
    if (!form?.catalogue) return;
    clearTimeout(this.timer);
    const { statement, takenOn, fields, local } = form.collect();
    if (local.length) {
      summary.show(form.showProblems(local, fields));
      return;
    }
    this.busy = true;
    const buttons = this.element.querySelectorAll('button[data-action="save"]');
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    try {
      const saved = await api.saveIncomeExpenditure({ partyId: this.partyId, takenOn, statement, startedFromId: this.startedFromId });
      const message = `Statement of ${date(saved.taken_on)} saved: disposable income ${money(saved.view.overview.disposable_income)} a month.`;
      const home = `#/person/${encodeURIComponent(this.partyId)}/income-expenditure`;
      if (location.hash !== home) {
        this.pendingFlash = message;
        location.hash = home;
      } else {
        await this.show(this.partyId, null, { flash: message });
      }
    } catch (error) {
      let errors;
      if (error.code === 'validation' && error.field) {
        const shown = form.showProblems([{ field: error.field, reason: error.message }], fields);
        errors = shown;
      } else {
        errors = [{ text: error.message, target: null }];
      }
      summary.show(errors);
    } finally {
      this.busy = false;
      for (const b of buttons) b.removeAttribute('aria-disabled');
    }
  }

  click(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || !this.element.contains(button)) return;
    const action = button.dataset.action;
    if (action === 'save') this.save();
    else if (action === 'import') this.openImport(button);
    else if (action === 'import-cancel') this.closeImport();
    else if (action === 'import-save') this.importFile();
    else if (action === 'export') this.exportJson();
    else if (action === 'pdf') this.openPdf();
    else if (action === 'pdf-close') this.closePdf();
    else if (action === 'save-settings') this.saveSettings();
  }

  // ---- Import ------------------------------------------------------------------------------------------

  openImport(button) {
    const panel = this.element.querySelector('#ie-import');
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    panel.querySelector('#ie-import-file').focus();
  }

  closeImport() {
    const panel = this.element.querySelector('#ie-import');
    panel.hidden = true;
    panel.querySelector('#ie-import-file').value = '';
    panel.querySelector('#ie-import-preview').replaceChildren();
    panel.querySelector('[data-action="import-save"]').hidden = true;
    panel.querySelector('#ie-import-errors').clear();
    this.pendingImport = null;
    const opener = this.element.querySelector('button[data-action="import"]');
    opener.setAttribute('aria-expanded', 'false');
    opener.focus();
  }

  /** Reads the chosen file's text and has Rust check it against the SFS schemas; nothing is saved. */
  async readImport(input) {
    const panel = this.element.querySelector('#ie-import');
    const summary = panel.querySelector('#ie-import-errors');
    const preview = panel.querySelector('#ie-import-preview');
    const go = panel.querySelector('[data-action="import-save"]');
    summary.clear();
    preview.replaceChildren();
    go.hidden = true;
    this.pendingImport = null;
    const file = input.files?.[0];
    if (!file) return;
    const content = await file.text();
    try {
      const read = await api.readSfs({ fileName: file.name, content });
      this.pendingImport = { fileName: file.name, content };
      const s = read.statement;
      render(preview, html`<div class="app-ie-import-preview">
        <p class="govuk-body"><strong>${file.name}</strong> is a valid ${read.schema === 'summary' ? 'SFS summary' : 'SFS data-entry'} statement
          (${read.xml ? 'XML' : 'JSON'}) for <strong>${s.household.client_name || 'an unnamed client'}</strong>:
          ${plural(s.lines.length, 'income or outgoings line')}, ${plural(s.priority_debts.length, 'priority debt')},
          ${plural(s.non_priority_debts.length, 'non-priority debt')}.</p>
        ${read.warnings.length
          ? html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <div class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                <ul class="govuk-list govuk-list--bullet">${read.warnings.map((w) => html`<li>${w.message}</li>`)}</ul></div></div>`
          : ''}
        <p class="govuk-body">It will be saved as a new statement dated ${date(this.app.today)}, keeping the file as it came.</p>
      </div>`);
      go.hidden = false;
      go.focus();
    } catch (error) {
      summary.show(this.fileErrors(error), { title: `${file.name} cannot be imported` });
    }
  }

  fileErrors(error) {
    if (error.problems?.length) return error.problems.map((p) => ({ text: fileProblem(p), target: null }));
    return [{ text: error.message, target: null }];
  }

  async importFile() {
    if (!this.pendingImport || this.busy) return;
    const panel = this.element.querySelector('#ie-import');
    this.busy = true;
    try {
      const imported = await api.importSfsStatement({ partyId: this.partyId, ...this.pendingImport });
      const file = this.pendingImport.fileName;
      this.busy = false;
      const message = `${file} imported as the statement of ${date(imported.saved.taken_on)}: disposable income ${money(imported.saved.view.overview.disposable_income)} a month.`;
      const home = `#/person/${encodeURIComponent(this.partyId)}/income-expenditure`;
      if (location.hash !== home) {
        this.pendingFlash = message;
        location.hash = home;
      } else {
        await this.show(this.partyId, null, { flash: message });
      }
    } catch (error) {
      this.busy = false;
      panel.querySelector('#ie-import-errors').show(this.fileErrors(error), { title: `${this.pendingImport.fileName} was not imported` });
    }
  }

  // ---- Export and the summary PDF ---------------------------------------------------------------------

  keepUrl(url) {
    this.urls.push(url);
    return url;
  }

  revokeUrls() {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }

  /** The statement shown (or the latest) as SFS JSON, offered as a file to save. */
  async exportJson() {
    const base = this.base;
    const summary = this.element.querySelector('#ie-errors');
    summary.clear();
    let text;
    try {
      text = await api.exportSfsStatement(base.id);
    } catch (error) {
      const form = this.element.querySelector('ie-form');
      const { fields } = form.collect();
      const errors = error.code === 'validation' && error.field
        ? form.showProblems([{ field: error.field, reason: error.message }], fields)
        : [{ text: error.message, target: null }];
      summary.show(errors, { title: 'The statement cannot be exported' });
      return;
    }
    const name = `sfs-${slug(this.person.party.name)}-${base.taken_on}.json`;
    const url = this.keepUrl(URL.createObjectURL(new Blob([text], { type: 'application/json' })));
    const box = this.element.querySelector('#ie-download');
    render(box, html`<p class="govuk-body app-ie-download__text">The statement of ${date(base.taken_on)} as SFS JSON:
      <a class="govuk-link" href="${url}" download="${name}" id="ie-download-link">Download ${name}</a></p>`);
    box.querySelector('a').click();
  }

  async openPdf() {
    const base = this.base;
    const panel = this.element.querySelector('#ie-pdf');
    const summary = this.element.querySelector('#ie-errors');
    summary.clear();
    let bytes;
    try {
      bytes = await api.incomeExpenditureSummaryPdf(base.id);
    } catch (error) {
      summary.show([{ text: error.message, target: null }], { title: 'The summary could not be made' });
      return;
    }
    const url = this.keepUrl(URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })));
    const name = `ie-summary-${slug(this.person.party.name)}-${base.taken_on}.pdf`;
    render(panel, html`<div class="app-ie-pdf__header">
        <h2 class="govuk-heading-m" id="ie-pdf-title" tabindex="-1">Summary of the statement of ${date(base.taken_on)}</h2>
        <div class="govuk-button-group">
          <a class="govuk-button govuk-button--secondary" href="${url}" download="${name}">Download the PDF</a>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="pdf-close">Close the summary</button>
        </div>
      </div>
      <iframe class="app-ie-pdf__frame" src="${url}" title="Summary PDF of the statement of ${date(base.taken_on)}"></iframe>`);
    panel.hidden = false;
    watchFrame(panel.querySelector('iframe'));
    panel.querySelector('h2').focus();
  }

  closePdf() {
    const panel = this.element.querySelector('#ie-pdf');
    panel.hidden = true;
    panel.replaceChildren();
    this.element.querySelector('button[data-action="pdf"]')?.focus();
  }

  // ---- Council settings ----------------------------------------------------------------------------------

  async drawSettings() {
    const box = this.element.querySelector('#ie-settings');
    let settings;
    let guidelines;
    try {
      [settings, guidelines] = await Promise.all([api.incomeExpenditureSettings(), api.spendingGuidelines()]);
    } catch (error) {
      render(box, html`<p class="govuk-body" role="alert">${error.message}</p>`);
      return;
    }
    const categories = [...new Set(guidelines.map((g) => g.category))];
    render(box, html`<error-summary id="ie-settings-errors"></error-summary>
      <div class="govuk-form-group" data-group="ie-review">
        <label class="govuk-label govuk-label--s" for="ie-review-months">Review a statement after this many months</label>
        <div class="govuk-hint" id="ie-review-hint">After this, the person screen marks the latest statement as stale.</div>
        <input class="govuk-input govuk-input--width-3" id="ie-review-months" type="text" inputmode="numeric" value="${settings.reviewMonths}" aria-describedby="ie-review-hint">
        <button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-action="save-settings">Save review period</button>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="ie-guidelines-file">Load the SFS spending guidelines (CSV)</label>
        <div class="govuk-hint" id="ie-guidelines-hint">The licensed trigger figures, with the header
          <span class="app-mono">category,household,amount,valid_from</span>. The app ships none.
          ${guidelines.length
            ? `${plural(guidelines.length, 'figure')} loaded, for ${plural(categories.length, 'category', 'categories')}.`
            : 'None loaded yet.'}</div>
        <input class="govuk-file-upload" id="ie-guidelines-file" type="file" accept=".csv,text/csv" aria-describedby="ie-guidelines-hint">
      </div>
      <p class="govuk-body-s" id="ie-settings-status" role="status"></p>`);
  }

  async saveSettings() {
    const box = this.element.querySelector('#ie-settings');
    const summary = box.querySelector('#ie-settings-errors');
    summary.clear();
    try {
      const s = await api.saveIncomeExpenditureSettings({ reviewMonths: box.querySelector('#ie-review-months').value.trim() || 0 });
      box.querySelector('#ie-settings-status').textContent = `Statements are now reviewed after ${plural(s.reviewMonths, 'month')}.`;
    } catch (error) {
      summary.show([{ text: `Review period: ${error.message}`, target: 'ie-review-months' }]);
    }
  }

  async loadGuidelines(input) {
    const box = this.element.querySelector('#ie-settings');
    const summary = box.querySelector('#ie-settings-errors');
    summary.clear();
    const file = input.files?.[0];
    if (!file) return;
    try {
      const loaded = await api.loadSpendingGuidelines({ fileName: file.name, content: await file.text() });
      await this.drawSettings();
      box.querySelector('#ie-settings-status').textContent =
        `${file.name}: ${plural(loaded.loaded, 'figure')} loaded${loaded.replaced ? `, ${loaded.replaced} replacing earlier ones` : ''}.`;
      this.compute();
    } catch (error) {
      box.querySelector('#ie-settings-errors').show(this.fileErrors(error), { title: `${file.name} was not loaded` });
    }
  }
}
