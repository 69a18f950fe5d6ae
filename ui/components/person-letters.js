// <person-letters>: the Letters section of the person screen: letters issued (date, letter, version, account, status) with View, Reprint and Returned (a letter that came back undelivered: raises a worklist task), and Send a letter (choose the account and template, fill in the notice facts, preview, issue).
import { html, render, trusted } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, plural } from '../format.js';
import * as api from '../api.js';
import './letter-pages.js';

const STATUS_TAGS = {
  issued: 'govuk-tag--blue',
  waiting: 'govuk-tag--yellow',
  in_run: 'govuk-tag--light-blue',
  dispatched: 'govuk-tag--green',
  withdrawn: 'govuk-tag--grey',
};

/** Why a letter came back (ReturnedMailReason codes), as the returned-mail label says. */
export const RETURNED_REASONS = [
  ['gone_away', 'Gone away'],
  ['not_known_at_address', 'Not known at this address'],
  ['address_incomplete', 'Address incomplete'],
  ['refused', 'Refused'],
  ['other', 'Another reason'],
];

/** Facts the account's ledger can fill in for each letter of a run. */
export const LEDGER_FACTS = ['financial_year', 'amount_due', 'balance_payable', 'amounts', 'total'];

function factId(key) {
  return `letter-fact-${key.replace(/[^a-z0-9]+/gi, '-')}`;
}

/** The form controls for a letter's facts; `prefix` keeps ids unique when two forms are on one screen. */
export function factFields(fields, { prefix = 'letter', ledgerNote = false } = {}) {
  if (!fields.length) return html`<p class="govuk-body-s app-muted">This letter needs nothing more than the account.</p>`;
  return fields.map((f) => {
    const id = `${prefix}-${factId(f.key).slice('letter-'.length)}`;
    const hint = [f.hint, ledgerNote && LEDGER_FACTS.includes(f.key) ? "Leave blank to use each account's own figures" : '']
      .filter(Boolean)
      .join('. ');
    const label = `${f.label}${f.optional ? ' (optional)' : ''}`;
    const describedBy = hint ? `aria-describedby="${id}-hint"` : '';
    const control =
      f.kind === 'dated_amounts' || f.kind === 'labelled_amounts'
        ? html`<textarea class="govuk-textarea app-fact__list" id="${id}" name="${f.key}" rows="3" spellcheck="false" autocomplete="off" ${trusted(describedBy)}>${f.value}</textarea>`
        : f.kind === 'money'
          ? html`<div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div><input class="govuk-input govuk-input--width-10" id="${id}" name="${f.key}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" value="${f.value}" ${trusted(describedBy)}></div>`
          : html`<input class="govuk-input ${f.kind === 'text' ? 'govuk-!-width-two-thirds' : 'govuk-input--width-10'}" id="${id}" name="${f.key}" type="text" autocomplete="off" spellcheck="false" value="${f.value}" ${trusted(describedBy)}>`;
    return html`<div class="govuk-form-group app-fact" data-field="facts.${f.key}">
      <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
      ${hint ? html`<div class="govuk-hint" id="${id}-hint">${hint}</div>` : ''}
      ${errorSlot(id)}
      ${control}
    </div>`;
  });
}

/** The facts as typed: { key: text } for every fact control in `form`. */
export function factValues(form) {
  const out = {};
  for (const el of form.querySelectorAll('.app-fact [name]')) out[el.name] = el.value;
  return out;
}

/** errorsFrom's field map for a facts form. */
export function factErrorFields(fields, prefix = 'letter') {
  const map = {};
  for (const f of fields) map[`facts.${f.key}`] = { id: `${prefix}-${factId(f.key).slice('letter-'.length)}`, label: f.label };
  return map;
}

export class PersonLetters extends HTMLElement {
  /** person: the PersonView; templates: TemplateView[] (loaded once by the caller or here). */
  async setup({ person }) {
    this.person = person;
    this.letters = null;
    this.sending = false;
    this.draw();
    await this.load();
  }

  async load() {
    try {
      this.letters = await api.personLetters(this.person.party.id);
      this.error = null;
    } catch (error) {
      this.error = error;
    }
    this.drawList();
  }

