-- 0002: letters. Shipped migrations never change (tests/it/migrations.rs keeps their hashes).
-- Conventions as in 0001: STRICT, app-generated UUIDv7 ids, only TEXT and INTEGER, provenance on every row.

-- Letter templates, versioned: saving a template inserts a new row with the next version; old versions are
-- kept, and an issued letter names the version it used. Rows are never changed. DECISION: (name, version)
-- is not UNIQUE: two laptops offline could both save "version 4"; the id is the identity, and "latest" is
-- the highest version, then the latest created_at, then the highest id.
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
CREATE INDEX letter_templates_name ON letter_templates (name, version);

-- The exact file of an issued document (the PDF as sent), base64 so the table stays TEXT/INTEGER only and
-- can be shared. `documents.content` holds the composed letter (merge data snapshot and rendered markup).
-- Insert-only: a reprint returns these bytes.
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
CREATE UNIQUE INDEX document_files_document ON document_files (document_id);
CREATE INDEX document_files_account ON document_files (account_id);
