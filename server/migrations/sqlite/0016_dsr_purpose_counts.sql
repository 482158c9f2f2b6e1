-- The same counters per purpose (issue 18): how many requests of each
-- (workspace, archived, mail_validated, state) have each purpose, so a list
-- filtered by ONE purpose (and states, ...) has its total without counting.
-- A request is counted once per purpose it has; a filter by several purposes
-- still counts the matches (a request with two of them is one match).
CREATE TABLE dsr_purpose_counts (
    workspace_id   INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    archived       INTEGER NOT NULL,
    mail_validated INTEGER NOT NULL,
    state          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, archived, mail_validated, state, purpose)
) WITHOUT ROWID;
INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
SELECT d.workspace_id, d.archived, d.mail_validated, d.state, p.purpose, COUNT(*)
FROM dsr_purposes p JOIN dsr d ON d.id = p.dsr_id
GROUP BY d.workspace_id, d.archived, d.mail_validated, d.state, p.purpose;
-- A purpose added to or removed from a request that exists. When a request is
-- deleted, its purposes go after it (ON DELETE CASCADE): the lookup finds no
-- request then, and dsr_purpose_counts_erase below has counted them out.
CREATE TRIGGER dsr_purpose_counts_insert AFTER INSERT ON dsr_purposes BEGIN
    INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
    SELECT workspace_id, archived, mail_validated, state, new.purpose, 1 FROM dsr WHERE id = new.dsr_id
    ON CONFLICT (workspace_id, archived, mail_validated, state, purpose) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER dsr_purpose_counts_delete AFTER DELETE ON dsr_purposes BEGIN
    UPDATE dsr_purpose_counts SET n = n - 1
    WHERE purpose = old.purpose
      AND (workspace_id, archived, mail_validated, state) IN
          (SELECT workspace_id, archived, mail_validated, state FROM dsr WHERE id = old.dsr_id);
END;
CREATE TRIGGER dsr_purpose_counts_erase BEFORE DELETE ON dsr BEGIN
    UPDATE dsr_purpose_counts SET n = n - 1
    WHERE workspace_id = old.workspace_id AND archived = old.archived
      AND mail_validated = old.mail_validated AND state = old.state
      AND purpose IN (SELECT purpose FROM dsr_purposes WHERE dsr_id = old.id);
END;
CREATE TRIGGER dsr_purpose_counts_update AFTER UPDATE OF workspace_id, archived, mail_validated, state ON dsr
BEGIN
    UPDATE dsr_purpose_counts SET n = n - 1
    WHERE workspace_id = old.workspace_id AND archived = old.archived
      AND mail_validated = old.mail_validated AND state = old.state
      AND purpose IN (SELECT purpose FROM dsr_purposes WHERE dsr_id = old.id);
    INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
    SELECT new.workspace_id, new.archived, new.mail_validated, new.state, purpose, 1
    FROM dsr_purposes WHERE dsr_id = new.id AND true
    ON CONFLICT (workspace_id, archived, mail_validated, state, purpose) DO UPDATE SET n = n + 1;
END;
