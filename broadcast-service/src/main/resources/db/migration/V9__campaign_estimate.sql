-- The estimate a campaign had when it started (issue 14, "estimate before, truth after"): what
-- GET /v1/campaigns/{id}/estimate answered at that moment (api.CampaignEstimates, the same
-- computation), written in the transaction that moved it DRAFT/SCHEDULED -> RUNNING
-- (CampaignRepository.start), never updated. The Grafana panel "Estimate vs actual" joins it with
-- webhook.campaign_cost. meta_cost is in currency, to the paisa, of the priced recipients only.
CREATE TABLE campaign_estimate (
    campaign_id          uuid          PRIMARY KEY REFERENCES campaign (id),
    estimated_at         timestamptz   NOT NULL,
    price_date           date          NOT NULL,
    failure_share        numeric(7,6)  NOT NULL CHECK (failure_share BETWEEN 0 AND 1),
    failure_share_from   text          NOT NULL,
    recipients           bigint        NOT NULL,
    expected_delivered   bigint        NOT NULL,
    expected_failed      bigint        NOT NULL,
    meta_cost            numeric(14,2) NOT NULL,
    unpriced_recipients  bigint        NOT NULL,
    currency             text          NOT NULL
);
