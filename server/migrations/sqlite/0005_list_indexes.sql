-- Covering index for the "overtaking" filter (past expiry_time and not Closed)
-- and the expiryTime / remainingDays sorts: with `state` in the index, counting
-- overdue requests never touches the table rows.
DROP INDEX dsr_ws_expiry;
CREATE INDEX dsr_ws_expiry_state ON dsr(workspace_id, archived, expiry_time, state);
