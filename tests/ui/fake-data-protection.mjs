// The fake core's data protection commands for the UI tests (Settings → Data protection, the person screen's legal holds and subject access export): answers from fixtures written by Rust (tests/it/ui_fixtures_data_protection.rs: backups, the retention schedule, a preview with Gwendolyn Oakhurst due and two people held back, the run, the holds, Mrs Jane Smith's export). Test code only: it refuses by role as Rust does and keeps the settings it was given.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake data protection commands answer from. */
export function dataProtectionFixtures() {
  return {
    settings: fixture('dp_backup_settings_saved'),
    settingsAfterBackup: fixture('dp_backup_settings'),
    errorKeep: fixture('dp_backup_error_keep'),
    backup: fixture('dp_backup_now'),
    restore: fixture('dp_restore'),
    forbidden: fixture('dp_error_forbidden'),
    schedule: fixture('dp_retention_schedule'),
    preview: fixture('dp_retention_preview'),
    run: fixture('dp_retention_run'),
    holds: fixture('dp_legal_holds'),
    sar: fixture('dp_sar_jane'),
  };
}

/**
 * Runs in the page (page.addInitScript) after the other fakes: wraps `window.__fakeMore(cmd, input)`.
 * `fx.role` is the signed-in role: backups, the run and releasing a hold are the administrator's; the preview
 * and the subject access export a team leader's too; an officer is refused them with Rust's words.
 */
export function fakeDataProtection(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const previous = window.__fakeMore;
  const state = { settings: clone(fx.settings), anonymised: false, holds: clone(fx.holds) };
  const only = (...roles) => {
    if (!roles.includes(fx.role)) throw clone(fx.forbidden);
  };
  window.__fakeMore = (cmd, input) => {
    switch (cmd) {
      case 'backup_settings':
        only('admin');
        return { value: clone(state.settings) };
      case 'save_backup_settings':
        only('admin');
        if (!(input.keep >= 1 && input.keep <= 1000)) throw clone(fx.errorKeep);
        if (!(input.everyHours >= 1 && input.everyHours <= 168)) throw { code: 'validation', field: 'everyHours', message: 'from 1 to 168 hours (a week)' };
        state.settings = { ...state.settings, folder: input.folder ?? null, every_hours: input.everyHours, keep: input.keep };
        return { value: clone(state.settings) };
      case 'backup_now':
        only('admin');
        if (!state.settings.folder) throw { code: 'validation', field: 'folder', message: 'choose a folder for backups first' };
        state.settings = { ...clone(fx.settingsAfterBackup), folder: state.settings.folder };
        return { value: clone(fx.backup) };
      case 'restore_backup':
        only('admin');
        if (!input.file.endsWith('.db')) throw { code: 'validation', field: input.file, message: 'is not a database this app can open' };
        // The shell signs out before it restores: the reload that follows comes back to sign-in.
        sessionStorage.setItem('__fake_signed_out', 'restore');
        return { value: clone(fx.restore) };
      case 'retention_schedule':
        return { value: clone(fx.schedule) };
      case 'save_retention_schedule':
        only('admin');
        return { value: clone(fx.schedule).map((r) => ({ ...r, years: input.rules.find((x) => x.recordType === r.record_type)?.years ?? r.years })) };
      case 'preview_retention': {
        only('admin', 'team_leader');
        const p = clone(fx.preview);
        if (state.anonymised) Object.assign(p, { due: [], party_ids: [], already_anonymised: p.already_anonymised + p.due.length });
        return { value: p };
      }
      case 'run_retention':
        only('admin');
        state.anonymised = true;
        return { value: clone(fx.run) };
      case 'legal_holds':
        return { value: clone(input.partyId ? state.holds.filter((h) => h.party_id === input.partyId) : state.holds) };
      case 'place_legal_hold': {
        if (!input.reason) throw { code: 'validation', field: 'reason', message: 'say what the dispute or complaint is' };
        const hold = { ...clone(fx.holds[0]), id: `hold-${state.holds.length + 1}`, party_id: input.partyId, kind: input.kind, kind_label: input.kind === 'dispute' ? 'Dispute' : 'Complaint', reason: input.reason, created_by: 'a.officer' };
        state.holds.push(hold);
        return { value: clone(hold) };
      }
      case 'release_legal_hold':
        only('admin');
        state.holds = state.holds.filter((h) => h.id !== input.id);
        return { value: {} };
      case 'subject_access_export':
        only('admin', 'team_leader');
        return { value: clone(fx.sar) };
      default:
        return previous?.(cmd, input);
    }
  };
}
