-- Meta's rate card (contracts' RateCard.shipped(), rewritten at every start by RateCardLoader) and
-- the third-party provider's fees (contracts' ThirdPartyFees), so that SQL views can price campaigns
-- for the Grafana cost panel. Prometheus is for live operations, not for money.
CREATE TABLE rate_card (
    effective_from  date          NOT NULL,
    country         text          NOT NULL,
    category        text          NOT NULL,
    price           numeric(14,6) NOT NULL,
    currency        text          NOT NULL,
    source          text          NOT NULL DEFAULT '',
    PRIMARY KEY (country, category, effective_from)
);

CREATE TABLE third_party_fees (
    provider     text          PRIMARY KEY,
    per_message  numeric(14,6) NOT NULL,
    per_failed   numeric(14,6) NOT NULL,
    currency     text          NOT NULL
);

-- Billable delivered messages per campaign, day (UTC, of delivery), country and category. Meta
-- charges per delivered template message; read implies delivered (Meta may skip delivered).
-- billable is being deprecated by Meta: a missing one counts as billable unless the pricing type
-- says free (free_customer_service, free_entry_point).
CREATE VIEW campaign_billable_daily AS
SELECT campaign_id,
       CAST(COALESCE(delivered_at, read_at) AT TIME ZONE 'UTC' AS date) AS day,
       upper(country)                                                AS country,
       lower(pricing_category)                                        AS category,
       count(*)                                                       AS billable_delivered
  FROM message_status
 WHERE campaign_id IS NOT NULL
   AND status IN ('delivered', 'read')
   AND COALESCE(billable, true)
   AND COALESCE(pricing_type, 'regular') NOT LIKE 'free%'
 GROUP BY 1, 2, 3, 4;

-- The same, priced with the rate card row in force on that day (null price: no row, reported unpriced).
CREATE VIEW campaign_cost_daily AS
SELECT b.campaign_id, b.day, b.country, b.category, b.billable_delivered,
       r.price                         AS unit_price,
       r.currency,
       b.billable_delivered * r.price  AS cost
  FROM campaign_billable_daily b
  LEFT JOIN LATERAL (
        SELECT price, currency
          FROM rate_card rc
         WHERE rc.country = b.country AND rc.category = b.category AND rc.effective_from <= b.day
         ORDER BY rc.effective_from DESC
         LIMIT 1) r ON true;

-- Per campaign: Meta's cost so far (one row per currency; a campaign with no priced message has one
-- row with a null currency), and what Twilio would have charged on top of it: per attempt (every
-- message that got a wamid, plus sends Meta refused or whose fate is unknown) and per failed message.
CREATE VIEW campaign_cost AS
WITH attempts AS (
    SELECT campaign_id, count(*) AS attempted, count(*) FILTER (WHERE failed) AS failed
      FROM (SELECT campaign_id, status = 'failed' AS failed FROM message_status WHERE campaign_id IS NOT NULL
            UNION ALL
            SELECT campaign_id, result = 'FAILED' FROM send_failure WHERE result IN ('FAILED', 'UNKNOWN')) a
     GROUP BY campaign_id
), meta AS (
    SELECT campaign_id, currency, sum(billable_delivered) AS billable_delivered, sum(cost) AS meta_cost
      FROM campaign_cost_daily
     WHERE currency IS NOT NULL
     GROUP BY campaign_id, currency
), unpriced AS (
    SELECT campaign_id, sum(billable_delivered) AS unpriced_delivered
      FROM campaign_cost_daily
     WHERE currency IS NULL
     GROUP BY campaign_id
)
SELECT a.campaign_id,
       m.currency                                        AS meta_currency,
       COALESCE(m.billable_delivered, 0)                 AS billable_delivered,
       COALESCE(m.meta_cost, 0)                          AS meta_cost,
       COALESCE(u.unpriced_delivered, 0)                 AS unpriced_delivered,
       a.attempted,
       a.failed,
       f.provider                                        AS third_party,
       f.per_message * a.attempted + f.per_failed * a.failed AS third_party_fees,
       f.currency                                        AS third_party_currency
  FROM attempts a
  LEFT JOIN meta m ON m.campaign_id = a.campaign_id
  LEFT JOIN unpriced u ON u.campaign_id = a.campaign_id
  LEFT JOIN third_party_fees f ON f.provider = 'twilio';
