-- Tenants, API keys and CORS origins.
--
-- One tenant row carries both identities the seeds use for the same customer:
-- the Dastra integer workspace id (seed 002, `/v1/ws/{workspaceId}`) and the
-- Concord organization uuid (seeds 000/001, `/organizations/{organizationId}`).
-- URN-service (seed 003) addresses the same organisation by either form.

CREATE TABLE workspaces (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    organization_id TEXT NOT NULL UNIQUE,
    date_created    TEXT NOT NULL
);

-- Concord projects belong to an organization (seed 001 path).
CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name            TEXT NOT NULL
);
CREATE INDEX projects_workspace ON projects(workspace_id);

-- Keys are stored as SHA-256 of the presented key (see src/auth.rs for why a
-- plain hash is enough). `display` keeps the plaintext of PUBLIC keys only:
-- they are printed into every host page and are not secrets.
CREATE TABLE api_keys (
    id              INTEGER PRIMARY KEY,
    key_hash        BLOB NOT NULL UNIQUE,
    scope           TEXT NOT NULL CHECK (scope IN ('admin', 'public')),
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    project_id      TEXT REFERENCES projects(id) ON DELETE CASCADE,
    display         TEXT,
    date_created    TEXT NOT NULL,
    CHECK (scope = 'public' OR display IS NULL)
);

-- Origins whose pages may call the public endpoints of a workspace.
CREATE TABLE allowed_origins (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    origin          TEXT NOT NULL,
    PRIMARY KEY (origin, workspace_id)
);

-- Stored responses of creating POSTs, written in the same transaction as the
-- row they describe, so a retry can never create a second row.
CREATE TABLE idempotency_keys (
    key_hash        BLOB NOT NULL,
    scope           TEXT NOT NULL,
    request_hash    BLOB NOT NULL,
    status          INTEGER NOT NULL,
    body            TEXT NOT NULL,
    location        TEXT,
    date_created    TEXT NOT NULL,
    PRIMARY KEY (scope, key_hash)
);
