-- One row per campaign transition (CREATED, SCHEDULED, STARTED, PAUSED, RESUMED, HALTED, COMPLETED,
-- CANCELLED), written in the same transaction as the state change (persistence.CampaignHistory),
-- so GET /v1/campaigns/{id} answers history[] and the storefront relay finds every transition
-- exactly once: it publishes rows whose published_at is null, oldest first, and stamps them.
CREATE TABLE campaign_history (
    id           bigserial PRIMARY KEY,
    campaign_id  uuid        NOT NULL REFERENCES campaign (id),
    at           timestamptz NOT NULL,
    event        text        NOT NULL,
    reason       text,
    published_at timestamptz
);

CREATE INDEX campaign_history_campaign_idx ON campaign_history (campaign_id, id);
CREATE INDEX campaign_history_unpublished_idx ON campaign_history (id) WHERE published_at IS NULL;
