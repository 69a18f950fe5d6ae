-- 0007: arrangements to pay (issue 7): the plan agreed over a person's debts, its schedule (a reinstatement adds
-- a revision), what happened to it (agreed, default letters, broken, completed, cancelled, reinstated) and the
-- daily monitoring runs. Shipped migrations never change (tests/it/migrations.rs keeps their hashes).
-- Conventions as in 0001: STRICT, app-generated UUIDv7 ids, only TEXT and INTEGER (money in pence, dates ISO),
-- provenance on every row, child rows carry their party (an arrangement may span a person's accounts) and, for
-- debts, their account. While an arrangement is live each of its debts stands at the recovery stage
-- `arrangement` (recovery_stages), which the runs skip; when it ends the stage `arrangement_ended` (or
-- `cleared`) is entered and the timetable picks up from the notices the debt had.

-- One arrangement. `status` is live until it is broken, completed or cancelled; a reinstatement makes it live
-- again (with a new schedule revision). `schedule_id` is the current schedule. `checks` (JSON) are the checks
-- the officer saw when it was agreed, `affordable_pence` the I&E's affordable monthly figure then.
CREATE TABLE arrangements (
    id                     TEXT PRIMARY KEY,
    party_id               TEXT NOT NULL REFERENCES parties (id),
    status                 TEXT NOT NULL CHECK (status IN ('live', 'completed', 'broken', 'cancelled')),
    frequency              TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'four_weekly', 'monthly')),
    method                 TEXT NOT NULL CHECK (method IN ('direct_debit', 'standing_order', 'card', 'cash')),
    agreed_on              TEXT NOT NULL,
    agreed_how             TEXT NOT NULL CHECK (agreed_how IN ('phone', 'letter', 'adviser')),
    agreed_with            TEXT NOT NULL DEFAULT '',   -- who agreed it: the person, their representative, an adviser
    debt_order             TEXT NOT NULL CHECK (debt_order IN ('oldest_first', 'current_year_first')),
    affordable_pence       INTEGER,
    income_expenditure_id  TEXT REFERENCES income_expenditures (id),
    checks                 TEXT NOT NULL DEFAULT '[]',
    notes                  TEXT NOT NULL DEFAULT '',
    schedule_id            TEXT,                       -- the current arrangement_schedules row
    ended_on               TEXT,
    end_reason             TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    created_by             TEXT NOT NULL,
    device_id              TEXT NOT NULL,
    updated_at             TEXT,
    deleted_at             TEXT
) STRICT;
CREATE INDEX arrangements_party ON arrangements (party_id, agreed_on);
CREATE INDEX arrangements_live ON arrangements (status, id, schedule_id) WHERE status = 'live';

-- The debts (one liability each) an arrangement covers, in the order its payments meet them, with what each
-- owed when it was agreed and the stage rows it entered and left.
CREATE TABLE arrangement_debts (
    id                TEXT PRIMARY KEY,
    arrangement_id    TEXT NOT NULL REFERENCES arrangements (id),
    party_id          TEXT NOT NULL REFERENCES parties (id),
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    liability_id      TEXT NOT NULL REFERENCES liabilities (id),
    position          INTEGER NOT NULL,
    balance_pence     INTEGER NOT NULL CHECK (balance_pence > 0),
    current_year      INTEGER NOT NULL CHECK (current_year IN (0, 1)),
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    UNIQUE (arrangement_id, liability_id)
) STRICT;
CREATE INDEX arrangement_debts_liability ON arrangement_debts (liability_id, arrangement_id);
CREATE INDEX arrangement_debts_arrangement ON arrangement_debts (arrangement_id, account_id, liability_id);

-- A schedule of an arrangement: revision 1 when agreed, the next at each reinstatement. Insert-only. Money
-- received on the debts counts towards it from `payments_from` (the day it was made), less
-- `received_before_pence` already received that day before it was made (and so already out of `total_pence`).
CREATE TABLE arrangement_schedules (
    id                        TEXT PRIMARY KEY,
    arrangement_id            TEXT NOT NULL REFERENCES arrangements (id),
    party_id                  TEXT NOT NULL REFERENCES parties (id),
    revision                  INTEGER NOT NULL,
    frequency                 TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'four_weekly', 'monthly')),
    starts_on                 TEXT NOT NULL,
    amount_pence              INTEGER NOT NULL CHECK (amount_pence > 0),   -- every payment but the odd one
    total_pence               INTEGER NOT NULL CHECK (total_pence > 0),
    payments_from             TEXT NOT NULL,
    received_before_pence     INTEGER NOT NULL DEFAULT 0,
    reason                    TEXT NOT NULL DEFAULT '',
    confirmation_document_id  TEXT REFERENCES documents (id),
    created_at                TEXT NOT NULL,
    created_by                TEXT NOT NULL,
    device_id                 TEXT NOT NULL,
    UNIQUE (arrangement_id, revision)
) STRICT;

