-- 0005: the recovery engine (issue 5): instalments stored per liability, batch runs (preview, authorise,
-- commit, reverse), reversed stages, hold facts the law turns on, and tasks linked to their hold or run.
-- Shipped migrations never change (tests/it/migrations.rs keeps their hashes). Conventions as in 0001.

-- One demand notice's instalments (or a revised notice's, or an invoice's single due date). Insert-only: a
-- revised schedule is a new row naming the one it revises, with the next revision number; the current
-- schedule of a liability is its highest revision (then the newest created_at, then id). `rules` is JSON:
-- every rule that shaped the schedule, with its regulation.
CREATE TABLE instalment_schedules (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL REFERENCES accounts (id),
    liability_id         TEXT NOT NULL REFERENCES liabilities (id),
    scheme               TEXT NOT NULL CHECK (scheme IN ('ten', 'twelve', 'invoice')),
    bill_date            TEXT NOT NULL,     -- the day the notice, revised notice or invoice was issued
    day_of_month         INTEGER,           -- the council's instalment day (statutory schemes)
    charge_pence         INTEGER NOT NULL,  -- what the instalments sum to
    revises_schedule_id  TEXT REFERENCES instalment_schedules (id),
    revision             INTEGER NOT NULL DEFAULT 1,
    rules                TEXT NOT NULL DEFAULT '[]',
    reason               TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    device_id            TEXT NOT NULL
) STRICT;
CREATE INDEX instalment_schedules_liability ON instalment_schedules (liability_id, revision, created_at, id);

-- `cumulative_pence` is this instalment and every earlier one of the schedule: payments meet instalments
-- oldest first, so the oldest unpaid instalment is the first whose cumulative sum exceeds what was paid. A
-- schedule's instalments are written before its row (the reference is checked at commit), so the summary
-- reads them once when the schedule arrives.
CREATE TABLE instalments (
    id                TEXT PRIMARY KEY,
    schedule_id       TEXT NOT NULL REFERENCES instalment_schedules (id) DEFERRABLE INITIALLY DEFERRED,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    liability_id      TEXT NOT NULL REFERENCES liabilities (id),
    number            INTEGER NOT NULL,
    due_on            TEXT NOT NULL,
    amount_pence      INTEGER NOT NULL CHECK (amount_pence >= 0),
    cumulative_pence  INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    UNIQUE (schedule_id, number)
) STRICT;
CREATE INDEX instalments_cumulative ON instalments (schedule_id, cumulative_pence, due_on, amount_pence, number);

-- A batch run: reminder, second reminder, final notice or summons selection for one debt type on one day.
-- prepared (previewed) → authorised → committed → dispatched; or reversed (before dispatch), or cancelled.
CREATE TABLE recovery_runs (
    id               TEXT PRIMARY KEY,
    run_type         TEXT NOT NULL CHECK (run_type IN ('reminder', 'second_reminder', 'final_notice', 'summons')),
    debt_type        TEXT NOT NULL CHECK (debt_type IN
                       ('council_tax', 'business_rates', 'hb_overpayment', 'sundry', 'adult_social_care')),
    run_on           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                       ('prepared', 'authorised', 'committed', 'dispatched', 'reversed', 'cancelled')),
    filters          TEXT NOT NULL DEFAULT '{}',   -- JSON, as previewed
    selected_count   INTEGER NOT NULL DEFAULT 0,
    excluded_count   INTEGER NOT NULL DEFAULT 0,
    selected_pence   INTEGER NOT NULL DEFAULT 0,
    prepared_by      TEXT NOT NULL,
    prepared_at      TEXT NOT NULL,
    authorised_by    TEXT,
    authorised_at    TEXT,
    committed_by     TEXT,
    committed_at     TEXT,
    committed_count  INTEGER NOT NULL DEFAULT 0,
    dispatched_by    TEXT,
    dispatched_at    TEXT,
    reversed_by      TEXT,
    reversed_at      TEXT,
    status_reason    TEXT NOT NULL DEFAULT '',     -- why it was reversed or cancelled
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    updated_at       TEXT,
    deleted_at       TEXT
) STRICT;
CREATE INDEX recovery_runs_day ON recovery_runs (run_on, run_type, debt_type);

