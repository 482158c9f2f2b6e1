-- Issue 17: widget settings per workspace, and keys managed from the admin page.

-- The workspace's widget settings: JSON of pw_model::WidgetSettings. No row
-- means the defaults (e-mail and a purpose required, every type and language).
CREATE TABLE workspace_settings (
    workspace_id    INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    body            TEXT NOT NULL,
    date_update     TEXT NOT NULL
);

-- Keys get a name, a recognisable hint (prefix and last four characters; the
-- key itself is shown once) and a revocation time. A revoked key keeps its
-- row, so its hash stays taken: the same key passed again in PW_ADMIN_KEY or
-- PW_PUBLIC_KEY at a restart is not brought back to life.
ALTER TABLE api_keys ADD COLUMN name TEXT;
ALTER TABLE api_keys ADD COLUMN hint TEXT;
ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;
UPDATE api_keys SET hint = substr(display, 1, 7) || '…' || substr(display, -4)
 WHERE display IS NOT NULL;