-- The payments of a schedule. Insert-only with their schedule; they sum to its total (rules::arrangements).
CREATE TABLE arrangement_payments (
    id              TEXT PRIMARY KEY,
    schedule_id     TEXT NOT NULL REFERENCES arrangement_schedules (id),
    arrangement_id  TEXT NOT NULL REFERENCES arrangements (id),
    party_id        TEXT NOT NULL REFERENCES parties (id),
    number          INTEGER NOT NULL,
    due_on          TEXT NOT NULL,
    amount_pence    INTEGER NOT NULL CHECK (amount_pence > 0),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    UNIQUE (schedule_id, number)
) STRICT;
CREATE INDEX arrangement_payments_schedule ON arrangement_payments (schedule_id, number, due_on, amount_pence);

-- A daily monitoring run: previewed (the arrangements with something to do, in `arrangement_monitoring_items`,
-- and counts of every state), then committed, or cancelled by a newer preview of the same day.
CREATE TABLE arrangement_monitoring_runs (
    id               TEXT PRIMARY KEY,
    run_on           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('previewed', 'committed', 'cancelled')),
    live_count       INTEGER NOT NULL DEFAULT 0,
    on_track_count   INTEGER NOT NULL DEFAULT 0,
    missed_count     INTEGER NOT NULL DEFAULT 0,
    held_count       INTEGER NOT NULL DEFAULT 0,   -- missed, but a hold on a debt stops the letter or break
    default_count    INTEGER NOT NULL DEFAULT 0,
    break_count      INTEGER NOT NULL DEFAULT 0,
    complete_count   INTEGER NOT NULL DEFAULT 0,
    committed_count  INTEGER NOT NULL DEFAULT 0,
    prepared_by      TEXT NOT NULL,
    prepared_at      TEXT NOT NULL,
    committed_by     TEXT,
    committed_at     TEXT,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    updated_at       TEXT,
    deleted_at       TEXT
) STRICT;
CREATE INDEX arrangement_monitoring_runs_day ON arrangement_monitoring_runs (run_on, status);

-- One arrangement a monitoring run would act on (a default letter, a break, a completion), with the reason;
-- at commit decided again: committed, or dropped with the note why.
CREATE TABLE arrangement_monitoring_items (
    id              TEXT PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES arrangement_monitoring_runs (id),
    arrangement_id  TEXT NOT NULL REFERENCES arrangements (id),
    party_id        TEXT NOT NULL REFERENCES parties (id),
    action          TEXT NOT NULL CHECK (action IN ('default', 'break', 'complete')),
    payment_number  INTEGER,
    amount_pence    INTEGER,
    pay_by          TEXT,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('previewed', 'committed', 'dropped')),
    commit_note     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT
) STRICT;
CREATE INDEX arrangement_monitoring_items_run ON arrangement_monitoring_items (run_id, action);

-- What happened to an arrangement, in order: agreed, a default letter (for a missed payment, with the day to
-- make it good, the letter and the worklist task), broken, completed, cancelled, reinstated. Insert-only: the
-- history stays when it is reinstated. One default letter per missed payment of a schedule (safe to run twice).
CREATE TABLE arrangement_events (
    id                 TEXT PRIMARY KEY,
    arrangement_id     TEXT NOT NULL REFERENCES arrangements (id),
    party_id           TEXT NOT NULL REFERENCES parties (id),
    schedule_id        TEXT NOT NULL REFERENCES arrangement_schedules (id),
    kind               TEXT NOT NULL CHECK (kind IN ('agreed', 'default', 'broken', 'completed', 'cancelled',
                                                    'reinstated')),
    event_on           TEXT NOT NULL,
    payment_number     INTEGER,
    amount_pence       INTEGER,
    pay_by             TEXT,
    document_id        TEXT REFERENCES documents (id),
    task_id            TEXT REFERENCES tasks (id),
    monitoring_run_id  TEXT REFERENCES arrangement_monitoring_runs (id),
    reason             TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    device_id          TEXT NOT NULL
) STRICT;
CREATE INDEX arrangement_events_arrangement ON arrangement_events (arrangement_id, created_at);
CREATE INDEX arrangement_events_schedule ON arrangement_events (schedule_id, kind, payment_number, event_on, pay_by);
CREATE UNIQUE INDEX arrangement_events_default_once ON arrangement_events (schedule_id, payment_number)
    WHERE kind = 'default';
