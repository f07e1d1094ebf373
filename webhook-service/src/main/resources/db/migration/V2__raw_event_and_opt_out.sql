-- Every signed webhook POST exactly as received (audit and replay), written in the same transaction
-- as the statuses it carried: a row here means its statuses are committed too. Requests whose
-- signature did not match are refused (401) and never stored.
CREATE TABLE raw_event (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    body         bytea       NOT NULL,
    -- which app secret verified X-Hub-Signature-256: 'current', or 'previous-1', 'previous-2', ...
    signature    text        NOT NULL,
    statuses     integer     NOT NULL,
    -- why a signed body could not be read (acknowledged 200 all the same); null when it could
    unreadable   text
);

-- Replay reads a time range in (received_at, id) order.
CREATE INDEX raw_event_received_idx ON raw_event (received_at, id);

-- Opt-outs and opt-ins learnt from webhooks: an outbox. Inserted in the webhook's transaction, then
-- published to sandesh.optouts after the commit; published_at stays null until the broker confirmed,
-- and a relay retries those. Meta's duplicates collapse on the key, so each fact is published once
-- (a replay or a redelivery after a lost confirm may publish it again: consumers are idempotent).
CREATE TABLE opt_out (
    phone         text        NOT NULL,
    action        text        NOT NULL CHECK (action IN ('OPT_OUT', 'OPT_IN')),
    source        text        NOT NULL,
    at            timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL,
    published_at  timestamptz,
    PRIMARY KEY (phone, action, source, at)
);

CREATE INDEX opt_out_unpublished_idx ON opt_out (recorded_at) WHERE published_at IS NULL;
