-- Lists that stay fast at 100,000 requests (issue 18).
--
-- Name sorts are case-insensitive with lower() (the same SQL on PostgreSQL):
-- expression indexes let a sorted page walk the index instead of sorting the
-- workspace's every request. They replace the plain family-name index.
DROP INDEX IF EXISTS dsr_ws_family;
CREATE INDEX dsr_ws_family_ci ON dsr(workspace_id, archived, lower(family_name));
CREATE INDEX dsr_ws_given_ci  ON dsr(workspace_id, archived, lower(given_name));
CREATE INDEX dsr_ws_title_ci  ON dsr(workspace_id, archived, lower(title));
CREATE INDEX dsr_ws_email_ci  ON dsr(workspace_id, archived, lower(email));

-- Text search `q` (a substring of title, given name, family name or e-mail,
-- any case): an FTS5 trigram index over those four columns. External content:
-- the index holds trigrams of the row, not a second copy of it, and the
-- triggers remove a request's trigrams with the request (erasure).
CREATE VIRTUAL TABLE dsr_search USING fts5(
    title, given_name, family_name, email,
    content = 'dsr', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO dsr_search(dsr_search) VALUES ('rebuild');
CREATE TRIGGER dsr_search_insert AFTER INSERT ON dsr BEGIN
    INSERT INTO dsr_search(rowid, title, given_name, family_name, email)
    VALUES (new.id, new.title, new.given_name, new.family_name, new.email);
END;
CREATE TRIGGER dsr_search_delete AFTER DELETE ON dsr BEGIN
    INSERT INTO dsr_search(dsr_search, rowid, title, given_name, family_name, email)
    VALUES ('delete', old.id, old.title, old.given_name, old.family_name, old.email);
END;
CREATE TRIGGER dsr_search_update AFTER UPDATE OF title, given_name, family_name, email ON dsr
BEGIN
    INSERT INTO dsr_search(dsr_search, rowid, title, given_name, family_name, email)
    VALUES ('delete', old.id, old.title, old.given_name, old.family_name, old.email);
    INSERT INTO dsr_search(rowid, title, given_name, family_name, email)
    VALUES (new.id, new.title, new.given_name, new.family_name, new.email);
END;
