// Bundle builder (#/bundle?account=<reference>): choose an account and the kind of bundle (contested, committal, insolvency, charging order), prepare it (the kind's threshold and Wales refusals shown as they come from Rust), choose and reorder its sections, add PDF exhibits the officer picks, edit the witness statement made from its template, preview (index and pages) and issue. Rust checks everything and builds the PDF.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, errorSlot } from '../lib/form-errors.js';
import * as api from '../api.js';

export const KINDS = [
  ['contested', 'Contested liability order hearing', "The magistrates' court: the defendant disputes the application"],
  ['committal', 'Committal', 'Commitment to prison for wilful refusal or culpable neglect (England only)'],
  ['insolvency', 'Insolvency', 'A bankruptcy or winding-up petition: the debt must be over the petition threshold'],
  ['charging_order', 'Charging order', 'The County Court: the liability orders must reach the charging order threshold'],
];

export const SECTIONS = {
  summary: 'Case summary',
  statement: 'Witness statement',
  orders: 'Liability orders',
  account: 'Statement of account',
  notices: 'Copies of notices issued',
  history: 'Payment and contact history',
  income_expenditure: 'Income and expenditure',
  holds: 'Holds and vulnerability checks',
  exhibits: 'Exhibits',
};

const PREPARE_FIELDS = {
  accountReference: { id: 'bb-accountReference', label: 'Account' },
  kind: { id: 'bb-kind', label: 'Kind of bundle' },
  officerName: { id: 'bb-officerName', label: 'Officer' },
  officerTitle: { id: 'bb-officerTitle', label: 'Job title' },
  court: { id: 'bb-court', label: 'Court' },
  sections: { id: 'bb-section-summary', label: 'Sections' },
};

function refusal(error, title) {
  const rule = error.code === 'rule_refused';
  return html`<div class="govuk-error-summary" role="alert" tabindex="-1" data-refusal>
    <h2 class="govuk-error-summary__title">${title}</h2>
    <div class="govuk-error-summary__body"><p class="govuk-body">${error.message}</p>
    ${rule ? html`<p class="govuk-body-s">Nothing was prepared. The check is the law's or the council's: it cannot be overridden here.</p>` : ''}</div>
  </div>`;
}

function bytesToBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export class BundleBuilderScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--bundle';
    this.bundle = null;
    this.preview = null;
  }

  async show({ account = '' } = {}) {
    this.bundle = null;
    this.preview = null;
    this.onTitle('Court bundle');
    let hearings = [];
    try {
      hearings = await api.courtHearings();
    } catch {
      hearings = [];
    }
    this.hearings = hearings;
    this.drawStart(account);
    this.element.querySelector('h1')?.focus({ preventScroll: true });
  }

  drawStart(account, problem = null) {
    render(
      this.element,
      html`<h1 class="govuk-heading-l" tabindex="-1">Court bundle</h1>
        <p class="govuk-body">Prepare a bundle for one account: Recovery Desk checks that the kind of bundle is open to the council on today's facts, writes the witness statement from its template, and numbers every page.</p>
        <div data-problem>${problem ? refusal(problem, 'This bundle cannot be prepared') : ''}</div>
        <form novalidate data-prepare>
          <error-summary></error-summary>
          <div class="govuk-form-group" data-field="accountReference">
            <label class="govuk-label govuk-label--s" for="bb-accountReference">Account</label>
            <div class="govuk-hint" id="bb-accountReference-hint">The account reference, for example CT10000001</div>
            ${errorSlot('bb-accountReference')}
            <input class="govuk-input govuk-input--width-20" id="bb-accountReference" name="accountReference" type="text" autocomplete="off" value="${account}" aria-describedby="bb-accountReference-hint">
          </div>
          <div class="govuk-form-group" data-field="kind">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Kind of bundle</legend>
              ${errorSlot('bb-kind')}
              <div class="govuk-radios govuk-radios--small">
                ${KINDS.map(([v, t, hint], i) => html`<div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="${i === 0 ? 'bb-kind' : `bb-kind-${v}`}" name="kind" type="radio" value="${v}" ${i === 0 ? html`checked` : ''} aria-describedby="bb-kind-${v}-hint">
                  <label class="govuk-label govuk-radios__label" for="${i === 0 ? 'bb-kind' : `bb-kind-${v}`}">${t}</label>
                  <div class="govuk-hint govuk-radios__hint" id="bb-kind-${v}-hint">${hint}</div>
                </div>`)}
              </div>
            </fieldset>
          </div>
          <div class="govuk-form-group" data-field="hearingId">
            <label class="govuk-label govuk-label--s" for="bb-hearingId">Hearing (optional)</label>
            <select class="govuk-select" id="bb-hearingId" name="hearingId">
              <option value="">None recorded here</option>
              ${this.hearings.map((h) => html`<option value="${h.id}">${h.court_name}, ${h.hearing_on} ${h.hearing_time}</option>`)}
            </select>
          </div>
          <div class="govuk-form-group" data-field="court">
            <label class="govuk-label govuk-label--s" for="bb-court">Court, when no hearing is chosen (optional)</label>
            <input class="govuk-input govuk-input--width-20" id="bb-court" name="court" type="text" autocomplete="off">
          </div>
          <div class="govuk-form-group" data-field="officerName">
            <label class="govuk-label govuk-label--s" for="bb-officerName">Officer whose witness statement it is</label>
            ${errorSlot('bb-officerName')}
            <input class="govuk-input govuk-input--width-20" id="bb-officerName" name="officerName" type="text" autocomplete="name" value="${this.app?.info?.user_name ?? ''}">
          </div>
          <div class="govuk-form-group" data-field="officerTitle">
            <label class="govuk-label govuk-label--s" for="bb-officerTitle">Job title (optional)</label>
            <input class="govuk-input govuk-input--width-20" id="bb-officerTitle" name="officerTitle" type="text" autocomplete="organization-title">
          </div>
          <button type="submit" class="govuk-button" data-module="govuk-button">Prepare the bundle</button>
        </form>`,
    );
    const form = this.element.querySelector('[data-prepare]');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = form.elements;
      try {
        this.bundle = await api.prepareCourtBundle({
          accountReference: f.accountReference.value.trim(),
          kind: f.kind.value,
          hearingId: f.hearingId.value || undefined,
          court: f.court.value.trim() || undefined,
          officerName: f.officerName.value.trim(),
          officerTitle: f.officerTitle.value.trim() || undefined,
        });
        this.drawBundle(`Bundle prepared: ${this.bundle.kind_label} for ${this.bundle.account_reference}.`);
      } catch (error) {
        if (error.code === 'rule_refused' || error.code === 'conflict' || error.code === 'not_found') {
          render(this.element.querySelector('[data-problem]'), refusal(error, 'This bundle cannot be prepared'));
          form.querySelector('error-summary').show([]);
          this.element.querySelector('[data-refusal]')?.focus();
          return;
        }
        const errors = errorsFrom(error, PREPARE_FIELDS);
        showInline(form, errors);
        form.querySelector('error-summary').show(errors);
      }
    });
  }

  drawBundle(flash = null, problem = null) {
    const b = this.bundle;
    const issued = b.status !== 'draft';
    const chosen = b.section_list;
    const unchosen = Object.keys(SECTIONS).filter((s) => !chosen.includes(s));
    render(
      this.element,
      html`<a class="govuk-back-link" href="#/bundle?account=${encodeURIComponent(b.account_reference)}">Start again</a>
        ${flash ? html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="bb-flash-title" tabindex="-1">
          <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="bb-flash-title">Done</h2></div>
          <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div></div>` : ''}
        <span class="govuk-caption-l">${b.account_reference}</span>
        <h1 class="govuk-heading-l" tabindex="-1">${b.kind_label} bundle</h1>
        <p class="govuk-body">For ${b.court}. Witness statement of ${b.officer_name}. <strong class="govuk-tag app-tag ${issued ? 'govuk-tag--green' : 'govuk-tag--blue'}">${issued ? 'Issued' : 'Draft'}</strong></p>
        <div data-problem>${problem ? refusal(problem, 'That was refused') : ''}</div>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">Sections</h2>
            <p class="govuk-body-s app-muted">The index always comes first. Move a section up or down, or leave it out.</p>
            <ol class="govuk-list govuk-list--number app-bundle-sections" data-sections>
              ${chosen.map((s, i) => html`<li data-section="${s}"><span>${SECTIONS[s] ?? s}</span>
                ${issued ? '' : html`<span class="govuk-button-group govuk-!-margin-bottom-0 app-bundle-sections__actions">
                  <button type="button" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-move="up" data-at="${i}" ${i === 0 ? html`disabled aria-disabled="true"` : ''}>Up<span class="govuk-visually-hidden">: ${SECTIONS[s]}</span></button>
                  <button type="button" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-move="down" data-at="${i}" ${i === chosen.length - 1 ? html`disabled aria-disabled="true"` : ''}>Down<span class="govuk-visually-hidden">: ${SECTIONS[s]}</span></button>
                  <button type="button" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-remove="${i}" ${chosen.length === 1 ? html`disabled aria-disabled="true"` : ''}>Leave out<span class="govuk-visually-hidden">: ${SECTIONS[s]}</span></button>
                </span>`}</li>`)}
            </ol>
            ${issued || unchosen.length === 0 ? '' : html`<h3 class="govuk-heading-s">Left out</h3>
              <ul class="govuk-list" data-unchosen>
                ${unchosen.map((s) => html`<li>${SECTIONS[s]} <button type="button" class="govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0" data-add="${s}">Add<span class="govuk-visually-hidden">: ${SECTIONS[s]}</span></button></li>`)}
              </ul>`}
          </div>
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">Exhibits</h2>
            ${b.exhibits.length === 0 ? html`<p class="govuk-body app-muted" data-no-exhibits>No exhibits yet.</p>` : html`<table class="govuk-table app-table--compact" data-exhibits>
              <caption class="govuk-visually-hidden">Exhibits</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Exhibit</th><th scope="col" class="govuk-table__header">What it is</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Pages</th>
              </tr></thead>
              <tbody class="govuk-table__body">${b.exhibits.map((x) => html`<tr class="govuk-table__row">
                <td class="govuk-table__cell">${x.label}</td><td class="govuk-table__cell">${x.title}<br><span class="govuk-body-s app-muted">${x.file_name}</span></td><td class="govuk-table__cell govuk-table__cell--numeric">${x.page_count}</td>
              </tr>`)}</tbody></table>`}
            ${issued ? '' : html`<form novalidate data-exhibit>
              <error-summary></error-summary>
              <div class="govuk-form-group" data-field="title">
                <label class="govuk-label govuk-label--s" for="bb-title">What the exhibit is</label>
                ${errorSlot('bb-title')}
                <input class="govuk-input" id="bb-title" name="title" type="text" autocomplete="off">
              </div>
              <div class="govuk-form-group" data-field="file">
                <label class="govuk-label govuk-label--s" for="bb-file">PDF file</label>
                ${errorSlot('bb-file')}
                <input class="govuk-file-upload" id="bb-file" name="file" type="file" accept="application/pdf,.pdf">
              </div>
              <button type="submit" class="govuk-button govuk-button--secondary">Add the exhibit</button>
            </form>`}
          </div>
        </div>
        <h2 class="govuk-heading-m">Witness statement</h2>
        ${issued
          ? html`<p class="govuk-body-s app-muted">The statement is as it was issued.</p>`
          : html`<form novalidate data-statement>
              <div class="govuk-form-group" data-field="statement">
                <label class="govuk-label govuk-label--s" for="bb-statement">The statement of ${b.officer_name}, as it will be printed</label>
                <div class="govuk-hint" id="bb-statement-hint">Made from the witness statement template with the case's facts. Edit it before the bundle is issued: it is checked as letter markup, and a problem is named by its line.</div>
                ${errorSlot('bb-statement')}
                <textarea class="govuk-textarea app-bundle-statement" id="bb-statement" name="statement" rows="14" aria-describedby="bb-statement-hint">${b.statement ?? ''}</textarea>
              </div>
              <button type="submit" class="govuk-button govuk-button--secondary">Save the statement</button>
            </form>`}
        <h2 class="govuk-heading-m">Preview and issue</h2>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button govuk-button--secondary" data-action="preview">Preview the bundle</button>
          ${issued ? '' : html`<button type="button" class="govuk-button" data-action="issue">Issue the bundle</button>`}
        </div>
        <div data-preview role="status">${this.preview ? this.previewView() : ''}</div>`,
    );
    this.wire();
    this.element.querySelector(flash ? '.app-flash' : problem ? '[data-refusal]' : 'h1')?.focus({ preventScroll: true });
  }

  previewView() {
    const p = this.preview;
    const rows = [];
    const walk = (entries, depth) => {
      for (const e of entries) {
        rows.push(html`<tr class="govuk-table__row"><td class="govuk-table__cell">${e.number}</td><td class="govuk-table__cell ${depth ? 'app-indent' : ''}">${e.title}</td><td class="govuk-table__cell govuk-table__cell--numeric">${e.first_page === e.last_page ? e.first_page : `${e.first_page}–${e.last_page}`}</td></tr>`);
        walk(e.children ?? [], depth + 1);
      }
    };
    walk(p.index, 0);
    return html`<table class="govuk-table app-table--compact" data-index>
      <caption class="govuk-table__caption govuk-table__caption--s">${p.title}: ${p.page_count} pages${p.issued ? ' (issued)' : ''}</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Tab</th><th scope="col" class="govuk-table__header">Section</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Pages</th></tr></thead>
      <tbody class="govuk-table__body">${rows}</tbody>
    </table>
    <p class="govuk-body-s">Saved to <code>${p.path}</code></p>`;
  }

  async editSections(sections) {
    try {
      this.bundle = await api.editCourtBundle({ bundleId: this.bundle.id, sections });
      this.preview = null;
      this.drawBundle();
    } catch (error) {
      this.drawBundle(null, error);
    }
  }

  wire() {
    const b = this.bundle;
    const list = [...b.section_list];
    for (const btn of this.element.querySelectorAll('[data-move]')) {
      btn.addEventListener('click', () => {
        const i = Number(btn.dataset.at);
        const j = btn.dataset.move === 'up' ? i - 1 : i + 1;
        [list[i], list[j]] = [list[j], list[i]];
        this.editSections(list);
      });
    }
    for (const btn of this.element.querySelectorAll('[data-remove]')) {
      btn.addEventListener('click', () => this.editSections(list.filter((_, i) => i !== Number(btn.dataset.remove))));
    }
    for (const btn of this.element.querySelectorAll('[data-add]')) {
      btn.addEventListener('click', () => this.editSections([...list, btn.dataset.add]));
    }
    const ex = this.element.querySelector('[data-exhibit]');
    ex?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const file = ex.elements.file.files?.[0];
      const fields = { title: { id: 'bb-title', label: 'What the exhibit is' }, file: { id: 'bb-file', label: 'PDF file' }, contentBase64: { id: 'bb-file', label: 'PDF file' } };
      if (!file) {
        const errors = [{ field: 'file', target: 'bb-file', text: 'Choose a PDF file' }];
        showInline(ex, errors);
        ex.querySelector('error-summary').show(errors);
        return;
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        this.bundle = await api.addBundleExhibit({ bundleId: b.id, title: ex.elements.title.value.trim(), fileName: file.name, contentBase64: bytesToBase64(bytes) });
        this.preview = null;
        this.drawBundle(`Exhibit added: ${file.name}.`);
      } catch (error) {
        const errors = errorsFrom(error, fields);
        showInline(ex, errors);
        ex.querySelector('error-summary').show(errors);
      }
    });
    const st = this.element.querySelector('[data-statement]');
    st?.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        this.bundle = await api.editCourtBundle({ bundleId: b.id, statement: st.elements.statement.value });
        this.preview = null;
        this.drawBundle('Witness statement saved.');
      } catch (error) {
        showInline(st, errorsFrom(error, { statement: { id: 'bb-statement', label: 'Witness statement' } }));
        st.querySelector('#bb-statement').focus();
      }
    });
    this.element.querySelector('[data-action="preview"]')?.addEventListener('click', async () => {
      try {
        this.preview = await api.previewCourtBundle(b.id, true);
        this.drawBundle();
        this.element.querySelector('[data-index]')?.scrollIntoView?.({ block: 'nearest' });
      } catch (error) {
        this.drawBundle(null, error);
      }
    });
    this.element.querySelector('[data-action="issue"]')?.addEventListener('click', async () => {
      try {
        const issued = await api.issueCourtBundle(b.id, false);
        this.bundle = await api.courtBundle(b.id);
        this.preview = { ...issued, issued: true };
        this.drawBundle(`Bundle issued: ${issued.page_count} pages, stored on the account.`);
      } catch (error) {
        this.drawBundle(null, error);
      }
    });
  }
}