  draw() {
    const p = this.person;
    render(
      this,
      html`<section aria-labelledby="letters-title" class="app-letters">
        <div class="app-section-header">
          <h2 class="govuk-heading-m app-section-title" id="letters-title">Letters</h2>
          ${p.accounts.length
            ? html`<button type="button" class="govuk-button govuk-button--secondary app-button--small" data-action="send" aria-expanded="false" aria-controls="letter-send">Send a letter</button>`
            : ''}
        </div>
        <div id="letter-send" class="app-letter-send" hidden></div>
        <div class="app-flash-slot" role="status" data-flash></div>
        <div data-list><p class="govuk-body-s app-muted">Loading letters…</p></div>
        <div data-returned hidden></div>
        <letter-pages data-view></letter-pages>
      </section>`,
    );
    this.querySelector('[data-action="send"]')?.addEventListener('click', () => this.toggleSend());
    this.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-letter]');
      if (button) this.letterAction(button.dataset.letterAction, button.dataset.letter);
    });
  }

  drawList() {
    const slot = this.querySelector('[data-list]');
    if (this.error) {
      render(slot, html`<p class="govuk-body govuk-error-message">Letters could not be loaded: ${this.error.message}</p>`);
      return;
    }
    const list = this.letters ?? [];
    if (!list.length) {
      render(slot, html`<p class="govuk-body-s app-muted">No letters issued yet.</p>`);
      return;
    }
    render(
      slot,
      html`<table class="govuk-table app-table app-letters__table">
        <caption class="govuk-visually-hidden">Letters issued, newest first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Issued</th>
            <th scope="col" class="govuk-table__header">Letter</th>
            <th scope="col" class="govuk-table__header">Account</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${list.map(
            (l) => html`<tr class="govuk-table__row" data-letter-row="${l.id}">
              <td class="govuk-table__cell app-nowrap">${date(l.issued_on)}</td>
              <td class="govuk-table__cell">${l.title}
                <br><span class="app-muted govuk-body-s"><span class="app-ref">${l.template_name}</span> version ${l.template_version}${l.page_count ? html` · ${plural(l.page_count, 'page')}` : ''} · by ${l.created_by}</span></td>
              <td class="govuk-table__cell"><span class="app-ref">${l.account_reference ?? ''}</span></td>
              <td class="govuk-table__cell">
                <strong class="govuk-tag ${STATUS_TAGS[l.status] ?? ''} app-tag">${l.status_label}</strong>
                ${l.run_reference ? html`<br><a class="govuk-link govuk-body-s" href="#/runs/${encodeURIComponent(l.run_id)}">Run ${l.run_reference}</a>` : ''}
                ${l.dispatched_on ? html`<br><span class="govuk-body-s app-muted">Posted ${date(l.dispatched_on)}</span>` : ''}
                ${l.returned_on ? html`<br><strong class="govuk-tag govuk-tag--red app-tag">Returned ${date(l.returned_on)}</strong><br><span class="govuk-body-s">${l.returned_label}</span>` : ''}
              </td>
              <td class="govuk-table__cell app-letters__actions">
                <button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-letter="${l.id}" data-letter-action="view">View<span class="govuk-visually-hidden"> ${l.title} of ${date(l.issued_on)}</span></button>
                <button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-letter="${l.id}" data-letter-action="reprint">Reprint<span class="govuk-visually-hidden"> ${l.title} of ${date(l.issued_on)}</span></button>
                ${l.returned_on ? '' : html`<button type="button" class="govuk-button govuk-button--secondary app-button--small app-button--inline" data-letter="${l.id}" data-letter-action="returned">Returned<span class="govuk-visually-hidden"> undelivered: ${l.title} of ${date(l.issued_on)}</span></button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>`,
    );
  }

  flash(text) {
    this.querySelector('[data-flash]').textContent = text;
  }

  async letterAction(action, id) {
    const letter = this.letters?.find((l) => l.id === id);
    if (!letter) return;
    const view = this.querySelector('letter-pages[data-view]');
    if (action === 'view') {
      this.flash('Opening the letter…');
      try {
        const pages = await api.letterPages(id);
        this.flash('');
        view.show({ ...pages, pdf: null }, {
          heading: `${letter.title}, issued ${date(letter.issued_on)}`,
          note: 'Laid out again from the letter as it was issued. Reprint gives the PDF exactly as it was sent.',
        });
        view.focusHeading();
      } catch (error) {
        this.flash(error.message);
      }
    } else if (action === 'returned') {
      this.drawReturned(letter);
    } else if (action === 'reprint') {
      this.flash('Reprinting…');
      try {
        const issued = await api.reprintLetter(id);
        view.show({ ...issued, pages: (await api.letterPages(id)).pages }, {
          heading: `Reprint: ${letter.title}, issued ${date(letter.issued_on)}`,
          note: 'The PDF exactly as it was issued. The reprint is recorded in the audit trail.',
        });
        this.flash('');
        view.focusHeading();
      } catch (error) {
        this.flash(error.message);
      }
    }
  }

  /** The form for a letter that came back undelivered: why, and when (today unless changed). */
  drawReturned(letter) {
    const slot = this.querySelector('[data-returned]');
    slot.hidden = false;
    render(
      slot,
      html`<form class="app-letters__returned" novalidate aria-labelledby="returned-title">
        <h3 class="govuk-heading-s" id="returned-title">Returned undelivered: ${letter.title}, issued ${date(letter.issued_on)}</h3>
        <p class="govuk-error-message" role="alert" data-errors></p>
        <div class="govuk-form-group" data-field="reason">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Why it came back</legend>
            ${errorSlot('returned-reason')}
            <div class="govuk-radios govuk-radios--small" id="returned-reason">
              ${RETURNED_REASONS.map(
                ([code, label], i) => html`<div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="returned-reason-${i}" name="reason" type="radio" value="${code}" ${i === 0 ? 'checked' : ''}>
                  <label class="govuk-label govuk-radios__label" for="returned-reason-${i}">${label}</label>
                </div>`,
              )}
            </div>
          </fieldset>
        </div>
        <div class="govuk-form-group" data-field="returnedOn">
          <label class="govuk-label govuk-label--s" for="returned-on">Came back on</label>
          <div class="govuk-hint" id="returned-on-hint">Not before ${date(letter.issued_on)}, when it was issued. Leave blank for today.</div>
          ${errorSlot('returned-on')}
          <input class="govuk-input govuk-input--width-10" id="returned-on" name="returnedOn" type="date" aria-describedby="returned-on-hint">
        </div>
        <p class="govuk-body-s">A task to check the address goes on the worklist. Trace the person before anything else is sent.</p>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">Record returned mail</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel-returned">Cancel</button>
        </div>
      </form>`,
    );
    const form = slot.querySelector('form');
    const close = () => {
      slot.hidden = true;
      slot.replaceChildren();
    };
    form.querySelector('[data-action="cancel-returned"]').addEventListener('click', () => {
      close();
      this.querySelector(`button[data-letter="${letter.id}"][data-letter-action="returned"]`)?.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearInline(form);
      const reason = form.querySelector('input[name=reason]:checked')?.value;
      const on = form.querySelector('#returned-on').value;
      try {
        const task = await api.recordReturnedMail(letter.id, reason, on || undefined);
        close();
        await this.load();
        this.flash(`Recorded as returned. "${task.title}" is on the worklist.`);
      } catch (error) {
        const fields = { reason: { id: 'returned-reason', label: 'Why it came back' }, returnedOn: { id: 'returned-on', label: 'Came back on' } };
        const errors = errorsFrom(error, fields);
        showInline(form, errors);
        form.querySelector('[data-errors]').textContent = errors.filter((e) => !e.field).map((e) => e.text).join(' ');
      }
    });
    form.querySelector('input[name=reason]:checked').focus();
  }

  toggleSend(open = !this.sending) {
    this.sending = open;
    const panel = this.querySelector('#letter-send');
    const button = this.querySelector('[data-action="send"]');
    button?.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (open) this.drawSend();
    else {
      panel.replaceChildren();
      button?.focus();
    }
  }

  async drawSend() {
    const panel = this.querySelector('#letter-send');
    render(panel, html`<p class="govuk-body app-loading" role="status">Loading templates…</p>`);
    try {
      this.templates ??= await api.listLetterTemplates();
    } catch (error) {
      render(panel, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
      return;
    }
    const accounts = this.person.accounts;
    render(
      panel,
      html`<form class="app-form app-letter-form" novalidate aria-labelledby="letter-send-title">
        <h3 class="govuk-heading-m" id="letter-send-title" tabindex="-1">Send a letter</h3>
        <error-summary></error-summary>
        <div class="app-form__row">
          <div class="govuk-form-group" data-field="accountId">
            <label class="govuk-label govuk-label--s" for="letter-account">Account</label>
            ${errorSlot('letter-account')}
            <select class="govuk-select" id="letter-account" name="accountId">
              ${accounts.map((a) => html`<option value="${a.id}">${a.reference} – ${a.debt_type_label}</option>`)}
            </select>
          </div>
          <div class="govuk-form-group" data-field="templateName">
            <label class="govuk-label govuk-label--s" for="letter-template">Letter</label>
            ${errorSlot('letter-template')}
            <select class="govuk-select" id="letter-template" name="templateName"></select>
          </div>
        </div>
        <div data-facts></div>
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How will it be sent?</legend>
            <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="letter-send-now" name="sendBy" type="radio" value="now" checked>
                <label class="govuk-label govuk-radios__label" for="letter-send-now">I will print it and post it</label>
              </div>
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="letter-send-run" name="sendBy" type="radio" value="run">
                <label class="govuk-label govuk-radios__label" for="letter-send-run">With the next print run from the post room</label>
              </div>
            </div>
          </fieldset>
        </div>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button govuk-button--secondary" data-action="preview">Preview</button>
          <button type="submit" class="govuk-button">Issue letter</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel">Cancel</button>
        </div>
        <p class="govuk-body-s" role="status" data-status></p>
        <letter-pages data-preview></letter-pages>
      </form>`,
    );
    const form = panel.querySelector('form');
    this.form = form;
    form.elements.accountId.addEventListener('change', () => {
      this.fillTemplates();
      this.loadFacts();
    });
    form.elements.templateName.addEventListener('change', () => this.loadFacts());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.issue();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggleSend(false);
    });
    form.querySelector('[data-action="preview"]').addEventListener('click', () => this.preview());
    form.querySelector('[data-action="cancel"]').addEventListener('click', () => this.toggleSend(false));
    this.fillTemplates();
    await this.loadFacts();
    panel.querySelector('h3').focus();
  }

  /** Only the templates for the chosen account's debt type (or any debt). */
  fillTemplates() {
    const account = this.person.accounts.find((a) => a.id === this.form.elements.accountId.value);
    const select = this.form.elements.templateName;
    const usable = this.templates.filter((t) => !t.debt_types.length || t.debt_types.includes(account?.debt_type));
    render(select, html`${usable.map((t) => html`<option value="${t.name}">${t.title}</option>`)}`);
  }

  async loadFacts() {
    const slot = this.form.querySelector('[data-facts]');
    const templateName = this.form.elements.templateName.value;
    const accountId = this.form.elements.accountId.value;
    this.form.querySelector('letter-pages[data-preview]').clear();
    if (!templateName) {
      render(slot, html`<p class="govuk-body-s app-muted">No letter is set up for this kind of debt.</p>`);
      this.fields = [];
      return;
    }
    const seq = (this.factsSeq = (this.factsSeq ?? 0) + 1);
    try {
      const form = await api.letterForm(templateName, accountId);
      if (seq !== this.factsSeq) return;
      this.fields = form.fields;
      render(
        slot,
        html`<fieldset class="govuk-fieldset app-letter-facts">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What the letter says</legend>
          <p class="govuk-body-s app-muted">Amounts come from the account's ledger where it can say; check them and fill in the rest.</p>
          ${factFields(form.fields)}
        </fieldset>`,
      );
    } catch (error) {
      if (seq !== this.factsSeq) return;
      this.fields = [];
      render(slot, html`<p class="govuk-body govuk-error-message">${error.message}</p>`);
    }
  }

  input() {
    const els = this.form.elements;
    return {
      templateName: els.templateName.value,
      accountId: els.accountId.value,
      facts: factValues(this.form),
      withPrintRun: this.form.querySelector('#letter-send-run').checked,
    };
  }

  showErrors(error) {
    const fields = {
      ...factErrorFields(this.fields ?? []),
      accountId: { id: 'letter-account', label: 'Account' },
      templateName: { id: 'letter-template', label: 'Letter' },
      partyId: { id: 'letter-account', label: 'Recipient' },
    };
    const errors = errorsFrom(error, fields);
    showInline(this.form, errors);
    this.form.querySelector('error-summary').show(errors);
  }

  clearErrors() {
    clearInline(this.form);
    this.form.querySelector('error-summary').clear();
  }

  async preview() {
    const status = this.form.querySelector('[data-status]');
    status.textContent = 'Laying out the preview…';
    try {
      const letter = await api.previewLetter(this.input());
      this.clearErrors();
      status.textContent = '';
      const pages = this.form.querySelector('letter-pages[data-preview]');
      pages.show(letter, { heading: `Preview: ${letter.title}`, note: 'Not issued yet: nothing is kept until you issue it.' });
      pages.focusHeading();
    } catch (error) {
      status.textContent = '';
      this.showErrors(error);
    }
  }

  async issue() {
    if (this.busy) return;
    this.busy = true;
    const input = this.input();
    const status = this.form.querySelector('[data-status]');
    status.textContent = 'Issuing…';
    try {
      const issued = await api.sendLetter(input);
      this.toggleSend(false);
      await this.load();
      const view = this.querySelector('letter-pages[data-view]');
      const pages = await api.letterPages(issued.document_id).catch(() => ({ pages: [] }));
      view.show({ ...issued, pages: pages.pages }, {
        heading: `Issued: ${issued.title}`,
        note: input.withPrintRun
          ? 'Kept on the record and waiting for the next print run.'
          : 'Kept on the record. Open or print the PDF to post it.',
      });
      this.flash(`${issued.title} issued on ${date(issued.issued_on)}.`);
      view.focusHeading();
      this.dispatchEvent(new CustomEvent('letter-issued', { bubbles: true, detail: { issued } }));
    } catch (error) {
      status.textContent = '';
      this.showErrors(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('person-letters', PersonLetters);
