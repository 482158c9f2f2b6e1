-- The same counters per purpose (issue 18); see
-- migrations/sqlite/0016_dsr_purpose_counts.sql for the same on SQLite.
CREATE TABLE dsr_purpose_counts (
    workspace_id   BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    archived       BIGINT NOT NULL,
    mail_validated BIGINT NOT NULL,
    state          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    n              BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, archived, mail_validated, state, purpose)
);
INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
SELECT d.workspace_id, d.archived, d.mail_validated, d.state, p.purpose, COUNT(*)
FROM dsr_purposes p JOIN dsr d ON d.id = p.dsr_id
GROUP BY d.workspace_id, d.archived, d.mail_validated, d.state, p.purpose;
-- A purpose added to or removed from a request that exists (a request's
-- purposes deleted with it, by the cascade, find no request: counted out by
-- dsr_purpose_counts_request before it went).
CREATE FUNCTION dsr_purpose_counts_purpose() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
        SELECT workspace_id, archived, mail_validated, state, NEW.purpose, 1 FROM dsr WHERE id = NEW.dsr_id
        ON CONFLICT (workspace_id, archived, mail_validated, state, purpose) DO UPDATE SET n = dsr_purpose_counts.n + 1;
    ELSE
        UPDATE dsr_purpose_counts c SET n = c.n - 1 FROM dsr d
        WHERE d.id = OLD.dsr_id AND c.purpose = OLD.purpose AND c.workspace_id = d.workspace_id
          AND c.archived = d.archived AND c.mail_validated = d.mail_validated AND c.state = d.state;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dsr_purpose_counts_purpose AFTER INSERT OR DELETE ON dsr_purposes
FOR EACH ROW EXECUTE FUNCTION dsr_purpose_counts_purpose();
-- A request deleted (before it goes, its purposes still there) or moved to
-- another (archived, verified, state).
CREATE FUNCTION dsr_purpose_counts_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dsr_purpose_counts SET n = n - 1
    WHERE workspace_id = OLD.workspace_id AND archived = OLD.archived
      AND mail_validated = OLD.mail_validated AND state = OLD.state
      AND purpose IN (SELECT purpose FROM dsr_purposes WHERE dsr_id = OLD.id);
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO dsr_purpose_counts (workspace_id, archived, mail_validated, state, purpose, n)
        SELECT NEW.workspace_id, NEW.archived, NEW.mail_validated, NEW.state, purpose, 1
        FROM dsr_purposes WHERE dsr_id = NEW.id
        ON CONFLICT (workspace_id, archived, mail_validated, state, purpose) DO UPDATE SET n = dsr_purpose_counts.n + 1;
        RETURN NULL;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER dsr_purpose_counts_erase BEFORE DELETE ON dsr
FOR EACH ROW EXECUTE FUNCTION dsr_purpose_counts_request();
CREATE TRIGGER dsr_purpose_counts_update AFTER UPDATE OF workspace_id, archived, mail_validated, state ON dsr
FOR EACH ROW EXECUTE FUNCTION dsr_purpose_counts_request();
