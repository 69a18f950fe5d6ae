-- The audit log made tamper-evident (issue 9, recovery-rules.md §9): each row carries its place in the chain
-- (`seq`, 1, 2, 3...; rowids may be renumbered by VACUUM, so the order is stored) and the SHA-256 of its own
-- fields and the previous row's hash. A row changed, removed or slipped in breaks the chain from there on, and
-- `audit verify` names the first row that does not fit. Rows written before this migration are chained, in
-- the order they were written, when the database is next opened (`db::audit::chain_unchained`).
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
