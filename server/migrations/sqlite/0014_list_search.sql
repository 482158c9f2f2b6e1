-- Lists that stay fast at 100,000 requests (issue 18).
--
-- Text sorts are `ORDER BY col IS NULL, lower(col) <dir>, id <dir>` (NULLs
-- last either way, case ignored; the same SQL on PostgreSQL): one index per
-- direction in exactly that order lets a sorted, filtered page walk the index
-- and stop after the page instead of sorting every matching request. They
-- replace the plain family-name index.
DROP INDEX IF EXISTS dsr_ws_family;
CREATE INDEX dsr_ws_family_asc  ON dsr(workspace_id, archived, (family_name IS NULL), lower(family_name), id);
CREATE INDEX dsr_ws_family_desc ON dsr(workspace_id, archived, (family_name IS NULL), lower(family_name) DESC, id DESC);
CREATE INDEX dsr_ws_given_asc  ON dsr(workspace_id, archived, (given_name IS NULL), lower(given_name), id);
CREATE INDEX dsr_ws_given_desc ON dsr(workspace_id, archived, (given_name IS NULL), lower(given_name) DESC, id DESC);
CREATE INDEX dsr_ws_title_asc  ON dsr(workspace_id, archived, (title IS NULL), lower(title), id);
CREATE INDEX dsr_ws_title_desc ON dsr(workspace_id, archived, (title IS NULL), lower(title) DESC, id DESC);
CREATE INDEX dsr_ws_email_asc  ON dsr(workspace_id, archived, (email IS NULL), lower(email), id);
CREATE INDEX dsr_ws_email_desc ON dsr(workspace_id, archived, (email IS NULL), lower(email) DESC, id DESC);

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