-- Every candidate of a run, in or out, with the reason, the rule and the regulation. A committed item names
-- the stage row, cost entry and letters it made; a reversed one keeps them (reversals are new rows).
CREATE TABLE recovery_run_items (
    id              TEXT PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES recovery_runs (id),
    run_type        TEXT NOT NULL,
    notice_on       TEXT NOT NULL,              -- the run's day
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    liability_id    TEXT NOT NULL REFERENCES liabilities (id),
    selected        INTEGER NOT NULL CHECK (selected IN (0, 1)),
    exclusion       TEXT NOT NULL DEFAULT '',   -- why out, as a code: hold, arrangement, limitation, ...
    needs_decision  INTEGER NOT NULL DEFAULT 0 CHECK (needs_decision IN (0, 1)),
    reason          TEXT NOT NULL,
    rule            TEXT NOT NULL,
    regulation      TEXT NOT NULL,
    step_on         TEXT,                       -- the day the step became (or becomes) lawful
    amount_pence    INTEGER NOT NULL,           -- what the notice claims (arrears or balance)
    status          TEXT NOT NULL CHECK (status IN ('previewed', 'committed', 'dropped', 'reversed')),
    commit_note     TEXT NOT NULL DEFAULT '',   -- why dropped at commit
    stage_id        TEXT REFERENCES recovery_stages (id),
    cost_entry_id   TEXT REFERENCES ledger_entries (id),
    document_ids    TEXT NOT NULL DEFAULT '[]', -- JSON array: one letter per liable party
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT
) STRICT;
CREATE INDEX recovery_run_items_run ON recovery_run_items (run_id, selected, account_id);
CREATE INDEX recovery_run_items_liability ON recovery_run_items (liability_id, status);
-- Safe to run twice: one committed notice of a kind per liability per day, whichever run made it.
CREATE UNIQUE INDEX recovery_run_items_once ON recovery_run_items (liability_id, run_type, notice_on)
    WHERE status = 'committed';

-- A stage entered in error or by a run reversed before dispatch. The stage history is insert-only, so the
-- reversed row stays; `restored_stage_id` re-enters the stage the account was at. Neither counts as a notice.
CREATE TABLE recovery_stage_reversals (
    id                 TEXT PRIMARY KEY,
    stage_id           TEXT NOT NULL UNIQUE REFERENCES recovery_stages (id),
    restored_stage_id  TEXT REFERENCES recovery_stages (id),
    run_id             TEXT REFERENCES recovery_runs (id),
    account_id         TEXT NOT NULL REFERENCES accounts (id),
    reason             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    device_id          TEXT NOT NULL
) STRICT;
CREATE INDEX recovery_stage_reversals_restored ON recovery_stage_reversals (restored_stage_id);
CREATE INDEX recovery_stage_reversals_account ON recovery_stage_reversals (account_id);

-- A liability's credits, dated, read without visiting the ledger table (the timetable of every liability reads
-- them): payments, refunds, transfers, write-offs and reversals (which count as the kind they reverse).
CREATE INDEX ledger_entries_credits
    ON ledger_entries (liability_id, effective_on, amount_pence, kind, reverses_entry_id)
    WHERE kind IN ('payment', 'refund', 'transfer', 'write_off', 'reversal');

-- The engine reads a liability's notices (its stages) and an account's stages with no year (an arrangement)
-- without visiting the table.
CREATE INDEX recovery_stages_liability ON recovery_stages (liability_id, entered_on, stage, created_at, id)
    WHERE liability_id IS NOT NULL;
CREATE INDEX recovery_stages_account_level ON recovery_stages (account_id, entered_on, stage, created_at, id)
    WHERE liability_id IS NULL;

-- Hold facts the law turns on (recovery-rules.md §4, §5) and its evidence.
ALTER TABLE holds ADD COLUMN registered_on TEXT;          -- Breathing Space: entered on the register
ALTER TABLE holds ADD COLUMN treatment_ended_on TEXT;     -- mental health crisis: treatment ended
ALTER TABLE holds ADD COLUMN review_on TEXT;              -- the officer's review date
ALTER TABLE holds ADD COLUMN notice_received_on TEXT;     -- when the notice or evidence arrived
ALTER TABLE holds ADD COLUMN adviser TEXT NOT NULL DEFAULT '';   -- debt adviser or insolvency practitioner

