// Writes the Court and Bundle builder fixtures (tests/ui/fixtures/court_*.json, or into the folder given third) from the real core through the CLI on a demo caseload: `node tests/ui/make-court-fixtures.mjs <path to recovery-desk-cli> [out dir]`; tests/it/ui_fixtures_court.rs checks the committed ones still have the core's shape. The views are the core's own JSON (trimmed to a few lines); the draft bundle view is assembled from the CLI's issued bundle and a prepare refusal. Test code only.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.argv[2];
const outDir = process.argv[3] ?? path.join(here, 'fixtures');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-fx-'));
const db = path.join(dir, 'court.db');
const TODAY = '2026-12-01';

function run(today, user, args) {
  const out = execFileSync(cli, ['--db', db, '--today', today, '--user', user, ...args, '--json'], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}
function refused(today, user, args) {
  const r = spawnSync(cli, ['--db', db, '--today', today, '--user', user, ...args]);
  return r.stderr.toString().trim();
}
function save(name, value) {
  fs.writeFileSync(path.join(outDir, `court_${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}
const trimList = (l, n = 8) => ({ ...l, lines: l.lines.slice(0, n) });

run(TODAY, 'cli.test', ['demo', '--accounts', '600']);
run(TODAY, 'admin', ['court', 'costs', '--year', '2026', '--pool', '110000.00', '--summonses', '1000', '--summons-percent', '60', '--adopted', '2026-04-01']);
const add = (date) => run(TODAY, 'officer.one', ['court', 'hearing', 'add', '--court', "Ashdown Magistrates' Court", '--address', 'Castle Street, Ashdown AS1 1AA', '--date', date, '--time', '10:00', '--officer', 'Alex Officer']);
const soon = add('2026-12-14');
const h = add('2027-01-05');
// T12: every summons posted today is served too late for a hearing on 14 December.
const tooSoon = run(TODAY, 'officer.one', ['court', 'summons', '--hearing', soon.id]);
const preview = run(TODAY, 'officer.one', ['court', 'summons', '--hearing', h.id]);
run(TODAY, 'team.leader', ['run', 'authorise', '--run', preview.id]);
run(TODAY, 'team.leader', ['run', 'commit', '--run', preview.id, '--no-letters']);
const heardOn = '2027-01-05';
const list = run(TODAY, 'officer.one', ['court', 'list', '--hearing', h.id, '--out', path.join(dir, 'l.pdf')]);
const first = list.lines[0].account_reference;
const marked = run(heardOn, 'officer.one', ['court', 'mark', '--hearing', h.id, '--account', first, '--mark', 'disputed', '--reason', 'Says she moved out in March']);
const refreshed = run(heardOn, 'officer.one', ['court', 'refresh', '--hearing', h.id]);
const hearingView = run(heardOn, 'officer.one', ['court', 'hearing', 'show', h.id]);
const hearings = run(heardOn, 'officer.one', ['court', 'hearing', 'list', '--since', '2026-11-01']);
const second = refreshed.lines.find((l) => l.account_reference !== first && l.status === 'proceeding').account_reference;
const outcomes = run(heardOn, 'team.leader', ['court', 'outcomes', '--hearing', h.id, '--bulk', 'granted', '--individual', `${second}=refused`, '--attended', second, '--note', `${second}=Paid on the day`]);
const granted = outcomes.list.lines.find((l) => l.result === 'granted').account_reference;
const bundle = run('2027-01-20', 'alex.officer', ['court', 'bundle', '--account', granted, '--kind', 'committal', '--out', path.join(dir, 'b.pdf'), '--officer', 'Alex Officer', '--court', "Ashdown Magistrates' Court", '--draft']);
const charging = refused('2027-01-20', 'alex.officer', ['court', 'bundle', '--account', granted, '--kind', 'charging-order', '--out', path.join(dir, 'c.pdf')]);

save('hearings', hearings);
save('hearing', hearingView);
save('hearing_new', { ...h, id: h.id });
save('preview_too_soon', { ...tooSoon, items: tooSoon.items.slice(0, 6) });
save('preview', { ...preview, items: preview.items.slice(0, 8) });
save('list', trimList(refreshed));
save('marked', trimList(marked));
save('outcomes', { ...outcomes, list: trimList(outcomes.list) });
save('bundle_pdf', bundle);
save('refusals', { charging_order: charging, account: granted });
console.log(`fixtures written; granted ${granted}, first ${first}, second ${second}`);
