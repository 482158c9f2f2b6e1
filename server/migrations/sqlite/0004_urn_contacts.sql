-- URN-service organisation contacts (seed 003).
CREATE TABLE org_contacts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    surname           TEXT,
    forename          TEXT,
    email             TEXT,
    phone             TEXT,
    function          TEXT,
    comment           TEXT,
    created           TEXT NOT NULL,
    last_modified     TEXT NOT NULL
);
CREATE INDEX org_contacts_ws ON org_contacts(workspace_id, id);
