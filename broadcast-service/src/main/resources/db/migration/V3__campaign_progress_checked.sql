-- When the scheduler tick last asked webhook-service about a RUNNING campaign's progress, so each
-- tick checks the campaigns checked longest ago (never first) and every campaign gets its turn.
ALTER TABLE campaign ADD COLUMN progress_checked_at timestamptz;
CREATE INDEX campaign_running_checked_idx ON campaign (progress_checked_at NULLS FIRST, updated_at) WHERE state = 'RUNNING';
