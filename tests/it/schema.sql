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
CREATE TABLE account_parties (
    id                          TEXT PRIMARY KEY,
    account_id                  TEXT NOT NULL REFERENCES accounts (id),
    party_id                    TEXT NOT NULL REFERENCES parties (id),
    role                        TEXT NOT NULL CHECK (role IN ('liable', 'joint_and_several', 'appointee',
                                  'attorney', 'deputy', 'debt_adviser')),
    correspondence_address_id   TEXT REFERENCES addresses (id),
    created_at                  TEXT NOT NULL,
    created_by                  TEXT NOT NULL,
    device_id                   TEXT NOT NULL,
    updated_at                  TEXT,
    deleted_at                  TEXT,
    UNIQUE (account_id, party_id, role)
) STRICT;
CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY,
    reference            TEXT NOT NULL UNIQUE,
    debt_type            TEXT NOT NULL CHECK (debt_type IN
                           ('council_tax', 'business_rates', 'hb_overpayment', 'sundry', 'adult_social_care')),
    jurisdiction         TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    property_address_id  TEXT REFERENCES addresses (id),
    status               TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_on            TEXT NOT NULL,
    closed_on            TEXT,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    device_id            TEXT NOT NULL,
    updated_at           TEXT,
    deleted_at           TEXT
) STRICT;
CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    uprn        TEXT,                   -- Unique Property Reference Number, for properties
    line1       TEXT NOT NULL,
    line2       TEXT NOT NULL DEFAULT '',
    line3       TEXT NOT NULL DEFAULT '',
    line4       TEXT NOT NULL DEFAULT '',
    line5       TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    updated_at  TEXT,
    deleted_at  TEXT
) STRICT;
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
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    action      TEXT NOT NULL,          -- the api function: 'record_payment', 'add_note', ...
    entity      TEXT NOT NULL,          -- table name
    entity_id   TEXT NOT NULL,
    party_id    TEXT,
    account_id  TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