-- Tasks raised by a hold or by a run (a case excluded that needs a decision).
ALTER TABLE tasks ADD COLUMN hold_id TEXT REFERENCES holds (id);
ALTER TABLE tasks ADD COLUMN run_id TEXT REFERENCES recovery_runs (id);
ALTER TABLE tasks ADD COLUMN detail TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_assigned ON tasks (assigned_to, status, due_on);
CREATE INDEX tasks_hold ON tasks (hold_id) WHERE hold_id IS NOT NULL;

-- Local-only summary of each liability's ledger (and the account's entries with no liability, under ''),
-- kept by triggers as entries arrive, with the current schedule's last due date and its oldest unpaid
-- instalment (payments meet the charge oldest instalment first), and how many notices of each class its
-- stage history holds (reversed ones not counted). The runs read it to find candidates fast;
-- `db::instalments::summary_mismatches` proves it equals the ledger and the stages (tests/recovery.rs).
-- `other_pence` holds anything not classed (a reversal of a reversal), so the four sums are the balance.
CREATE TABLE local_liability_balances (
    account_id            TEXT NOT NULL,
    liability_id          TEXT NOT NULL,
    debt_type             TEXT NOT NULL,
    charged_pence         INTEGER NOT NULL DEFAULT 0,   -- charges and adjustments
    costs_pence           INTEGER NOT NULL DEFAULT 0,
    credited_pence        INTEGER NOT NULL DEFAULT 0,   -- payments, refunds, transfers, write-offs (negative)
    other_pence           INTEGER NOT NULL DEFAULT 0,
    schedule_id           TEXT,
    last_due_on           TEXT,
    oldest_unpaid_due_on  TEXT,
    financial_year        INTEGER,                      -- from the liability, when a schedule is stored
    period_from           TEXT,
    scheme                TEXT,                         -- the current schedule's scheme and bill date
    bill_date             TEXT,
    reminder_notices      INTEGER NOT NULL DEFAULT 0,   -- reminder and second reminder stages
    final_notices         INTEGER NOT NULL DEFAULT 0,   -- final notice stages
    beyond_notices        INTEGER NOT NULL DEFAULT 0,   -- summons and later stages: past the notices
    PRIMARY KEY (account_id, liability_id)
) STRICT, WITHOUT ROWID;
-- Covering indexes for the runs' candidate searches: arrears not yet at a summons, and (for reminders) years
-- with instalments still to fall due.
CREATE INDEX local_liability_balances_arrears
    ON local_liability_balances (debt_type, oldest_unpaid_due_on, reminder_notices, final_notices)
    WHERE oldest_unpaid_due_on IS NOT NULL AND beyond_notices = 0;
CREATE INDEX local_liability_balances_current
    ON local_liability_balances (debt_type, last_due_on, oldest_unpaid_due_on, reminder_notices, final_notices)
    WHERE oldest_unpaid_due_on IS NOT NULL AND beyond_notices = 0;

INSERT INTO local_liability_balances (account_id, liability_id, debt_type, charged_pence, costs_pence,
                                      credited_pence, other_pence)
SELECT e.account_id, coalesce(e.liability_id, ''), a.debt_type,
       sum(CASE WHEN coalesce(o.kind, e.kind) IN ('charge', 'adjustment') THEN e.amount_pence ELSE 0 END),
       sum(CASE WHEN coalesce(o.kind, e.kind) = 'cost' THEN e.amount_pence ELSE 0 END),
       sum(CASE WHEN coalesce(o.kind, e.kind) IN ('payment', 'refund', 'transfer', 'write_off')
                THEN e.amount_pence ELSE 0 END),
       sum(CASE WHEN coalesce(o.kind, e.kind) IN ('charge', 'adjustment', 'cost', 'payment', 'refund', 'transfer',
                                                  'write_off') THEN 0 ELSE e.amount_pence END)
FROM ledger_entries e
JOIN accounts a ON a.id = e.account_id
LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
GROUP BY e.account_id, coalesce(e.liability_id, '');

INSERT INTO local_liability_balances (account_id, liability_id, debt_type, reminder_notices, final_notices,
                                      beyond_notices)
SELECT st.account_id, st.liability_id, a.debt_type, sum(st.stage IN ('reminder', 'second_reminder')),
       sum(st.stage = 'final_notice'),
       sum(st.stage IN ('summons', 'liability_order', 'attachment_of_earnings', 'deduction_from_benefit',
                     'enforcement_agent', 'charging_order', 'insolvency', 'committal', 'county_court', 'written_off'))
