-- Dastra data subject requests (seed 002).
--
-- The full DataSubjectRequest object (nested area, creator, attachments, ...)
-- is kept as JSON in `body`, exactly as the client sent it. Everything the list
-- endpoint filters or sorts on, and everything the server owns (id, state,
-- dates, workflow step), is a real column, and purposes and tags are join
-- tables: every seed filter is an indexed SQL predicate, never a JSON scan.

CREATE TABLE workflow_steps (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    label            TEXT NOT NULL,
    color            TEXT,
    ord              INTEGER NOT NULL,
    item_limit       INTEGER,
    type             TEXT NOT NULL,
    final_step       INTEGER NOT NULL DEFAULT 0,
    initial_step     INTEGER NOT NULL DEFAULT 0,
    description_html TEXT,
    mapped_state     TEXT NOT NULL
);
CREATE INDEX workflow_steps_workspace ON workflow_steps(workspace_id, ord);

CREATE TABLE tags (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    label            TEXT NOT NULL,
    type             TEXT,
    color            TEXT,
    UNIQUE (workspace_id, label)
);

CREATE TABLE dsr (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    title             TEXT,
    given_name        TEXT,
    family_name       TEXT,
    email             TEXT,
    state             TEXT NOT NULL,
    archived          INTEGER NOT NULL DEFAULT 0,
    archived_date     TEXT,
    widget_id         INTEGER,
    work_flow_step_id INTEGER REFERENCES workflow_steps(id),
    date_creation     TEXT NOT NULL,
    date_update       TEXT NOT NULL,
    expiry_time       TEXT NOT NULL,
    date_closed       TEXT,
    body              TEXT NOT NULL
);
-- Every list starts with (workspace, archived): the default view hides archived rows.
CREATE INDEX dsr_ws_created  ON dsr(workspace_id, archived, date_creation);
CREATE INDEX dsr_ws_expiry   ON dsr(workspace_id, archived, expiry_time);
CREATE INDEX dsr_ws_state    ON dsr(workspace_id, archived, state);
CREATE INDEX dsr_ws_widget   ON dsr(workspace_id, widget_id);
CREATE INDEX dsr_ws_family   ON dsr(workspace_id, archived, family_name);
CREATE INDEX dsr_ws_update   ON dsr(workspace_id, archived, date_update);
CREATE INDEX dsr_step        ON dsr(work_flow_step_id);

CREATE TABLE dsr_purposes (
    dsr_id           INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    purpose          TEXT NOT NULL,
    PRIMARY KEY (dsr_id, purpose)
); -- with rowid: it keeps the order the purposes were sent in
CREATE INDEX dsr_purposes_by_purpose ON dsr_purposes(purpose, dsr_id);

CREATE TABLE dsr_tags (
    dsr_id           INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    tag_id           INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (dsr_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX dsr_tags_by_tag ON dsr_tags(tag_id, dsr_id);
