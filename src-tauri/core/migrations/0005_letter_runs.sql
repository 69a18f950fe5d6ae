-- 0004: print runs. Shipped migrations never change (tests/it/migrations.rs keeps their hashes).
-- Conventions as in 0001: STRICT, app-generated UUIDv7 ids, only TEXT and INTEGER, provenance on every row.
-- (0003 belongs to another change; the numbers are contiguous once both are merged.)

-- A print run: many issued letters in one print file behind a cover sheet, in print order. A run is
-- 'building' while its letters are issued (in chunks, so the app stays responsive), 'ready' once it is
-- complete, 'dispatched' when the post room has sent it (it cannot be reversed after that), or 'cancelled'
-- before dispatch (the letters it issued itself are withdrawn; letters it only gathered wait for another
-- run). The human reference is derived from the id (letters::runs), never from a local counter.
CREATE TABLE letter_runs (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,          -- the cover sheet's title: 'Council Tax final notice run'
    template_name   TEXT,                   -- the template it issued to a selection of accounts, if it did
    print_order     TEXT NOT NULL CHECK (print_order IN ('postcode', 'reference')),
    duplex          INTEGER NOT NULL CHECK (duplex IN (0, 1)),
    status          TEXT NOT NULL CHECK (status IN ('building', 'ready', 'dispatched', 'cancelled')),
    prepared_on     TEXT NOT NULL,
    dispatched_on   TEXT,
    dispatched_at   TEXT,
    dispatched_by   TEXT,
    cancelled_at    TEXT,
    cancelled_by    TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT
) STRICT;
CREATE INDEX letter_runs_status ON letter_runs (status, prepared_on);

-- The letters of a run, insert-only. The print order keys are copied from the composed letter when the
-- letter joins the run, so ordering 20,000 letters needs no JSON. A letter is in at most one run that is
-- not cancelled (checked by the api in the same transaction).
CREATE TABLE letter_run_letters (
    id                 TEXT PRIMARY KEY,
    run_id             TEXT NOT NULL REFERENCES letter_runs (id),
    document_id        TEXT NOT NULL REFERENCES documents (id),
    account_id         TEXT REFERENCES accounts (id),
    postcode_key       TEXT NOT NULL,       -- the recipient's postcode, upper case, no spaces
    account_reference  TEXT NOT NULL,
    issued_by_run      INTEGER NOT NULL CHECK (issued_by_run IN (0, 1)),
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    device_id          TEXT NOT NULL
) STRICT;
CREATE INDEX letter_run_letters_run ON letter_run_letters (run_id, postcode_key, account_reference);
CREATE INDEX letter_run_letters_document ON letter_run_letters (document_id);

-- Letters put aside for the next print run (a single letter the officer chose to send with the post room's
-- run, or a workflow's letter). Insert-only; a letter waits while it is in no run that is not cancelled.
CREATE TABLE letters_to_print (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents (id),
    account_id    TEXT REFERENCES accounts (id),
    queued_on     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX letters_to_print_document ON letters_to_print (document_id);
