-- DSR tags get their own endpoints (issue 14, point 19): clients keep tag ids
-- (the list's `tags` filter, a request's `tags` items), so a deleted tag's id
-- must never name another tag. `INTEGER PRIMARY KEY` reuses the largest id
-- after it is deleted; AUTOINCREMENT does not. SQLite cannot change that in
-- place, so the table is rebuilt with the same ids; dsr_tags, which refers to
-- it (ON DELETE CASCADE would empty it on DROP), is set aside and restored.
CREATE TEMP TABLE dsr_tags_copy AS SELECT dsr_id, tag_id FROM dsr_tags;
DROP TABLE dsr_tags;

CREATE TABLE tags_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    label            TEXT NOT NULL,
    type             TEXT,
    color            TEXT,
    UNIQUE (workspace_id, label)
);
INSERT INTO tags_new (id, workspace_id, label, type, color)
    SELECT id, workspace_id, label, type, color FROM tags;
DROP TABLE tags;
ALTER TABLE tags_new RENAME TO tags;

CREATE TABLE dsr_tags (
    dsr_id           INTEGER NOT NULL REFERENCES dsr(id) ON DELETE CASCADE,
    tag_id           INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (dsr_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX dsr_tags_by_tag ON dsr_tags(tag_id, dsr_id);
INSERT INTO dsr_tags (dsr_id, tag_id) SELECT dsr_id, tag_id FROM dsr_tags_copy;
DROP TABLE dsr_tags_copy;
