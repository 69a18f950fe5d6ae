-- 0003: income and expenditure in the Standard Financial Statement (SFS) format (issue 6).
-- Shipped migrations never change (tests/it/migrations.rs keeps their hashes).
-- Conventions as in 0001: STRICT, app-generated UUIDv7 ids, only TEXT and INTEGER (money in pence, dates ISO),
-- provenance on every row.

-- One I&E statement, taken on a date and kept against a person. Insert-only: a new statement is a new row
-- (it may name the one it started from), so the history is every row for the party, newest first. The overview
-- figures are a snapshot of what the officer saw when it was saved; they are recomputed from the lines on every
-- read and the tests prove they agree.
CREATE TABLE income_expenditures (
    id                                  TEXT PRIMARY KEY,
    party_id                            TEXT NOT NULL REFERENCES parties (id),
    taken_on                            TEXT NOT NULL,      -- the statement's date
    source                              TEXT NOT NULL CHECK (source IN ('officer', 'sfs_json', 'sfs_xml')),
    -- for an import: which SFS schema the file followed, the file's name and its text exactly as received
    sfs_schema                          TEXT NOT NULL DEFAULT '' CHECK (sfs_schema IN ('', 'data_entry', 'summary')),
    source_file_name                    TEXT NOT NULL DEFAULT '',
    source_document                     TEXT NOT NULL DEFAULT '',
    started_from_id                     TEXT REFERENCES income_expenditures (id),
    -- household
    client_name                         TEXT NOT NULL,
    client_date_of_birth                TEXT NOT NULL DEFAULT '',
    joint_application                   INTEGER NOT NULL CHECK (joint_application IN (0, 1)),
    partner_name                        TEXT NOT NULL DEFAULT '',
    partner_date_of_birth               TEXT NOT NULL DEFAULT '',
    client_address                      TEXT NOT NULL DEFAULT '',
    dependent_children_under_16         INTEGER NOT NULL CHECK (dependent_children_under_16 >= 0),
    dependent_children_16_18            INTEGER NOT NULL CHECK (dependent_children_16_18 >= 0),
    other_dependants                    INTEGER NOT NULL CHECK (other_dependants >= 0),
    non_dependants                      INTEGER NOT NULL CHECK (non_dependants >= 0),
    vehicles                            INTEGER NOT NULL CHECK (vehicles >= 0),
    housing_tenure                      TEXT NOT NULL DEFAULT '',
    housing_tenure_other                TEXT NOT NULL DEFAULT '',
    client_employment_status            TEXT NOT NULL DEFAULT '[]',     -- JSON array of SFS values
    client_employment_status_other      TEXT NOT NULL DEFAULT '',
    partner_employment_status           TEXT NOT NULL DEFAULT '[]',     -- JSON array of SFS values
    partner_employment_status_other     TEXT NOT NULL DEFAULT '',
    asset_use_considered                INTEGER NOT NULL CHECK (asset_use_considered IN (0, 1)),
    -- savings, fees, token payments and notes
    savings_contribution_pence          INTEGER NOT NULL CHECK (savings_contribution_pence >= 0),
    savings_contribution_considered     INTEGER NOT NULL CHECK (savings_contribution_considered IN (0, 1)),
    debt_admin_fee_pence                INTEGER NOT NULL CHECK (debt_admin_fee_pence >= 0),
    debt_admin_fee_notes                TEXT NOT NULL DEFAULT '',
    token_payments_pence                INTEGER CHECK (token_payments_pence >= 0),
    notes                               TEXT NOT NULL DEFAULT '[]',     -- JSON array: the SFS additional notes
    -- the overview as saved (monthly)
    total_income_pence                  INTEGER NOT NULL,
    total_expenditure_pence             INTEGER NOT NULL,
    available_for_priority_pence        INTEGER NOT NULL,
    priority_offers_pence               INTEGER NOT NULL,
    available_for_non_priority_pence    INTEGER NOT NULL,
    created_at                          TEXT NOT NULL,
    created_by                          TEXT NOT NULL,
    device_id                           TEXT NOT NULL
) STRICT;
CREATE INDEX income_expenditures_party ON income_expenditures (party_id, taken_on, created_at);

-- The income and outgoings lines of a statement, in form order: the amount as given, how often, and its
-- monthly equivalent (rules::income_expenditure::monthly_equivalent). Insert-only with their statement.
CREATE TABLE income_expenditure_lines (
    id                      TEXT PRIMARY KEY,
    income_expenditure_id   TEXT NOT NULL REFERENCES income_expenditures (id),
    party_id                TEXT NOT NULL REFERENCES parties (id),
    position                INTEGER NOT NULL,
    item                    TEXT NOT NULL,      -- SFS data-entry element name, e.g. 'client-salary-or-wages'
    amount_pence            INTEGER NOT NULL CHECK (amount_pence >= 0),
    frequency               TEXT NOT NULL CHECK (frequency IN
                              ('weekly', 'fortnightly', 'four_weekly', 'monthly', 'quarterly', 'annually')),
    monthly_pence           INTEGER NOT NULL CHECK (monthly_pence >= 0),
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    device_id               TEXT NOT NULL,
    UNIQUE (income_expenditure_id, position)
) STRICT;

-- The priority and non-priority debts of a statement, in list order (the pro-rata tie-break follows it).
CREATE TABLE income_expenditure_debts (
    id                      TEXT PRIMARY KEY,
    income_expenditure_id   TEXT NOT NULL REFERENCES income_expenditures (id),
    party_id                TEXT NOT NULL REFERENCES parties (id),
    priority                INTEGER NOT NULL CHECK (priority IN (0, 1)),
    position                INTEGER NOT NULL,
    creditor                TEXT NOT NULL,
    amount_owed_pence       INTEGER NOT NULL CHECK (amount_owed_pence >= 0),
    offer_pence             INTEGER NOT NULL CHECK (offer_pence >= 0),   -- monthly
    ccj                     INTEGER NOT NULL CHECK (ccj IN (0, 1)),
    council                 INTEGER NOT NULL CHECK (council IN (0, 1)),  -- this council's own debt
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    device_id               TEXT NOT NULL,
    UNIQUE (income_expenditure_id, priority, position)
) STRICT;

-- The SFS spending guidelines (trigger figures) the council loads under its licence; the app ships none.
-- A monthly amount per category (SFS group code) and household make-up ('2A1C', '2A1C1V'), from a date. A row
-- loaded again for the same category, household and date replaces the old one (soft delete).
CREATE TABLE spending_guidelines (
    id              TEXT PRIMARY KEY,
    category        TEXT NOT NULL,
    household       TEXT NOT NULL,
    amount_pence    INTEGER NOT NULL CHECK (amount_pence >= 0),
    valid_from      TEXT NOT NULL,
    source          TEXT NOT NULL,      -- the file it came from
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT
) STRICT;
CREATE UNIQUE INDEX spending_guidelines_current ON spending_guidelines (category, household, valid_from)
    WHERE deleted_at IS NULL;
