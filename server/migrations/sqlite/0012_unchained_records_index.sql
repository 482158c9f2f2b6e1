-- consent_chain::backfill looks for records without a hash at every start:
-- a partial index keeps that an empty-index lookup instead of a scan of
-- every record (after the first start it holds no row).
CREATE INDEX consent_records_unchained ON consent_records(project_id) WHERE hash IS NULL;
