-- Issue 15: proof of consent. Each record keeps what the widget knew (GPC,
-- region, the region policy applied), the hash of the consent type's text at
-- the version decided on, and its place in the project's hash chain (seq,
-- hash; see src/consent_chain.rs). batch_id groups the records of one POST
-- (internal: the banner statistics count answers, not decisions).
-- Records stored before this migration are chained at start-up, in Rust
-- (SQLite has no SHA-256), by consent_chain::backfill.
ALTER TABLE consent_records ADD COLUMN gpc INTEGER;
ALTER TABLE consent_records ADD COLUMN region TEXT;
ALTER TABLE consent_records ADD COLUMN policy TEXT;
ALTER TABLE consent_records ADD COLUMN text_hash TEXT;
ALTER TABLE consent_records ADD COLUMN seq INTEGER;
ALTER TABLE consent_records ADD COLUMN hash TEXT;
ALTER TABLE consent_records ADD COLUMN batch_id TEXT;
CREATE UNIQUE INDEX consent_records_chain ON consent_records(project_id, seq);
CREATE INDEX consent_records_date ON consent_records(project_id, date_created);

-- What each version of a consent type said: hex SHA-256 of
-- [name, description, document, url].
CREATE TABLE consent_type_texts (
    consent_type_id TEXT NOT NULL REFERENCES consent_types(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    text_hash       TEXT NOT NULL,
    PRIMARY KEY (consent_type_id, version)
);
