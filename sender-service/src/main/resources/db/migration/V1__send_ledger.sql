-- The sender's ground truth: one row per (campaign, recipient), claimed before the Cloud API is
-- called. A recipient with a row is never sent again (under-send rather than double-send).
CREATE TABLE send_ledger (
    campaign_id      uuid        NOT NULL,
    recipient_seq    bigint      NOT NULL,
    batch_number     integer     NOT NULL,
    phone_number_id  text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('CLAIMED', 'ACCEPTED', 'FAILED', 'UNKNOWN', 'HALTED')),
    -- the delivery of the batch that claimed the row: only that delivery may send it or record its result
    claim_token      uuid        NOT NULL,
    wamid            text,
    error_code       integer,
    error_title      text,
    attempts         integer     NOT NULL DEFAULT 0,
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    PRIMARY KEY (campaign_id, recipient_seq),
    CHECK (state <> 'ACCEPTED' OR wamid IS NOT NULL)
);

CREATE INDEX send_ledger_wamid ON send_ledger (wamid) WHERE wamid IS NOT NULL;
CREATE INDEX send_ledger_unfinished ON send_ledger (claimed_at) WHERE state = 'CLAIMED';
