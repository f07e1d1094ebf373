-- The Meta code behind a pause Meta caused (132015 template paused, 132016 disabled, 134101 still
-- syncing to the Marketing Messages API): every DEFERRED recipient of the campaign reports it, so
-- broadcast-service can tell a template paused by Meta from an operator's pause. NULL otherwise.
ALTER TABLE campaign_control ADD COLUMN error_code integer;
