-- One row per message Meta accepted, keyed by its wamid. A row may be created by a status webhook
-- before the batch outcome that names its campaign arrives (campaign_id null until then), or by
-- the outcome first. The status follows StatusLattice (dev.sandesh.webhook.domain); each status
-- keeps the first time it was seen, even when a higher status already arrived.
CREATE TABLE message_status (
    wamid             text        PRIMARY KEY,
    campaign_id       uuid,
    recipient_seq     bigint,
    country           text,
    status            text        NOT NULL CHECK (status IN ('accepted', 'sent', 'delivered', 'read', 'failed')),
    accepted_at       timestamptz,
    sent_at           timestamptz,
    delivered_at      timestamptz,
    read_at           timestamptz,
    failed_at         timestamptz,
    error_code        integer,
    error_title       text,
    pricing_category  text,
    pricing_type      text,
    pricing_model     text,
    billable          boolean,
    recipient_id      text,
    updated_at        timestamptz NOT NULL
);

-- Stats and the cost views read a campaign's rows.
CREATE INDEX message_status_campaign_idx ON message_status (campaign_id, recipient_seq) WHERE campaign_id IS NOT NULL;

-- Sends that never got a wamid: FAILED (Meta refused it), UNKNOWN (no answer), HALTED (not sent).
CREATE TABLE send_failure (
    campaign_id    uuid        NOT NULL,
    recipient_seq  bigint      NOT NULL,
    country        text,
    result         text        NOT NULL CHECK (result IN ('FAILED', 'UNKNOWN', 'HALTED')),
    error_code     integer,
    error_title    text,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, recipient_seq)
);
