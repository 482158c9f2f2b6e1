-- Issue 15: a consent type's Google Consent Mode v2 signals (our extension
-- field `consentMode`), JSON array of signal names; NULL when none.
ALTER TABLE consent_types ADD COLUMN consent_mode TEXT;
