// Settings → Letters: every template (shipped and edited), and one template open in an editor with Check (problems by line), Preview with the demo case, Save as a new version and the version history.
import { html, render } from '../lib/html.js';
import { date, dateTime, debtType } from '../format.js';
import * as api from '../api.js';

const LANGUAGES = { en: 'English', cy: 'Welsh' };

function languages(list) {
  return (list ?? []).map((l) => LANGUAGES[l] ?? l).join(' and ');
}

function kind(code) {
  const text = String(code ?? '').replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function source(t) {
  if (t.source === 'shipped') return t.stored ? 'As shipped' : 'As shipped (not used yet)';
  return html`Edited by ${t.created_by}${t.created_at ? html`, ${dateTime(t.created_at)}` : ''}`;
}

export class LetterTemplatesScreen {
  /** onTitle(text) names the screen for the shell. */
  constructor({ onTitle }) {
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--letters';
    this.seq = 0;
  }

  /** name: a template to open, or null for the list; version: an older version to open. */
  async show({ name = null, version = null, flash = null } = {}) {
    const seq = ++this.seq;
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      if (!name) {
        const list = await api.listLetterTemplates();
        if (seq !== this.seq) return;
        this.onTitle('Letters');
        this.drawList(list);
      } else {
        const [template, versions] = await Promise.all([api.letterTemplate(name, version), api.letterTemplateVersions(name)]);
        if (seq !== this.seq) return;
        this.onTitle(template.title);
        this.drawEditor(template, versions, flash);
      }
    } catch (error) {
      if (seq !== this.seq) return;
      this.onTitle('Letters');
      render(
        this.element,
        html`<h1 class="govuk-heading-l" tabindex="-1">${error.code === 'not_found' ? 'No such template' : 'Letters could not be opened'}</h1>
          <p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="#/settings/letters">All letter templates</a></p>`,
      );
    }
    this.element.querySelector(flash ? '.app-flash' : 'h1')?.focus({ preventScroll: true });
  }

  drawList(list) {
    render(
      this.element,
      html`<span class="govuk-caption-l">Settings</span>
        <h1 class="govuk-heading-l" tabindex="-1">Letters</h1>
        <p class="govuk-body">The letters Recovery Desk writes. Open one to change its wording: each save is a new version, and every letter
          already issued keeps the version it was written with.</p>
        <table class="govuk-table app-table app-templates">
          <caption class="govuk-visually-hidden">Letter templates</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Letter</th>
              <th scope="col" class="govuk-table__header">Kind</th>
              <th scope="col" class="govuk-table__header">For</th>
              <th scope="col" class="govuk-table__header">Language</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Version</th>
              <th scope="col" class="govuk-table__header">Last change</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            ${list.map(
              (t) => html`<tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href="#/settings/letters/${encodeURIComponent(t.name)}">${t.title}</a>
                  <br><span class="app-ref app-muted">${t.name}</span>
                </td>
                <td class="govuk-table__cell">${kind(t.kind)}</td>
                <td class="govuk-table__cell">${t.debt_types.length ? t.debt_types.map((d) => debtType(d)).join(', ') : 'Any debt'}</td>
                <td class="govuk-table__cell">${languages(t.languages)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">${t.version}</td>
                <td class="govuk-table__cell">${source(t)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
    );
  }

  drawEditor(t, versions, flash) {
    const newest = versions[0]?.version ?? t.version;
    const old = t.version !== newest;
    render(
      this.element,
      html`${flash
          ? html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="tpl-flash-title" tabindex="-1">
              <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="tpl-flash-title">Saved</h2></div>
              <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${flash}</p></div>
            </div>`
          : ''}
        <a class="govuk-back-link" href="#/settings/letters">All letter templates</a>
        <span class="govuk-caption-l">Settings · Letters</span>
        <h1 class="govuk-heading-l" tabindex="-1">${t.title}</h1>
        <dl class="govuk-summary-list app-summary-list--compact app-template-facts">
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Name</dt><dd class="govuk-summary-list__value"><span class="app-ref">${t.name}</span></dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Version</dt><dd class="govuk-summary-list__value" data-version>${t.version}${old ? html` <strong class="govuk-tag govuk-tag--yellow app-tag">Older version</strong>` : ''}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Last change</dt><dd class="govuk-summary-list__value">${source(t)}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Language</dt><dd class="govuk-summary-list__value">${languages(t.languages)}</dd></div>
        </dl>
        ${old
          ? html`<div class="govuk-inset-text">You are looking at version ${t.version}. The newest is version ${newest}.
              Saving this text makes it version ${newest + 1}, so letters use it again.</div>`
          : ''}

        <error-summary></error-summary>
        <form class="app-form app-template-form" novalidate>
          <div class="govuk-form-group" data-field="body">
            <label class="govuk-label govuk-label--m" for="template-body">Template</label>
            <div class="govuk-hint" id="template-body-hint">
              The header, a line <code>---</code>, then the letter. Merge fields go in <code>{{ }}</code>, for example
              <code>{{ recipient.salutation }}</code> or <code>{{ notice.amount_due | money }}</code>; conditions and tables use
              <code>{% if %}</code> and <code>{% for %}</code>. Check finds unknown fields and names their line.
            </div>
            <p class="govuk-error-message" id="template-body-error" hidden><span class="govuk-visually-hidden">Error:</span> <span data-error-text></span></p>
            <textarea class="govuk-textarea app-template-form__body" id="template-body" name="body" rows="28" spellcheck="false"
              autocomplete="off" aria-describedby="template-body-hint">${t.body}</textarea>
          </div>
          <div class="govuk-button-group">
            <button type="button" class="govuk-button govuk-button--secondary" data-action="check">Check</button>
            <button type="button" class="govuk-button govuk-button--secondary" data-action="preview">Preview with the demo case</button>
            <button type="submit" class="govuk-button" data-action="save">Save as version ${newest + 1}</button>
          </div>
          <p class="govuk-body app-template-form__status" role="status" data-status></p>
        </form>
        <letter-pages></letter-pages>

        <h2 class="govuk-heading-m app-section-title">Version history</h2>
        <table class="govuk-table app-table app-template-versions">
          <caption class="govuk-visually-hidden">Versions of ${t.title}, newest first</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Version</th>
              <th scope="col" class="govuk-table__header">Saved</th>
              <th scope="col" class="govuk-table__header">By</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Open</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            ${versions.map(
              (v) => html`<tr class="govuk-table__row${v.version === t.version ? ' app-row--current' : ''}">
                <td class="govuk-table__cell">${v.version}${v.source === 'shipped' ? html` <span class="app-muted">(shipped)</span>` : ''}</td>
                <td class="govuk-table__cell">${v.created_at ? dateTime(v.created_at) : html`<span class="app-muted">Not saved yet</span>`}</td>
                <td class="govuk-table__cell">${v.created_by ?? ''}</td>
                <td class="govuk-table__cell">${v.version === t.version
                  ? html`<span class="app-muted">Open now</span>`
                  : html`<a class="govuk-link" href="#/settings/letters/${encodeURIComponent(t.name)}?version=${v.version}">Open version ${v.version}</a>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
    );
    this.template = t;
    const form = this.element.querySelector('form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    this.element.querySelector('[data-action="check"]').addEventListener('click', () => this.check());
    this.element.querySelector('[data-action="preview"]').addEventListener('click', () => this.preview());
  }

  get body() {
    return this.element.querySelector('#template-body').value;
  }

  status(text) {
    this.element.querySelector('[data-status]').textContent = text;
  }

  /** Shows a template's problems (each with its line) in the error summary and on the textarea. */
  showProblems(problems) {
    const group = this.element.querySelector('[data-field="body"]');
    const message = group.querySelector('.govuk-error-message');
    const textarea = group.querySelector('textarea');
    if (!problems.length) {
      this.element.querySelector('error-summary').clear();
      group.classList.remove('govuk-form-group--error');
      textarea.classList.remove('govuk-textarea--error');
      textarea.setAttribute('aria-describedby', 'template-body-hint');
      message.hidden = true;
      return;
    }
    group.classList.add('govuk-form-group--error');
    textarea.classList.add('govuk-textarea--error');
    textarea.setAttribute('aria-describedby', 'template-body-hint template-body-error');
    message.hidden = false;
    message.querySelector('[data-error-text]').textContent =
      problems.length === 1 ? `There is a problem on line ${problems[0].line}` : `There are ${problems.length} problems: see the list above`;
    this.element.querySelector('error-summary').show(
      problems.map((p) => ({ text: `Line ${p.line}: ${p.message}`, target: 'template-body', line: p.line })),
      { title: problems.length === 1 ? 'This template has a problem' : 'This template has problems' },
    );
  }

  showError(error) {
    this.element.querySelector('error-summary').show([{ text: error.message, target: 'template-body' }]);
  }

  async check() {
    this.status('Checking…');
    try {
      const problems = await api.validateLetterTemplate(this.body);
      this.showProblems(problems);
      this.status(problems.length ? '' : 'No problems found. Every merge field is known and the demo case prints.');
      return problems;
    } catch (error) {
      this.status('');
      this.showError(error);
      return null;
    }
  }

  async preview() {
    const problems = await this.check();
    if (!problems || problems.length) return;
    this.status('Laying out the preview…');
    try {
      const letter = await api.previewLetterTemplate(this.body);
      this.status('');
      const pages = this.element.querySelector('letter-pages');
      pages.show(letter, { heading: 'Preview with the demo case', note: 'Ms Sample Person, account DEMO0000001: every merge field filled in.' });
      pages.focusHeading();
    } catch (error) {
      this.status('');
      this.showError(error);
    }
  }

  async save() {
    const problems = await this.check();
    if (!problems || problems.length) return;
    this.status('Saving…');
    try {
      const saved = await api.saveLetterTemplate(this.body);
      await this.show({ name: saved.name, flash: `${saved.title} saved as version ${saved.version}. New letters use it from now on.` });
      if (location.hash !== `#/settings/letters/${encodeURIComponent(saved.name)}`) {
        history.replaceState(null, '', `#/settings/letters/${encodeURIComponent(saved.name)}`);
      }
    } catch (error) {
      this.status('');
      this.showError(error);
    }
  }
}
