-- 0008: the magistrates' court (issue 8): costs methodology records, hearings, complaints (the liabilities a
-- summons run put to a hearing), their listings at a hearing with the morning's status, outcomes, the lists
-- kept against a hearing, and court bundles with their exhibits. Shipped migrations never change
-- (tests/it/migrations.rs keeps their hashes). Conventions as in 0001.

-- How the council's standard costs were built up (R (Nicolson) v Tottenham Magistrates [2015] EWHC 1252): the
-- year's cost pool divided by the number of summonses, split between the summons and the liability order.
-- Insert-only: a new figure is a new version; printable as evidence for the court or a challenger.
CREATE TABLE court_costs_methodologies (
    id                           TEXT PRIMARY KEY,
    jurisdiction                 TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    debt_type                    TEXT NOT NULL CHECK (debt_type IN ('council_tax', 'business_rates')),
    financial_year               INTEGER NOT NULL,
    version                      INTEGER NOT NULL,
    adopted_on                   TEXT NOT NULL,
    cost_pool_pence              INTEGER NOT NULL CHECK (cost_pool_pence >= 0),
    summonses                    INTEGER NOT NULL CHECK (summonses > 0),
    summons_percent              INTEGER NOT NULL CHECK (summons_percent BETWEEN 0 AND 100),
    summons_costs_pence          INTEGER NOT NULL,   -- as computed (rules::court::methodology_costs)
    liability_order_costs_pence  INTEGER NOT NULL,
    pool_items                   TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"label", "amount"}] what the pool holds
    notes                        TEXT NOT NULL DEFAULT '',
    created_at                   TEXT NOT NULL,
    created_by                   TEXT NOT NULL,
    device_id                    TEXT NOT NULL
) STRICT;
CREATE INDEX court_costs_methodologies_year ON court_costs_methodologies (debt_type, jurisdiction, financial_year,
                                                                          version);

-- A sitting of the magistrates' court for liability order applications, with the costs in force at it (capped in
-- Wales) and the officer authorised to give evidence. `jurisdiction` is where the court sits: a summons run for
-- the hearing takes accounts of that jurisdiction only.
CREATE TABLE court_hearings (
    id                           TEXT PRIMARY KEY,
    court_name                   TEXT NOT NULL,
    court_address                TEXT NOT NULL,
    jurisdiction                 TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    debt_type                    TEXT NOT NULL CHECK (debt_type IN ('council_tax', 'business_rates')),
    hearing_on                   TEXT NOT NULL,
    hearing_time                 TEXT NOT NULL,      -- '10:00'
    authorised_officer           TEXT NOT NULL,      -- who gives evidence on oath for the council
    methodology_id               TEXT REFERENCES court_costs_methodologies (id),
    summons_costs_pence          INTEGER NOT NULL,   -- the costs in force, after any cap
    liability_order_costs_pence  INTEGER NOT NULL,
    costs_note                   TEXT NOT NULL DEFAULT '',   -- the cap or warning that applied
    status                       TEXT NOT NULL CHECK (status IN ('listed', 'heard', 'cancelled')),
    heard_at                     TEXT,
    heard_by                     TEXT,
    created_at                   TEXT NOT NULL,
    created_by                   TEXT NOT NULL,
    device_id                    TEXT NOT NULL,
    updated_at                   TEXT,
    deleted_at                   TEXT
) STRICT;
CREATE INDEX court_hearings_day ON court_hearings (hearing_on);

