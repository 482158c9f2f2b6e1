-- Concord consent types (seed 001), consent records (our extension in
-- Concord's style) and data system contacts (seed 000).

CREATE TABLE consent_types (
    id                       TEXT PRIMARY KEY,
    project_id               TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    category                 TEXT NOT NULL,
    subcategory              TEXT,
    label                    TEXT NOT NULL,
    version                  INTEGER NOT NULL,
    name                     TEXT,
    description              TEXT,
    document                 TEXT,
    url                      TEXT,
    read_only                INTEGER NOT NULL DEFAULT 0,
    valid_states             TEXT,
    status                   TEXT NOT NULL,
    consent_duration         TEXT,
    required                 INTEGER NOT NULL DEFAULT 0,
    require_reaccept_version INTEGER NOT NULL DEFAULT 0,
    date_created             TEXT NOT NULL,
    date_updated             TEXT NOT NULL,
    -- The label is the stable key a host page gates scripts on.
    CONSTRAINT consent_types_project_label UNIQUE (project_id, label)
);
CREATE INDEX consent_types_project_status ON consent_types(project_id, status);

-- Append-only: a new decision is a new row, the history is the audit trail;
-- rowid order is arrival order.
CREATE TABLE consent_records (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    subject_id        TEXT NOT NULL,
    consent_type_id   TEXT NOT NULL REFERENCES consent_types(id) ON DELETE CASCADE,
    version           INTEGER NOT NULL,
    state             TEXT NOT NULL,
    source            TEXT,
    user_agent        TEXT,
    date_created      TEXT NOT NULL
);
CREATE INDEX consent_records_subject ON consent_records(project_id, subject_id);
CREATE INDEX consent_records_type ON consent_records(consent_type_id);

CREATE TABLE data_system_contacts (
    id                TEXT PRIMARY KEY,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone_number      TEXT NOT NULL,
    description       TEXT,
    contact_type      TEXT NOT NULL,
    data_systems      TEXT NOT NULL,
    date_created      INTEGER NOT NULL,
    date_updated      INTEGER NOT NULL
);
CREATE INDEX data_system_contacts_ws ON data_system_contacts(workspace_id, date_created);
