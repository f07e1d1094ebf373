-- Events to the storefront (DESIGN.md §5; issue 12 item 5): an outbox of CloudEvents, written in
-- the transaction of the fact that causes each (a status advancing, an outcome, a reply, an
-- opt-out, a campaign transition relayed by broadcast-service), delivered by
-- messaging.StorefrontDispatcher to sandesh.events.url and listed by GET /internal/v1/events.
--   seq         the cursor of GET /v1/events (ascending; the order events are posted in)
--   id          the CloudEvent id, the same on every retry (receivers deduplicate on it)
--   dedup_key   the fact the event reports ("message.failed:<wamid>", "campaign:<history id>" …):
--               a replayed webhook or a redelivered message makes no second event
--   delivery state: delivered_at (a 2xx), attempts / next_attempt_at / last_error (backoff),
--               abandoned_at (retried for sandesh.events.retry-for without a 2xx)
CREATE TABLE storefront_event (
    seq              bigserial   PRIMARY KEY,
    id               uuid        NOT NULL UNIQUE,
    dedup_key        text        NOT NULL UNIQUE,
    type             text        NOT NULL,
    subject          text,
    data             jsonb       NOT NULL,
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    abandoned_at     timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text
);

-- The dispatcher's work: what is neither delivered nor abandoned, in seq order.
CREATE INDEX storefront_event_pending_idx ON storefront_event (seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL;

-- The brand's own id of each recipient, from the batch outcome (contracts RecipientOutcome.externalId),
-- kept with the recipient link so a status's event names it.
ALTER TABLE message_status ADD COLUMN external_id text;
