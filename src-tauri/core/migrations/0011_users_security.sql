-- Issue 9: users who sign in. A disabled user keeps their row (the audit log names them) but has no key slot;
-- a password set by an administrator must be changed at the next sign-in. Shipped migrations never change.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
