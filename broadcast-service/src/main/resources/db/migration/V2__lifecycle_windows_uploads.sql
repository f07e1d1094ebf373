-- Issue 6: campaigns created as drafts, scheduled, paused/resumed/cancelled, spread over
-- messaging-limit windows, retried as child campaigns; recipients with a wrong parameter count.

ALTER TABLE campaign
    -- false for "start": false drafts, so an Idempotency-Key replay does not start them
    ADD COLUMN start_requested      boolean     NOT NULL DEFAULT true,
    ADD COLUMN scheduled_at         timestamptz,
    ADD COLUMN over_limit           text        NOT NULL DEFAULT 'REFUSE' CHECK (over_limit IN ('REFUSE', 'SPREAD')),
    ADD COLUMN retry_of             uuid        REFERENCES campaign (id),
    ADD COLUMN rejected_parameters  integer     NOT NULL DEFAULT 0,
    ADD COLUMN state_reason         text;

CREATE INDEX campaign_scheduled_idx ON campaign (scheduled_at) WHERE state = 'SCHEDULED';
CREATE INDEX campaign_phone_created_idx ON campaign (phone_number_id, created_at DESC, id DESC);

ALTER TABLE recipient DROP CONSTRAINT recipient_rejection_reason_check;
ALTER TABLE recipient ADD CONSTRAINT recipient_rejection_reason_check
    CHECK (rejection_reason IN ('INVALID_NUMBER', 'DUPLICATE', 'OPTED_OUT', 'PARAMETER_COUNT'));

-- A campaign's valid recipients are released in windows, in sequence order: one window for a
-- campaign within the messaging limit, one per 24 h slice when it is spread. A window's range
-- (after_sequence, last_sequence] and its first batch number are fixed when it is released, so
-- a resume re-publishes byte-identical batches.
CREATE TABLE campaign_window (
    campaign_id     uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    number          integer     NOT NULL,
    release_at      timestamptz NOT NULL,
    recipients      integer     NOT NULL CHECK (recipients >= 0),
    after_sequence  bigint,
    last_sequence   bigint,
    first_batch     integer,
    batches         integer,
    released_at     timestamptz,
    PRIMARY KEY (campaign_id, number)
);

CREATE INDEX campaign_window_due_idx ON campaign_window (release_at) WHERE released_at IS NULL;
CREATE INDEX campaign_window_released_idx ON campaign_window (released_at) WHERE released_at IS NOT NULL;
