-- Lists that stay fast at 100,000 requests (issue 18); see
-- migrations/sqlite/0014_list_search.sql for the same on SQLite.
-- Case-insensitive name sorts (lower()) from an index:
DROP INDEX IF EXISTS dsr_ws_family;
CREATE INDEX dsr_ws_family_ci ON dsr(workspace_id, archived, lower(family_name));
CREATE INDEX dsr_ws_given_ci  ON dsr(workspace_id, archived, lower(given_name));
CREATE INDEX dsr_ws_title_ci  ON dsr(workspace_id, archived, lower(title));
CREATE INDEX dsr_ws_email_ci  ON dsr(workspace_id, archived, lower(email));

-- Text search `q`: `lower(col) LIKE lower('%…%')` on four columns, each served
-- by a trigram index (pg_trgm ships with Debian's server and is a trusted
-- extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX dsr_title_trgm  ON dsr USING gin (lower(title) gin_trgm_ops);
CREATE INDEX dsr_given_trgm  ON dsr USING gin (lower(given_name) gin_trgm_ops);
CREATE INDEX dsr_family_trgm ON dsr USING gin (lower(family_name) gin_trgm_ops);
CREATE INDEX dsr_email_trgm  ON dsr USING gin (lower(email) gin_trgm_ops);