-- A complaint: one liability (one year) of one account put to a hearing by a committed summons run, with the
-- facts of the summons as issued. Insert-only; where it is heard is its listings.
CREATE TABLE court_complaints (
    id                     TEXT PRIMARY KEY,
    hearing_id             TEXT NOT NULL REFERENCES court_hearings (id),   -- the hearing first named in the summons
    run_id                 TEXT REFERENCES recovery_runs (id),
    run_item_id            TEXT REFERENCES recovery_run_items (id),
    account_id             TEXT NOT NULL REFERENCES accounts (id),
    liability_id           TEXT NOT NULL REFERENCES liabilities (id),
    complaint_on           TEXT NOT NULL,     -- laid before the justice (the run's day)
    summons_issued_on      TEXT NOT NULL,
    posted_on              TEXT NOT NULL,
    service_method         TEXT NOT NULL CHECK (service_method IN ('first_class_post', 'hand', 'left_at_address')),
    deemed_served_on       TEXT NOT NULL,
    oldest_due_on          TEXT,              -- the oldest unpaid sum's due day (the 6-year check)
    debt_pence             INTEGER NOT NULL,  -- outstanding at the summons, costs not included
    summons_costs_pence    INTEGER NOT NULL,
    summons_cost_entry_id  TEXT REFERENCES ledger_entries (id),
    stage_id               TEXT REFERENCES recovery_stages (id),
    document_ids           TEXT NOT NULL DEFAULT '[]',   -- JSON: the summons letters
    created_at             TEXT NOT NULL,
    created_by             TEXT NOT NULL,
    device_id              TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX court_complaints_once ON court_complaints (hearing_id, liability_id);
CREATE INDEX court_complaints_account ON court_complaints (account_id);

-- A complaint listed at a hearing (its first, or one it was adjourned to), with where it stood at the last
-- refresh and any mark the officer put on it (withdrawn, disputed).
CREATE TABLE court_listings (
    id                    TEXT PRIMARY KEY,
    hearing_id            TEXT NOT NULL REFERENCES court_hearings (id),
    complaint_id          TEXT NOT NULL REFERENCES court_complaints (id),
    account_id            TEXT NOT NULL REFERENCES accounts (id),
    adjourned_from_id     TEXT REFERENCES court_listings (id),
    status                TEXT NOT NULL CHECK (status IN ('proceeding', 'part_paid', 'costs_only', 'paid',
                            'arrangement', 'withdrawn', 'disputed', 'held')),
    status_reason         TEXT NOT NULL DEFAULT '',
    debt_now_pence        INTEGER NOT NULL,
    costs_now_pence       INTEGER NOT NULL,
    refreshed_on          TEXT,
    mark                  TEXT CHECK (mark IN ('withdrawn', 'disputed')),
    mark_reason           TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    created_by            TEXT NOT NULL,
    device_id             TEXT NOT NULL,
    updated_at            TEXT,
    deleted_at            TEXT
) STRICT;
CREATE UNIQUE INDEX court_listings_once ON court_listings (hearing_id, complaint_id);
CREATE INDEX court_listings_account ON court_listings (account_id);

-- What the court did with a listing. Insert-only; one per listing. A grant names its liability order costs
-- entry and the liability order stage; an adjournment names the listing at the new hearing (none: adjourned
-- generally).
CREATE TABLE court_outcomes (
    id                          TEXT PRIMARY KEY,
    listing_id                  TEXT NOT NULL UNIQUE REFERENCES court_listings (id),
    hearing_id                  TEXT NOT NULL REFERENCES court_hearings (id),
    account_id                  TEXT NOT NULL REFERENCES accounts (id),
    outcome                     TEXT NOT NULL CHECK (outcome IN ('granted', 'withdrawn', 'adjourned', 'refused')),
    status_on_the_day           TEXT NOT NULL,
    order_pence                 INTEGER NOT NULL DEFAULT 0,   -- a grant: debt + costs (or costs alone)
    liability_order_costs_pence INTEGER NOT NULL DEFAULT 0,
    cost_entry_id               TEXT REFERENCES ledger_entries (id),
    stage_id                    TEXT REFERENCES recovery_stages (id),
    adjourned_listing_id        TEXT REFERENCES court_listings (id),
    heard_individually          INTEGER NOT NULL DEFAULT 0 CHECK (heard_individually IN (0, 1)),
    attended                    INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    reason                      TEXT NOT NULL DEFAULT '',
    notes                       TEXT NOT NULL DEFAULT '',
    created_at                  TEXT NOT NULL,
    created_by                  TEXT NOT NULL,
    device_id                   TEXT NOT NULL
) STRICT;
CREATE INDEX court_outcomes_hearing ON court_outcomes (hearing_id);
CREATE INDEX court_outcomes_account ON court_outcomes (account_id);

-- The lists kept against a hearing: the complaint list sent to the court, and the endorsed list after the
-- hearing (the annex to the court register). Each is an issued document (documents + document_files).
CREATE TABLE court_hearing_documents (
    id           TEXT PRIMARY KEY,
    hearing_id   TEXT NOT NULL REFERENCES court_hearings (id),
    document_id  TEXT NOT NULL REFERENCES documents (id),
    kind         TEXT NOT NULL CHECK (kind IN ('complaint_list', 'court_list', 'endorsed_list')),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    device_id    TEXT NOT NULL
) STRICT;
CREATE INDEX court_hearing_documents_hearing ON court_hearing_documents (hearing_id, kind);

-- A court bundle being prepared for one account: which sections, in which order, the witness statement as
-- the officer edited it, and (once issued) the document holding the PDF.
CREATE TABLE court_bundles (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('contested', 'committal', 'insolvency', 'charging_order')),
    hearing_id      TEXT REFERENCES court_hearings (id),
    sections        TEXT NOT NULL,              -- JSON array of section codes, in order
    officer_name    TEXT NOT NULL,
    officer_title   TEXT NOT NULL DEFAULT '',
    statement       TEXT NOT NULL,              -- the witness statement's letter markup (editable before issue)
    court           TEXT NOT NULL,              -- the court it is for
    template_name   TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    checks          TEXT NOT NULL DEFAULT '{}', -- JSON: the threshold and limitation checks made when prepared
    status          TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
    document_id     TEXT REFERENCES documents (id),
    issued_on       TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT
) STRICT;
CREATE INDEX court_bundles_account ON court_bundles (account_id);

-- A PDF the officer adds to a bundle as an exhibit, kept as sent (base64, like document_files).
CREATE TABLE court_bundle_exhibits (
    id              TEXT PRIMARY KEY,
    bundle_id       TEXT NOT NULL REFERENCES court_bundles (id),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    page_count      INTEGER NOT NULL,
    byte_count      INTEGER NOT NULL,
    content_base64  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE INDEX court_bundle_exhibits_bundle ON court_bundle_exhibits (bundle_id, position);
