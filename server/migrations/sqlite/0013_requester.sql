-- Issue 16: the requester's side of a request. Every row below belongs to a
-- request and is erased with it (ON DELETE CASCADE); attachment bytes live in
-- files under PW_FILES, removed by the delete route.

-- Server-owned facts of the seed object, as columns so the inbox can filter.
ALTER TABLE dsr ADD COLUMN mail_validated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dsr ADD COLUMN email_validation_date TEXT;
ALTER TABLE dsr ADD COLUMN user_notified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dsr ADD COLUMN date_user_notified TEXT;
CREATE INDEX dsr_ws_unverified ON dsr(workspace_id, archived, mail_validated, date_creation);

-- The thread between requester and team.
CREATE TABLE dsr_messages (
    id            INTEGER PRIMARY KEY,
    dsr_id        INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    author        TEXT NOT NULL CHECK (author IN ('requester', 'team')),
    body          TEXT NOT NULL,
    date_creation TEXT NOT NULL,
    date_viewed   TEXT
);
CREATE INDEX dsr_messages_dsr ON dsr_messages(dsr_id, id);

-- Attachments: metadata here, bytes in PW_FILES/<dsr id>/<id>.
CREATE TABLE dsr_files (
    id                 TEXT PRIMARY KEY,
    dsr_id             INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    message_id         INTEGER REFERENCES dsr_messages(id) ON DELETE CASCADE,
    author             TEXT NOT NULL CHECK (author IN ('requester', 'team')),
    file_name          TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    size               INTEGER NOT NULL,
    sha256             TEXT NOT NULL,
    date_creation      TEXT NOT NULL,
    nb_download        INTEGER NOT NULL DEFAULT 0,
    date_last_download TEXT
);
CREATE INDEX dsr_files_dsr ON dsr_files(dsr_id, date_creation);

-- Verification links and codes, status-page tokens: only their SHA-256 is kept.
CREATE TABLE requester_tokens (
    hash          TEXT PRIMARY KEY,
    dsr_id        INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('link', 'code', 'status')),
    date_creation TEXT NOT NULL,
    expires       TEXT NOT NULL,
    used          TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requester_tokens_dsr ON requester_tokens(dsr_id, kind, date_creation);

-- Every e-mail sent or written to the outbox (the admin page's Outbox view).
CREATE TABLE mail_log (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    dsr_id        INTEGER REFERENCES dsr(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    text_body     TEXT NOT NULL,
    date_creation TEXT NOT NULL,
    status        TEXT NOT NULL,
    error         TEXT
);
CREATE INDEX mail_log_ws ON mail_log(workspace_id, id);
CREATE INDEX mail_log_dsr ON mail_log(dsr_id);
