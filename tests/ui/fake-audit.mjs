// The fake core's audit commands for the UI tests (the Audit log screen): answers from fixtures written by Rust (tests/it/ui_fixtures_audit.rs: Mrs Jane Smith's record opened by Alex Officer and Tess Leader). Test code only: it never filters rows itself, it picks the fixture for the input given.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake audit commands answer from. */
export function auditFixtures() {
  return {
    filters: fixture('audit_filters'),
    page: fixture('audit_page'),
    officer: fixture('audit_page_officer'),
    page1: fixture('audit_page_1_of_2'),
    page2: fixture('audit_page_2_of_2'),
    errorDates: fixture('audit_error_dates'),
    forbidden: fixture('audit_error_forbidden'),
  };
}

/**
 * Runs in the page (page.addInitScript) after the other fakes: wraps `window.__fakeMore(cmd, input)`.
 * `window.__fake.auditRole = 'officer'` makes every audit command refuse as Rust does for an officer;
 * `window.__fake.auditPaged = true` answers in pages of three (the Rust fixture's two pages).
 */
export function fakeAudit(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const fake = window.__fake;
  const previous = window.__fakeMore;
  window.__fakeMore = (cmd, input) => {
    const refuse = () => {
      if (fake.auditRole === 'officer') throw clone(fx.forbidden);
    };
    switch (cmd) {
      case 'audit_filters':
        refuse();
        return { value: clone(fx.filters) };
      case 'audit_log':
        refuse();
        if (input.from && input.to && input.to < input.from) throw clone(fx.errorDates);
        if (input.userId === 'a.officer') return { value: clone(fx.officer) };
        if (fake.auditPaged) return { value: clone(input.page === 2 ? fx.page2 : fx.page1) };
        return { value: clone(fx.page) };
      case 'export_audit_csv':
        refuse();
        return { value: { path: '/home/a.officer/.local/share/uk.recoverydesk.app/audit-exports/audit-log-2026-11-25T160000Z.csv' } };
      default:
        return previous?.(cmd, input);
    }
  };
}