, seq INTEGER, prev_hash TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '') STRICT;
CREATE TABLE bank_holidays (
    holiday_on  TEXT PRIMARY KEY,       -- England and Wales share one list
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    updated_at  TEXT,
    deleted_at  TEXT
) STRICT;
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
CREATE TABLE court_hearing_documents (
    id           TEXT PRIMARY KEY,
    hearing_id   TEXT NOT NULL REFERENCES court_hearings (id),
    document_id  TEXT NOT NULL REFERENCES documents (id),
    kind         TEXT NOT NULL CHECK (kind IN ('complaint_list', 'court_list', 'endorsed_list')),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    device_id    TEXT NOT NULL
) STRICT;
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
CREATE TABLE document_files (
    id              TEXT PRIMARY KEY,
    document_id     TEXT NOT NULL REFERENCES documents (id),
    account_id      TEXT REFERENCES accounts (id),
    template_id     TEXT REFERENCES letter_templates (id),
    media_type      TEXT NOT NULL,      -- 'application/pdf'
    page_count      INTEGER NOT NULL,
    byte_count      INTEGER NOT NULL,
    content_base64  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL
) STRICT;
CREATE TABLE documents (
    id                TEXT PRIMARY KEY,
    account_id        TEXT REFERENCES accounts (id),
    party_id          TEXT REFERENCES parties (id),
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    template_name     TEXT NOT NULL DEFAULT '',
    template_version  INTEGER NOT NULL DEFAULT 0,
    issued_on         TEXT NOT NULL,
    content           TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    device_id         TEXT NOT NULL
) STRICT;
CREATE TABLE holds (
    id            TEXT PRIMARY KEY,
    party_id      TEXT REFERENCES parties (id),
    account_id    TEXT REFERENCES accounts (id),
    kind          TEXT NOT NULL CHECK (kind IN ('breathing_space', 'mental_health_crisis', 'bankruptcy',
                    'iva', 'dro', 'deceased', 'dispute', 'appeal', 'complaint', 'vulnerability_review')),
    starts_on     TEXT NOT NULL,
    ends_on       TEXT,
    reason        TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    released_on   TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    updated_at    TEXT,
    deleted_at    TEXT, registered_on TEXT, treatment_ended_on TEXT, review_on TEXT, notice_received_on TEXT, adviser TEXT NOT NULL DEFAULT '',
    CHECK (party_id IS NOT NULL OR account_id IS NOT NULL)
) STRICT;
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
CREATE TABLE ledger_entries (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES accounts (id),
    liability_id       TEXT REFERENCES liabilities (id),
    kind               TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'cost', 'adjustment', 'refund',
                         'transfer', 'write_off', 'reversal')),
    amount_pence       INTEGER NOT NULL,
    posted_on          TEXT NOT NULL,
    effective_on       TEXT NOT NULL,
    method             TEXT NOT NULL DEFAULT '',    -- payments: card, cash, direct_debit, bank, ...
    reference          TEXT NOT NULL DEFAULT '',    -- receipt reference, invoice number...
    reason             TEXT NOT NULL DEFAULT '',    -- who asked and why
    reverses_entry_id  TEXT UNIQUE REFERENCES ledger_entries (id),
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    device_id          TEXT NOT NULL
) STRICT;
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
CREATE TABLE letter_templates (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,          -- 'ct_reminder'
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- 'reminder', 'final_notice', ... (letters::template::KINDS)
    languages   TEXT NOT NULL,          -- 'en', or 'cy en' for Welsh beside English
    debt_types  TEXT NOT NULL DEFAULT '',   -- space-separated debt type codes; empty = any
    body        TEXT NOT NULL,          -- the whole template as saved, header included
    source      TEXT NOT NULL CHECK (source IN ('shipped', 'edited')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL
) STRICT;
CREATE TABLE letters_to_print (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents (id),
    account_id    TEXT REFERENCES accounts (id),
    queued_on     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL
) STRICT;
CREATE TABLE liabilities (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    financial_year  INTEGER NOT NULL,   -- the year it starts: 2025 is 2025/26
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',   -- band, rateable value, invoice number...
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    updated_at      TEXT,
    deleted_at      TEXT,
    UNIQUE (account_id, financial_year, period_from)
) STRICT;
CREATE TABLE local_device (
    id          TEXT PRIMARY KEY
) STRICT;
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
CREATE TABLE local_search_keys (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    party_id    TEXT NOT NULL,
    account_id  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key, party_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE notes (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL REFERENCES parties (id),
    account_id  TEXT REFERENCES accounts (id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    updated_at  TEXT,
    deleted_at  TEXT
) STRICT;
CREATE TABLE parties (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
    title              TEXT NOT NULL DEFAULT '',
    forenames          TEXT NOT NULL DEFAULT '',
    surname            TEXT NOT NULL DEFAULT '',
    organisation_name  TEXT NOT NULL DEFAULT '',
    date_of_birth      TEXT,
    ni_number          TEXT,
    company_number     TEXT,
    address_id         TEXT REFERENCES addresses (id),   -- where they live or trade
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    device_id          TEXT NOT NULL,
    updated_at         TEXT,
    deleted_at         TEXT
) STRICT;
CREATE TABLE party_contacts (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL REFERENCES parties (id),
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    updated_at  TEXT,
    deleted_at  TEXT
) STRICT;
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
CREATE TABLE recovery_stages (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id),
    liability_id  TEXT REFERENCES liabilities (id),
    stage         TEXT NOT NULL,        -- see model::Stage
    entered_on    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL
) STRICT;
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
CREATE TABLE returned_mail (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL UNIQUE REFERENCES documents (id),
    returned_on  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    task_id      TEXT NOT NULL REFERENCES tasks (id),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    device_id    TEXT NOT NULL
) STRICT;
CREATE TABLE rule_values (
    id            TEXT PRIMARY KEY,
    rule          TEXT NOT NULL,        -- e.g. 'council_tax.summons_costs'
    jurisdiction  TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    applies_from  TEXT NOT NULL,
    value         TEXT NOT NULL,        -- a decimal string, an integer or JSON, as the rule reads it
    source        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    updated_at    TEXT,
    deleted_at    TEXT,
    UNIQUE (rule, jurisdiction, applies_from)
) STRICT;
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,          -- JSON
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    updated_at  TEXT,
    deleted_at  TEXT
) STRICT;
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
CREATE TABLE tasks (
    id           TEXT PRIMARY KEY,
    party_id     TEXT REFERENCES parties (id),
    account_id   TEXT REFERENCES accounts (id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    assigned_to  TEXT REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    done_at      TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    updated_at   TEXT,
    deleted_at   TEXT
, hold_id TEXT REFERENCES holds (id), run_id TEXT REFERENCES recovery_runs (id), detail TEXT NOT NULL DEFAULT '') STRICT;
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('officer', 'team_leader', 'processing', 'admin')),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    updated_at    TEXT,
    deleted_at    TEXT
, disabled_at TEXT, must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))) STRICT;
CREATE INDEX account_parties_party ON account_parties (party_id, account_id);
CREATE INDEX addresses_uprn ON addresses (uprn) WHERE uprn IS NOT NULL;
CREATE INDEX arrangement_debts_arrangement ON arrangement_debts (arrangement_id, account_id, liability_id);
CREATE INDEX arrangement_debts_liability ON arrangement_debts (liability_id, arrangement_id);
CREATE INDEX arrangement_events_arrangement ON arrangement_events (arrangement_id, created_at);
CREATE UNIQUE INDEX arrangement_events_default_once ON arrangement_events (schedule_id, payment_number)
    WHERE kind = 'default';
