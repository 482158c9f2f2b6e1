-- Erasure and expiry of stored idempotent responses (issue 14, point 4), and
-- demo origins that can be withdrawn (point 11).

-- The resource a stored response describes (`dsr:{id}` for a DSR create), so
-- deleting the request also deletes the copy of it kept for replays.
ALTER TABLE idempotency_keys ADD COLUMN resource TEXT;
UPDATE idempotency_keys
   SET resource = 'dsr:' || json_extract(body, '$.id')
 WHERE scope LIKE '% POST /v1/ws/%/DataSubjectRequests'
   AND json_valid(body) AND json_extract(body, '$.id') IS NOT NULL;
CREATE INDEX idempotency_keys_resource ON idempotency_keys(resource)
    WHERE resource IS NOT NULL;
-- Records expire after 24 h: the purge on every creating POST is a range scan.
CREATE INDEX idempotency_keys_created ON idempotency_keys(date_created);

-- 1 for the demo page's own origins, which are re-derived at every start from
-- PW_DEMO_ADDR (and dropped when the demo is off); 0 for configured origins.
ALTER TABLE allowed_origins ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
UPDATE allowed_origins SET demo = 1
 WHERE workspace_id = 1
   AND (origin LIKE 'http://127.0.0.1:%' OR origin LIKE 'http://localhost:%');
