-- broadcast-service owns campaigns, their recipients and the opt-out list (DESIGN.md §4).

CREATE TABLE campaign (
    id                    uuid PRIMARY KEY,
    name                  text        NOT NULL,
    template_name         text        NOT NULL,
    template_language     text        NOT NULL,
    template_category     text        NOT NULL,
    phone_number_id       text        NOT NULL,
    state                 text        NOT NULL
        CHECK (state IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'HALTED', 'CANCELLED')),
    -- The caller's Idempotency-Key and a fingerprint of the request it came with: the same key
    -- with another request is a conflict, not a replay.
    idempotency_key       text UNIQUE,
    request_fingerprint   text,
    recipients            integer     NOT NULL,
    valid                 integer     NOT NULL,
    rejected              integer     NOT NULL,
    rejected_invalid      integer     NOT NULL DEFAULT 0,
    rejected_duplicate    integer     NOT NULL DEFAULT 0,
    rejected_opted_out    integer     NOT NULL DEFAULT 0,
    batch_size            integer     NOT NULL CHECK (batch_size > 0),
    created_at            timestamptz NOT NULL,
    started_at            timestamptz,
    completed_at          timestamptz,
    updated_at            timestamptz NOT NULL,
    CHECK (recipients = valid + rejected)
);

CREATE INDEX campaign_created_at_idx ON campaign (created_at);

-- Every recipient the caller sent, valid or not; sequence is its 0-based index in the request
-- and, with the campaign id, names the recipient everywhere (sender ledger, outcomes, statuses).
CREATE TABLE recipient (
    campaign_id       uuid    NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    sequence          bigint  NOT NULL,
    input             text,
    phone_e164        text,
    country           text,
    parameters        jsonb   NOT NULL DEFAULT '[]'::jsonb,
    external_id       text,
    rejection_reason  text
        CHECK (rejection_reason IN ('INVALID_NUMBER', 'DUPLICATE', 'OPTED_OUT')),
    rejection_detail  text,
    PRIMARY KEY (campaign_id, sequence),
    CHECK (rejection_reason IS NOT NULL OR phone_e164 IS NOT NULL)
);

-- Listing a campaign's rejections without scanning its valid recipients.
CREATE INDEX recipient_rejected_idx ON recipient (campaign_id, sequence) WHERE rejection_reason IS NOT NULL;

CREATE TABLE opt_out (
    phone_e164    text PRIMARY KEY,
    source        text        NOT NULL,
    opted_out_at  timestamptz NOT NULL
);