CREATE INDEX arrangement_events_schedule ON arrangement_events (schedule_id, kind, payment_number, event_on, pay_by);
CREATE INDEX arrangement_monitoring_items_run ON arrangement_monitoring_items (run_id, action);
CREATE INDEX arrangement_monitoring_runs_day ON arrangement_monitoring_runs (run_on, status);
CREATE INDEX arrangement_payments_schedule ON arrangement_payments (schedule_id, number, due_on, amount_pence);
CREATE INDEX arrangements_live ON arrangements (status, id, schedule_id) WHERE status = 'live';
CREATE INDEX arrangements_party ON arrangements (party_id, agreed_on);
CREATE INDEX audit_log_account ON audit_log (account_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at, seq);
CREATE INDEX audit_log_at ON audit_log (at, seq);
CREATE INDEX audit_log_entity ON audit_log (entity_id);
CREATE INDEX audit_log_party ON audit_log (party_id, at);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_user ON audit_log (user_id, at, seq);
CREATE INDEX court_bundle_exhibits_bundle ON court_bundle_exhibits (bundle_id, position);
CREATE INDEX court_bundles_account ON court_bundles (account_id);
CREATE INDEX court_complaints_account ON court_complaints (account_id);
CREATE UNIQUE INDEX court_complaints_once ON court_complaints (hearing_id, liability_id);
CREATE INDEX court_costs_methodologies_year ON court_costs_methodologies (debt_type, jurisdiction, financial_year,
                                                                          version);
CREATE INDEX court_hearing_documents_hearing ON court_hearing_documents (hearing_id, kind);
CREATE INDEX court_hearings_day ON court_hearings (hearing_on);
CREATE INDEX court_listings_account ON court_listings (account_id);
CREATE UNIQUE INDEX court_listings_once ON court_listings (hearing_id, complaint_id);
CREATE INDEX court_outcomes_account ON court_outcomes (account_id);
CREATE INDEX court_outcomes_hearing ON court_outcomes (hearing_id);
CREATE INDEX document_files_account ON document_files (account_id);
CREATE UNIQUE INDEX document_files_document ON document_files (document_id);
CREATE INDEX documents_account ON documents (account_id, issued_on);
CREATE INDEX documents_party ON documents (party_id, issued_on);
CREATE INDEX holds_account ON holds (account_id);
CREATE INDEX holds_party ON holds (party_id);
CREATE INDEX income_expenditures_party ON income_expenditures (party_id, taken_on, created_at);
CREATE INDEX instalment_schedules_liability ON instalment_schedules (liability_id, revision, created_at, id);
CREATE INDEX instalments_cumulative ON instalments (schedule_id, cumulative_pence, due_on, amount_pence, number);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, liability_id, amount_pence);
CREATE INDEX ledger_entries_account_date ON ledger_entries (account_id, effective_on);
CREATE INDEX ledger_entries_credits
    ON ledger_entries (liability_id, effective_on, amount_pence, kind, reverses_entry_id)
    WHERE kind IN ('payment', 'refund', 'transfer', 'write_off', 'reversal');
CREATE INDEX letter_run_letters_document ON letter_run_letters (document_id);
CREATE INDEX letter_run_letters_run ON letter_run_letters (run_id, postcode_key, account_reference);
CREATE INDEX letter_runs_status ON letter_runs (status, prepared_on);
CREATE INDEX letter_templates_name ON letter_templates (name, version);
CREATE UNIQUE INDEX letters_to_print_document ON letters_to_print (document_id);
CREATE INDEX local_liability_balances_arrears
    ON local_liability_balances (debt_type, oldest_unpaid_due_on, reminder_notices, final_notices)
    WHERE oldest_unpaid_due_on IS NOT NULL AND beyond_notices = 0;
CREATE INDEX local_liability_balances_current
    ON local_liability_balances (debt_type, last_due_on, oldest_unpaid_due_on, reminder_notices, final_notices)
    WHERE oldest_unpaid_due_on IS NOT NULL AND beyond_notices = 0;
CREATE INDEX local_search_keys_party ON local_search_keys (party_id, key);
CREATE INDEX notes_party ON notes (party_id, created_at);
CREATE INDEX party_contacts_party ON party_contacts (party_id);
CREATE INDEX recovery_run_items_liability ON recovery_run_items (liability_id, status);
CREATE UNIQUE INDEX recovery_run_items_once ON recovery_run_items (liability_id, run_type, notice_on)
    WHERE status = 'committed';
CREATE INDEX recovery_run_items_run ON recovery_run_items (run_id, selected, account_id);
CREATE INDEX recovery_runs_day ON recovery_runs (run_on, run_type, debt_type);
CREATE INDEX recovery_stage_reversals_account ON recovery_stage_reversals (account_id);
CREATE INDEX recovery_stage_reversals_restored ON recovery_stage_reversals (restored_stage_id);
CREATE INDEX recovery_stages_account ON recovery_stages (account_id, entered_on);
CREATE INDEX recovery_stages_account_level ON recovery_stages (account_id, entered_on, stage, created_at, id)
    WHERE liability_id IS NULL;
CREATE INDEX recovery_stages_liability ON recovery_stages (liability_id, entered_on, stage, created_at, id)
    WHERE liability_id IS NOT NULL;
CREATE INDEX retention_legal_holds_party ON retention_legal_holds (party_id);
CREATE UNIQUE INDEX spending_guidelines_current ON spending_guidelines (category, household, valid_from)
    WHERE deleted_at IS NULL;
CREATE INDEX tasks_assigned ON tasks (assigned_to, status, due_on);
CREATE INDEX tasks_due ON tasks (status, due_on);
CREATE INDEX tasks_hold ON tasks (hold_id) WHERE hold_id IS NOT NULL;
