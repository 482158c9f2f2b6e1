-- Issue 16: every change to a request, append-only (no route updates or
-- deletes a row); erased with the request it belongs to.
CREATE TABLE dsr_audit (
    id          INTEGER PRIMARY KEY,
    dsr_id      INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    key_id      INTEGER NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX dsr_audit_dsr ON dsr_audit(dsr_id, id);
