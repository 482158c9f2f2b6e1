-- Exact list totals without counting rows (issue 18): how many requests each
-- workspace has per (archived, mail_validated, state), kept by triggers in
-- the same transaction as the change. The inbox's usual totals (no filter,
-- some states, the unverified inbox, overdue) are then sums of a few rows;
-- any other filter still counts the matching rows (routes/dsr.rs).
CREATE TABLE dsr_counts (
    workspace_id   INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    archived       INTEGER NOT NULL,
    mail_validated INTEGER NOT NULL,
    state          TEXT NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, archived, mail_validated, state)
) WITHOUT ROWID;
INSERT INTO dsr_counts (workspace_id, archived, mail_validated, state, n)
SELECT workspace_id, archived, mail_validated, state, COUNT(*) FROM dsr
GROUP BY workspace_id, archived, mail_validated, state;
CREATE TRIGGER dsr_counts_insert AFTER INSERT ON dsr BEGIN
    INSERT INTO dsr_counts (workspace_id, archived, mail_validated, state, n)
    VALUES (new.workspace_id, new.archived, new.mail_validated, new.state, 1)
    ON CONFLICT (workspace_id, archived, mail_validated, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER dsr_counts_delete AFTER DELETE ON dsr BEGIN
    UPDATE dsr_counts SET n = n - 1
    WHERE workspace_id = old.workspace_id AND archived = old.archived
      AND mail_validated = old.mail_validated AND state = old.state;
END;
CREATE TRIGGER dsr_counts_update AFTER UPDATE OF workspace_id, archived, mail_validated, state ON dsr
BEGIN
    UPDATE dsr_counts SET n = n - 1
    WHERE workspace_id = old.workspace_id AND archived = old.archived
      AND mail_validated = old.mail_validated AND state = old.state;
    INSERT INTO dsr_counts (workspace_id, archived, mail_validated, state, n)
    VALUES (new.workspace_id, new.archived, new.mail_validated, new.state, 1)
    ON CONFLICT (workspace_id, archived, mail_validated, state) DO UPDATE SET n = n + 1;
END;
