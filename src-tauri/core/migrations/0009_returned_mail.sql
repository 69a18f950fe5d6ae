-- Returned mail (issue 5's worklist): a letter that came back undelivered, the day it came back and why, and
-- the task raised to check the address before anything else is sent. One record per letter; insert-only.
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
