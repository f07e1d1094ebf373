-- What the sender must remember across restarts about which campaigns and numbers may send
-- (CampaignControl pause/resume/cancel, halts on template and account errors). Every replica keeps
-- an in-memory view of these tables, refreshed every second (sandesh.sender.control-refresh).
CREATE TABLE campaign_control (
    campaign_id      uuid        PRIMARY KEY,
    phone_number_id  text,
    state            text        NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'CANCELLED', 'HALTED')),
    reason           text,
    -- when the decision was taken (CampaignControl.at, or the error's time): an older one never wins
    decided_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX campaign_control_updated ON campaign_control (updated_at);

-- A number whose every campaign is halted (auth/account error, 131048 spam/quality) until an
-- operator lifts it (DELETE /internal/numbers/{phoneNumberId}/halt).
CREATE TABLE number_halt (
    phone_number_id  text        PRIMARY KEY,
    reason           text        NOT NULL,
    error_code       integer,
    halted_at        timestamptz NOT NULL DEFAULT now()
);