FROM recovery_stages st
JOIN accounts a ON a.id = st.account_id
WHERE st.liability_id IS NOT NULL
GROUP BY st.account_id, st.liability_id
ON CONFLICT (account_id, liability_id) DO UPDATE SET
    reminder_notices = excluded.reminder_notices, final_notices = excluded.final_notices,
    beyond_notices = excluded.beyond_notices;

-- Kept by two statements per entry: a year seen for the first time gets its row (the account's debt type read
-- then only), and one update adds the amount to its class (a reversal's class is read only for a reversal) and
-- moves the oldest unpaid instalment when the year has a schedule.
CREATE TRIGGER local_liability_balances_ledger AFTER INSERT ON ledger_entries
BEGIN
    INSERT INTO local_liability_balances (account_id, liability_id, debt_type)
    SELECT NEW.account_id, coalesce(NEW.liability_id, ''), a.debt_type FROM accounts a
    WHERE a.id = NEW.account_id AND NOT EXISTS (
        SELECT 1 FROM local_liability_balances b
        WHERE b.account_id = NEW.account_id AND b.liability_id = coalesce(NEW.liability_id, ''));
    UPDATE local_liability_balances
    SET charged_pence = charged_pence + CASE WHEN (CASE WHEN NEW.reverses_entry_id IS NULL THEN NEW.kind
                   ELSE (SELECT kind FROM ledger_entries WHERE id = NEW.reverses_entry_id) END) IN ('charge', 'adjustment')
                                             THEN NEW.amount_pence ELSE 0 END,
        costs_pence = costs_pence + CASE WHEN (CASE WHEN NEW.reverses_entry_id IS NULL THEN NEW.kind
                   ELSE (SELECT kind FROM ledger_entries WHERE id = NEW.reverses_entry_id) END) = 'cost' THEN NEW.amount_pence ELSE 0 END,
        credited_pence = credited_pence + CASE WHEN (CASE WHEN NEW.reverses_entry_id IS NULL THEN NEW.kind
                   ELSE (SELECT kind FROM ledger_entries WHERE id = NEW.reverses_entry_id) END) IN ('payment', 'refund', 'transfer', 'write_off')
                                               THEN NEW.amount_pence ELSE 0 END,
        other_pence = other_pence + CASE WHEN (CASE WHEN NEW.reverses_entry_id IS NULL THEN NEW.kind
                   ELSE (SELECT kind FROM ledger_entries WHERE id = NEW.reverses_entry_id) END) IN ('charge', 'adjustment', 'cost', 'payment', 'refund',
                                                        'transfer', 'write_off')
                                         THEN 0 ELSE NEW.amount_pence END,
        oldest_unpaid_due_on = CASE WHEN schedule_id IS NULL THEN oldest_unpaid_due_on ELSE (
            SELECT i.due_on FROM instalments i
            WHERE i.schedule_id = local_liability_balances.schedule_id
              AND i.cumulative_pence > -(credited_pence
                  + CASE WHEN (CASE WHEN NEW.reverses_entry_id IS NULL THEN NEW.kind
                   ELSE (SELECT kind FROM ledger_entries WHERE id = NEW.reverses_entry_id) END) IN ('payment', 'refund', 'transfer', 'write_off')
                         THEN NEW.amount_pence ELSE 0 END)
            ORDER BY i.cumulative_pence LIMIT 1) END
    WHERE account_id = NEW.account_id AND liability_id = coalesce(NEW.liability_id, '');
END;

CREATE TRIGGER local_liability_balances_schedule AFTER INSERT ON instalment_schedules
BEGIN
    INSERT INTO local_liability_balances (account_id, liability_id, debt_type, schedule_id, financial_year,
                                          period_from, scheme, bill_date)
    SELECT NEW.account_id, NEW.liability_id, (SELECT debt_type FROM accounts WHERE id = NEW.account_id), NEW.id,
           l.financial_year, l.period_from, NEW.scheme, NEW.bill_date
    FROM liabilities l WHERE l.id = NEW.liability_id
    ON CONFLICT (account_id, liability_id) DO UPDATE SET
        schedule_id = excluded.schedule_id, financial_year = excluded.financial_year,
        period_from = excluded.period_from, scheme = excluded.scheme, bill_date = excluded.bill_date
    WHERE local_liability_balances.schedule_id IS NULL
       OR (SELECT (s.revision, s.created_at, s.id) < (NEW.revision, NEW.created_at, NEW.id)
           FROM instalment_schedules s WHERE s.id = local_liability_balances.schedule_id);
    UPDATE local_liability_balances
    SET last_due_on = (SELECT max(due_on) FROM instalments WHERE schedule_id = NEW.id),
        oldest_unpaid_due_on = (
            SELECT i.due_on FROM instalments i
            WHERE i.schedule_id = NEW.id AND i.cumulative_pence > -local_liability_balances.credited_pence
            ORDER BY i.cumulative_pence LIMIT 1)
    WHERE account_id = NEW.account_id AND liability_id = NEW.liability_id AND schedule_id = NEW.id;
END;

CREATE TRIGGER local_liability_balances_instalment AFTER INSERT ON instalments
BEGIN
    UPDATE local_liability_balances
    SET last_due_on = (SELECT max(due_on) FROM instalments WHERE schedule_id = NEW.schedule_id),
        oldest_unpaid_due_on = (
            SELECT i.due_on FROM instalments i
            WHERE i.schedule_id = NEW.schedule_id AND i.cumulative_pence > -local_liability_balances.credited_pence
            ORDER BY i.cumulative_pence LIMIT 1)
    WHERE account_id = NEW.account_id AND liability_id = NEW.liability_id AND schedule_id = NEW.schedule_id;
END;

CREATE TRIGGER local_liability_balances_stage AFTER INSERT ON recovery_stages
WHEN NEW.liability_id IS NOT NULL
 AND NEW.stage IN ('reminder', 'second_reminder', 'final_notice', 'summons', 'liability_order', 'attachment_of_earnings', 'deduction_from_benefit',
                     'enforcement_agent', 'charging_order', 'insolvency', 'committal', 'county_court', 'written_off')
BEGIN
    INSERT INTO local_liability_balances (account_id, liability_id, debt_type)
    SELECT NEW.account_id, NEW.liability_id, a.debt_type FROM accounts a
    WHERE a.id = NEW.account_id AND NOT EXISTS (
        SELECT 1 FROM local_liability_balances b
        WHERE b.account_id = NEW.account_id AND b.liability_id = NEW.liability_id);
    UPDATE local_liability_balances
    SET reminder_notices = reminder_notices + (NEW.stage IN ('reminder', 'second_reminder')),
        final_notices = final_notices + (NEW.stage = 'final_notice'),
        beyond_notices = beyond_notices + (NEW.stage IN ('summons', 'liability_order', 'attachment_of_earnings', 'deduction_from_benefit',
                     'enforcement_agent', 'charging_order', 'insolvency', 'committal', 'county_court', 'written_off'))
    WHERE account_id = NEW.account_id AND liability_id = NEW.liability_id;
END;

-- A reversed stage, and the row that restored the previous stage, no longer count as notices.
CREATE TRIGGER local_liability_balances_stage_reversal AFTER INSERT ON recovery_stage_reversals
BEGIN
    UPDATE local_liability_balances
    SET reminder_notices = reminder_notices - (
            SELECT count(*) FROM recovery_stages st
            WHERE st.id IN (NEW.stage_id, NEW.restored_stage_id) AND st.liability_id = local_liability_balances.liability_id
              AND st.stage IN ('reminder', 'second_reminder')),
        final_notices = final_notices - (
            SELECT count(*) FROM recovery_stages st
            WHERE st.id IN (NEW.stage_id, NEW.restored_stage_id) AND st.liability_id = local_liability_balances.liability_id
              AND st.stage = 'final_notice'),
        beyond_notices = beyond_notices - (
            SELECT count(*) FROM recovery_stages st
            WHERE st.id IN (NEW.stage_id, NEW.restored_stage_id) AND st.liability_id = local_liability_balances.liability_id
              AND st.stage IN ('summons', 'liability_order', 'attachment_of_earnings', 'deduction_from_benefit',
                     'enforcement_agent', 'charging_order', 'insolvency', 'committal', 'county_court', 'written_off'))
    WHERE account_id = NEW.account_id AND liability_id IN (
        SELECT liability_id FROM recovery_stages WHERE id IN (NEW.stage_id, NEW.restored_stage_id)
          AND liability_id IS NOT NULL);
END;
