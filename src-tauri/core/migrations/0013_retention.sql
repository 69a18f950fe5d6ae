-- Retention and rights (issue 9, recovery-rules.md §9). The council's retention schedule per record type (a
-- row only where the council changed the shipped POLICY default, which lives in `db::retention::DEFAULTS`),
-- legal holds that stop a person being anonymised while a dispute or complaint is open, and the record of
-- each person anonymised (which also keeps them out of the search index when it is rebuilt).
CREATE TABLE retention_rules (
    id           TEXT PRIMARY KEY,
    record_type  TEXT NOT NULL UNIQUE CHECK (record_type IN ('council_tax', 'business_rates', 'hb_overpayment',
                   'sundry', 'adult_social_care', 'liability_order')),
    basis        TEXT NOT NULL CHECK (basis IN ('later_of_clearance_and_year_end', 'after_closure',
                   'while_unpaid_then_after_clearance')),
    years        INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100),
    source       TEXT NOT NULL,          -- why: the council's schedule, its minute or version
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    updated_at   TEXT,
    deleted_at   TEXT
) STRICT;

CREATE TABLE retention_legal_holds (
    id              TEXT PRIMARY KEY,
    party_id        TEXT NOT NULL REFERENCES parties (id),
    kind            TEXT NOT NULL CHECK (kind IN ('dispute', 'complaint', 'litigation', 'information_request')),
    reason          TEXT NOT NULL,
    placed_on       TEXT NOT NULL,
    released_on     TEXT,
    release_reason  TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT
) STRICT;
CREATE INDEX retention_legal_holds_party ON retention_legal_holds (party_id);

CREATE TABLE retention_anonymisations (
    id             TEXT PRIMARY KEY,
    party_id       TEXT NOT NULL UNIQUE REFERENCES parties (id),
    anonymised_on  TEXT NOT NULL,
    due_on         TEXT NOT NULL,        -- the day the last of their debts fell due for anonymisation
    accounts       TEXT NOT NULL,        -- JSON: [{"account_id", "record_type", "due_on"}], ids only
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    device_id      TEXT NOT NULL
) STRICT;
