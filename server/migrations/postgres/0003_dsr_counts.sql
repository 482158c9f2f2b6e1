-- Exact list totals without counting rows (issue 18); see
-- migrations/sqlite/0015_dsr_counts.sql for the same on SQLite.
CREATE TABLE dsr_counts (
    workspace_id   BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    archived       BIGINT NOT NULL,
    mail_validated BIGINT NOT NULL,
    state          TEXT NOT NULL,
    n              BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, archived, mail_validated, state)
);
INSERT INTO dsr_counts (workspace_id, archived, mail_validated, state, n)
SELECT workspace_id, archived, mail_validated, state, COUNT(*) FROM dsr
GROUP BY workspace_id, archived, mail_validated, state;
CREATE FUNCTION dsr_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE dsr_counts SET n = n - 1
        WHERE workspace_id = OLD.workspace_id AND archived = OLD.archived
          AND mail_validated = OLD.mail_validated AND state = OLD.state;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO dsr_counts (workspace_id, archived, mail_validated, state, n)
        VALUES (NEW.workspace_id, NEW.archived, NEW.mail_validated, NEW.state, 1)
        ON CONFLICT (workspace_id, archived, mail_validated, state) DO UPDATE SET n = dsr_counts.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dsr_counts_track AFTER INSERT OR DELETE OR UPDATE OF workspace_id, archived, mail_validated, state
ON dsr FOR EACH ROW EXECUTE FUNCTION dsr_counts_track();
