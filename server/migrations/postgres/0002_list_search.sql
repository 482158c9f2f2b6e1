-- Lists that stay fast at 100,000 requests (issue 18); see
-- migrations/sqlite/0014_list_search.sql for the same on SQLite.
-- Text sorts (ORDER BY col IS NULL, lower(col) <dir>, id <dir>) from an
-- index per direction:
DROP INDEX IF EXISTS dsr_ws_family;
CREATE INDEX dsr_ws_family_asc  ON dsr(workspace_id, archived, (family_name IS NULL), lower(family_name), id);
CREATE INDEX dsr_ws_family_desc ON dsr(workspace_id, archived, (family_name IS NULL), lower(family_name) DESC, id DESC);
CREATE INDEX dsr_ws_given_asc  ON dsr(workspace_id, archived, (given_name IS NULL), lower(given_name), id);
CREATE INDEX dsr_ws_given_desc ON dsr(workspace_id, archived, (given_name IS NULL), lower(given_name) DESC, id DESC);
CREATE INDEX dsr_ws_title_asc  ON dsr(workspace_id, archived, (title IS NULL), lower(title), id);
CREATE INDEX dsr_ws_title_desc ON dsr(workspace_id, archived, (title IS NULL), lower(title) DESC, id DESC);
CREATE INDEX dsr_ws_email_asc  ON dsr(workspace_id, archived, (email IS NULL), lower(email), id);
CREATE INDEX dsr_ws_email_desc ON dsr(workspace_id, archived, (email IS NULL), lower(email) DESC, id DESC);

-- Text search `q`: `lower(col) LIKE lower('%…%')` on four columns, each served
-- by a trigram index (pg_trgm ships with Debian's server and is a trusted
-- extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX dsr_title_trgm  ON dsr USING gin (lower(title) gin_trgm_ops);
CREATE INDEX dsr_given_trgm  ON dsr USING gin (lower(given_name) gin_trgm_ops);
CREATE INDEX dsr_family_trgm ON dsr USING gin (lower(family_name) gin_trgm_ops);
CREATE INDEX dsr_email_trgm  ON dsr USING gin (lower(email) gin_trgm_ops);
