-- Search keys led by their kind, so each kind's keys are one ordered range: a search reads the first few rows
-- of each kind's range and merges them by score (db/search.rs). Surname, organisation name and address keys
-- become word-boundary suffixes ("14highstreet", "highstreet", "street") and people gain name pairs
-- ("smith john"), so phrases and "forename surname" are prefix lookups too. The table is derived: it is
-- emptied here and rebuilt from the parties on the next open (api::open).
DROP TABLE local_search_keys;
CREATE TABLE local_search_keys (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    party_id    TEXT NOT NULL,
    account_id  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key, party_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX local_search_keys_party ON local_search_keys (party_id, key);
