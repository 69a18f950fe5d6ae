// Settings → Data protection (#/settings/data-protection, issue 9). The administrator: backups (the folder, every N hours, keep N; a backup now; a restore from a backup file, which signs everyone out and reloads to sign-in), the retention schedule (years editable), its preview and the anonymisation run, and the legal holds in force (released here; placed from the person screen). A team leader sees the schedule, the preview and the holds. Any other role gets a plain refusal; Rust checks every role.
import { html, render } from '../lib/html.js';
import { errorsFrom, showInline, clearInline, errorSlot } from '../lib/form-errors.js';
import { date, dateTime, plural } from '../format.js';
import * as api from '../api.js';

/** "1234567" → "1.2 MB". */
export function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return plural(bytes, 'byte');
}

const BACKUP_FIELDS = {
  folder: { id: 'backup-folder', label: 'Folder' },
  everyHours: { id: 'backup-every', label: 'Hours between backups' },
  keep: { id: 'backup-keep', label: 'Backups to keep' },
};
const RESTORE_FIELDS = { file: { id: 'restore-file', label: 'Backup file' } };

function field(id, name, label, value, { hint = '', width = 'govuk-input--width-30', numeric = false } = {}) {
  return html`<div class="govuk-form-group" data-field="${name}">
    <label class="govuk-label govuk-label--s" for="${id}">${label}</label>
    ${hint ? html`<div class="govuk-hint" id="${id}-hint">${hint}</div>` : ''}
    ${errorSlot(id)}
    <input class="govuk-input ${width}" id="${id}" name="${name}" type="text" ${numeric ? html`inputmode="numeric"` : ''} autocomplete="off" spellcheck="false" value="${value ?? ''}" ${hint ? html`aria-describedby="${id}-hint"` : ''}>
  </div>`;
}

function done(id, title, body) {
  return html`<div class="govuk-notification-banner govuk-notification-banner--success app-flash" role="alert" aria-labelledby="${id}" tabindex="-1">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="${id}">${title}</h2></div>
    <div class="govuk-notification-banner__content">${body}</div>
  </div>`;
}

/** A whole number from a text box; anything else goes to Rust as it is, so Rust names the field. */
function whole(text) {
  const t = String(text ?? '').trim();
  return /^\d+$/.test(t) ? Number(t) : -1;
}

