-- The audit viewer (issue 9): the log is read newest first, narrowed by date, by user or by action, and its
-- filter lists the users and actions it holds. Each index ends in `at, seq` so a page of the newest rows is
-- read straight from the index, without sorting every matching row. (Rows about a person use the existing
-- `audit_log_party` and `audit_log_account` indexes.)
CREATE INDEX audit_log_at ON audit_log (at, seq);
CREATE INDEX audit_log_user ON audit_log (user_id, at, seq);
CREATE INDEX audit_log_action ON audit_log (action, at, seq);