export class DataProtectionScreen {
  constructor({ app, onTitle }) {
    this.app = app;
    this.onTitle = onTitle;
    this.element = document.createElement('div');
    this.element.className = 'app-screen app-screen--data-protection';
    this.seq = 0;
    this.element.addEventListener('click', (event) => this.click(event));
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(event.target);
    });
  }

  get isAdmin() {
    return this.app.session?.role === 'admin';
  }

  async show() {
    const seq = ++this.seq;
    this.onTitle('Data protection');
    this.backup = null;
    this.preview = null;
    this.run = null;
    this.confirming = null;
    render(this.element, html`<p class="govuk-body app-loading" role="status">Loading…</p>`);
    try {
      const role = this.app.session?.role;
      if (role !== 'admin' && role !== 'team_leader') {
        // Only the administrator and team leaders have anything here; Rust gives the refusal's words.
        await api.backupSettings();
      }
      const [settings, schedule, holds] = await Promise.all([
        this.isAdmin ? api.backupSettings() : null,
        api.retentionSchedule(),
        api.legalHolds(),
      ]);
      if (seq !== this.seq) return;
      Object.assign(this, { settings, schedule, holds });
      this.draw();
      this.element.querySelector('h1')?.focus({ preventScroll: true });
    } catch (error) {
      if (seq !== this.seq) return;
      this.drawRefusal(error);
    }
  }

  drawRefusal(error) {
    render(
      this.element,
      html`<h1 class="govuk-heading-l" tabindex="-1">Data protection</h1>
        ${error.code === 'forbidden'
          ? html`<div class="govuk-inset-text" data-forbidden>
              <p class="govuk-body"><strong>Your role cannot use the data protection settings.</strong></p>
              <p class="govuk-body">The system administrator manages backups and retention. Team leaders can preview retention and make subject access exports from a person’s record.</p>
              <p class="govuk-body-s app-muted">${error.message}.</p>
            </div>`
          : html`<p class="govuk-body" data-error>Data protection could not be opened: ${error.message}</p>`}`,
    );
    this.element.querySelector('h1')?.focus({ preventScroll: true });
  }

  draw() {
    render(
      this.element,
      html`<h1 class="govuk-heading-l" tabindex="-1">Data protection</h1>
        <p class="govuk-body">${this.isAdmin ? 'Backups, the retention schedule and legal holds.' : 'The retention schedule, who is due for anonymisation, and the legal holds in force. The system administrator runs the anonymisation.'}</p>
        ${this.isAdmin ? this.backupsSection() : ''}
        ${this.retentionSection()}
        ${this.holdsSection()}`,
    );
  }

  // ------------------------------------------------------------------------------------------- backups

  backupsSection() {
    const s = this.settings;
    const b = this.backup;
    return html`<section class="app-section" aria-labelledby="backups-title" data-backups>
      <h2 class="govuk-heading-m" id="backups-title">Backups</h2>
      ${b ? done('backup-done-title', 'Backed up', html`<p class="govuk-body" data-backup-result>Backed up to <code data-backup-path>${b.path}</code> (${size(b.bytes)})${b.rotated_out.length ? html`; ${plural(b.rotated_out.length, 'older backup')} removed` : ''}.</p>`) : ''}
      <dl class="govuk-summary-list app-summary-list--compact">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Last backup</dt>
          <dd class="govuk-summary-list__value" data-last-backup>${s.last_backup_at
            ? html`${dateTime(s.last_backup_at)}<br><code>${s.last_backup_path}</code>`
            : html`<span class="app-muted">None yet</span>`}</dd>
        </div>
      </dl>
      <form novalidate data-form="backup-settings">
        <error-summary></error-summary>
        ${field('backup-folder', 'folder', 'Folder', s.folder, { hint: 'The whole path of the folder backups go to, such as a network drive. Leave it empty for no scheduled backups.' })}
        ${field('backup-every', 'everyHours', 'Hours between backups', s.every_hours, { hint: 'From 1 to 168. The app backs up while someone is signed in.', width: 'govuk-input--width-3', numeric: true })}
        ${field('backup-keep', 'keep', 'Backups to keep', s.keep, { hint: 'Older backups in the folder are removed; other files are never touched.', width: 'govuk-input--width-4', numeric: true })}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">Save backup settings</button>
          <button type="button" class="govuk-button" data-action="backup-now">Back up now</button>
        </div>
      </form>
      <h3 class="govuk-heading-s">Restore from a backup</h3>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
          Restoring replaces the whole database with the backup: anything done since it was taken is lost. Everyone is signed out. The replaced database is kept beside it.</strong>
      </div>
      <form novalidate data-form="restore">
        <error-summary></error-summary>
        ${this.confirming?.kind === 'restore'
          ? html`<div class="govuk-inset-text" data-confirm="restore">
              <p class="govuk-body">Restore <code>${this.confirming.file}</code> and sign out?</p>
              <div class="govuk-button-group">
                <button type="submit" class="govuk-button govuk-button--warning" data-confirmed>Yes, restore and sign out</button>
                <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel">Cancel</button>
              </div>
            </div>`
          : html`${field('restore-file', 'file', 'Backup file', '', { hint: 'The whole path of a file named like recovery-desk-20261125-091000.db.' })}
            <button type="submit" class="govuk-button govuk-button--warning">Restore</button>`}
      </form>
    </section>`;
  }

  // ------------------------------------------------------------------------------------------ retention

  retentionSection() {
    const admin = this.isAdmin;
    return html`<section class="app-section" aria-labelledby="retention-title" data-retention>
      <h2 class="govuk-heading-m" id="retention-title">Retention</h2>
      <form novalidate data-form="schedule">
        <error-summary></error-summary>
        <table class="govuk-table app-table" data-schedule>
          <caption class="govuk-table__caption govuk-table__caption--s">How long each kind of record is kept</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Record type</th>
            <th scope="col" class="govuk-table__header">Kept for</th>
            <th scope="col" class="govuk-table__header">Counted from</th>
            <th scope="col" class="govuk-table__header">Source</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            ${this.schedule.map(
              (r) => html`<tr class="govuk-table__row" data-rule="${r.record_type}">
                <th scope="row" class="govuk-table__header">${r.record_type_label}</th>
                <td class="govuk-table__cell app-nowrap">${admin
                  ? html`<label class="govuk-visually-hidden" for="years-${r.record_type}">Years to keep ${r.record_type_label}</label>
                      <input class="govuk-input govuk-input--width-2" id="years-${r.record_type}" data-years="${r.record_type}" type="text" inputmode="numeric" value="${r.years}"> years`
                  : plural(r.years, 'year')}</td>
                <td class="govuk-table__cell">${r.basis_label}</td>
                <td class="govuk-table__cell">${r.source}${r.changed && r.changed_by ? html`<br><span class="govuk-body-s app-muted">Changed by ${r.changed_by}${r.changed_at ? `, ${dateTime(r.changed_at)}` : ''}</span>` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${admin ? html`<button type="submit" class="govuk-button govuk-button--secondary">Save the schedule</button>` : ''}
      </form>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button" data-action="preview">Preview who is due</button>
      </div>
      ${this.run ? this.runResult() : ''}
      ${this.preview ? this.previewTables() : ''}
    </section>`;
  }

  previewTables() {
    const p = this.preview;
    const n = p.due.length;
    const person = (id, name) => html`<a class="govuk-link" href="#/person/${encodeURIComponent(id)}">${name}</a>`;
    return html`<div data-preview>
      <h3 class="govuk-heading-s">Due for anonymisation on ${date(p.as_of, { long: true })}</h3>
      ${n
        ? html`<table class="govuk-table app-table" data-due>
            <caption class="govuk-visually-hidden">People due for anonymisation</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Person</th>
              <th scope="col" class="govuk-table__header">Debts and rule</th>
              <th scope="col" class="govuk-table__header">Due since</th>
            </tr></thead>
            <tbody class="govuk-table__body">
              ${p.due.map(
                (d) => html`<tr class="govuk-table__row">
                  <td class="govuk-table__cell">${person(d.party_id, d.name)}</td>
                  <td class="govuk-table__cell">${d.accounts.map((a) => html`<span class="app-ref">${a.reference}</span> (${a.rule_label ?? 'no rule'}${a.cleared_on ? `, cleared ${date(a.cleared_on)}` : ''})<br>`)}</td>
                  <td class="govuk-table__cell app-nowrap">${date(d.due_on)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="govuk-body" data-none-due>No one is due.</p>`}
      ${p.held_back.length
        ? html`<h3 class="govuk-heading-s">Held back</h3>
            <table class="govuk-table app-table" data-held>
              <caption class="govuk-visually-hidden">People past a retention period but held back</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Person</th>
                <th scope="col" class="govuk-table__header">Why</th>
              </tr></thead>
              <tbody class="govuk-table__body">
                ${p.held_back.map(
                  (h) => html`<tr class="govuk-table__row">
                    <td class="govuk-table__cell">${person(h.party_id, h.name)}</td>
                    <td class="govuk-table__cell">${h.reasons.map((r) => html`${r.text}<br>`)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
        : ''}
      <p class="govuk-body-s app-muted">${plural(p.already_anonymised, 'person', 'people')} already anonymised.</p>
      ${this.isAdmin && n
        ? this.confirming?.kind === 'anonymise'
          ? html`<div class="govuk-warning-text" data-confirm="anonymise">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                Anonymise ${plural(n, 'person', 'people')}? Their names, contact details, notes and letters are removed for good. The ledger and the audit log are kept.</strong>
            </div>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" data-action="anonymise-confirmed">Yes, anonymise ${plural(n, 'person', 'people')}</button>
              <button type="button" class="govuk-button govuk-button--secondary" data-action="cancel">Cancel</button>
            </div>`
          : html`<button type="button" class="govuk-button govuk-button--warning" data-action="anonymise">Anonymise ${plural(n, 'person', 'people')}</button>`
        : ''}
    </div>`;
  }

  runResult() {
    const r = this.run;
    return done(
      'run-done-title',
      'Anonymised',
      html`<p class="govuk-body" data-run-result>${plural(r.anonymised.length, 'person', 'people')} anonymised on ${date(r.as_of, { long: true })}${r.skipped.length ? html`; ${plural(r.skipped.length, 'person', 'people')} skipped` : ''}.</p>
        ${r.skipped.length ? html`<ul class="govuk-list">${r.skipped.map((s) => html`<li>${s.reason}</li>`)}</ul>` : ''}`,
    );
  }

  // -------------------------------------------------------------------------------------------- holds

  holdsSection() {
    const holds = this.holds;
    return html`<section class="app-section" aria-labelledby="holds-title" data-legal-holds>
      <h2 class="govuk-heading-m" id="holds-title">Legal holds</h2>
      <p class="govuk-body">Nothing of a person under a legal hold is anonymised. Holds are placed from the person’s record.</p>
      <error-summary data-for="holds"></error-summary>
      ${holds.length
        ? html`<table class="govuk-table app-table">
            <caption class="govuk-visually-hidden">Legal holds in force</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Kind</th>
              <th scope="col" class="govuk-table__header">Reason</th>
              <th scope="col" class="govuk-table__header">Placed</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody class="govuk-table__body">
              ${holds.map(
                (h) => html`<tr class="govuk-table__row" data-hold="${h.id}">
                  <td class="govuk-table__cell">${h.kind_label}</td>
                  <td class="govuk-table__cell">${h.reason}</td>
                  <td class="govuk-table__cell app-nowrap">${date(h.placed_on)} by ${h.created_by}</td>
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href="#/person/${encodeURIComponent(h.party_id)}">Open the person<span class="govuk-visually-hidden"> under the ${h.kind_label.toLowerCase()} hold</span></a>
                    ${this.isAdmin
                      ? html`<form novalidate data-form="release" data-id="${h.id}" class="app-inline-form">
                          <label class="govuk-label govuk-label--s" for="release-${h.id}">Why it ends</label>
                          <input class="govuk-input govuk-input--width-20" id="release-${h.id}" name="reason" type="text" autocomplete="off">
                          <button type="submit" class="govuk-button govuk-button--secondary app-button--small">Release<span class="govuk-visually-hidden"> the ${h.kind_label.toLowerCase()} hold</span></button>
                        </form>`
                      : ''}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="govuk-body app-muted" data-no-holds>No legal hold is in force.</p>`}
    </section>`;
  }

  // ------------------------------------------------------------------------------------------ actions

  async click(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'cancel') {
      this.confirming = null;
      this.draw();
    } else if (action === 'backup-now') {
      const form = this.element.querySelector('[data-form="backup-settings"]');
      button.disabled = true;
      try {
        this.backup = await api.backupNow();
        this.settings = await api.backupSettings();
        this.draw();
        this.element.querySelector('[data-backups] .app-flash')?.focus();
      } catch (error) {
        button.disabled = false;
        this.fail(form, error, BACKUP_FIELDS);
      }
    } else if (action === 'preview') {
      await this.loadPreview();
    } else if (action === 'anonymise') {
      this.confirming = { kind: 'anonymise' };
      this.draw();
      this.element.querySelector('[data-action="anonymise-confirmed"]')?.focus();
    } else if (action === 'anonymise-confirmed') {
      button.disabled = true;
      try {
        this.run = await api.runRetention(this.preview.party_ids);
        this.confirming = null;
        this.preview = await api.previewRetention();
        this.draw();
        this.element.querySelector('[data-retention] .app-flash')?.focus();
      } catch (error) {
        button.disabled = false;
        this.fail(this.element.querySelector('[data-form="schedule"]'), error, {});
      }
    }
  }

  async loadPreview() {
    try {
      this.preview = await api.previewRetention();
      this.run = null;
      this.confirming = null;
      this.draw();
      this.element.querySelector('[data-preview] h3')?.setAttribute('tabindex', '-1');
      this.element.querySelector('[data-preview] h3')?.focus();
    } catch (error) {
      this.fail(this.element.querySelector('[data-form="schedule"]'), error, {});
    }
  }

  fail(form, error, fields) {
    const errors = errorsFrom(error, fields);
    showInline(form, errors);
    form.querySelector('error-summary').show(errors);
  }

  async submit(form) {
    const kind = form.dataset.form;
    const data = new FormData(form);
    try {
      if (kind === 'backup-settings') {
        clearInline(form);
        this.settings = await api.saveBackupSettings({
          folder: String(data.get('folder') ?? '').trim() || null,
          everyHours: whole(data.get('everyHours')),
          keep: whole(data.get('keep')),
        });
        this.backup = null;
        this.draw();
        this.flash('[data-backups]', 'Backup settings saved.');
      } else if (kind === 'restore') {
        if (!this.confirming) {
          const file = String(data.get('file') ?? '').trim();
          if (!file) {
            this.fail(form, { code: 'validation', field: 'file', message: 'Enter the whole path of the backup file' }, RESTORE_FIELDS);
            return;
          }
          this.confirming = { kind: 'restore', file };
          this.draw();
          this.element.querySelector('[data-confirmed]')?.focus();
          return;
        }
        const file = this.confirming.file;
        await api.restoreBackup(file);
        // Everyone is signed out: start again at sign-in, on the restored database.
        location.reload();
      } else if (kind === 'schedule') {
        const rules = this.schedule.map((r) => ({
          recordType: r.record_type,
          basis: r.basis,
          years: whole(form.querySelector(`[data-years="${r.record_type}"]`)?.value),
          source: r.source,
        }));
        this.schedule = await api.saveRetentionSchedule(rules);
        this.draw();
        this.flash('[data-retention]', 'Retention schedule saved.');
      } else if (kind === 'release') {
        await api.releaseLegalHold({ id: form.dataset.id, reason: String(data.get('reason') ?? '') });
        this.holds = await api.legalHolds();
        this.draw();
        this.flash('[data-legal-holds]', 'Legal hold released.');
      }
    } catch (error) {
      if (kind === 'restore') {
        this.confirming = null;
        this.draw();
        form = this.element.querySelector('[data-form="restore"]');
        this.fail(form, error, RESTORE_FIELDS);
        return;
      }
      const target = kind === 'release' ? this.element.querySelector('error-summary[data-for="holds"]').parentElement : form;
      this.fail(target, error, kind === 'backup-settings' ? BACKUP_FIELDS : {});
    }
  }

  flash(section, text) {
    const el = this.element.querySelector(section);
    const banner = document.createElement('div');
    el.querySelector('h2').after(banner);
    render(banner, done(`flash-${Date.now()}`, 'Done', html`<p class="govuk-notification-banner__heading">${text}</p>`));
    banner.querySelector('.app-flash')?.focus();
  }
}
