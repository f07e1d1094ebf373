-- The Grafana panel's period queries filter by delivery time before aggregating: billable_message and
-- message_price carry the delivery timestamp itself (a predicate on it reaches
-- message_status_delivered_idx through the untiered branch), and campaign_attempt its send time.
CREATE OR REPLACE VIEW billable_message AS
WITH charged AS (
    SELECT wamid, campaign_id, upper(country) AS country,
           replace(replace(lower(trim(pricing_category)), '-', '_'), ' ', '_') AS category,
           lower(COALESCE(pricing_type, 'regular'))                              AS pricing_type,
           COALESCE(delivered_at, read_at)                                       AS delivered_at
      FROM message_status
     WHERE status IN ('delivered', 'read')
       AND COALESCE(billable, true)
       AND lower(COALESCE(pricing_type, 'regular')) NOT IN ('free_customer_service', 'free_entry_point')
)
SELECT wamid, campaign_id, country, category, pricing_type, CAST(delivered_at AT TIME ZONE 'UTC' AS date) AS day,
       CAST(NULL AS bigint) AS tier_ordinal, delivered_at
  FROM charged
 WHERE category IS NULL OR category NOT IN ('utility', 'authentication', 'authentication_international')
UNION ALL
SELECT wamid, campaign_id, country, category, pricing_type, CAST(delivered_at AT TIME ZONE 'UTC' AS date),
       row_number() OVER (PARTITION BY date_trunc('month', delivered_at AT TIME ZONE 'UTC'), country,
                                       CASE category WHEN 'utility' THEN 'utility' ELSE 'authentication' END
                          ORDER BY delivered_at, wamid),
       delivered_at
  FROM charged
 WHERE category IN ('utility', 'authentication', 'authentication_international');

CREATE OR REPLACE VIEW message_price AS
SELECT b.wamid, b.campaign_id, b.day, b.country, b.category, b.pricing_type, b.tier_ordinal,
       r.unit_price, r.rate_currency, r.effective_from AS rate_effective_from, r.source AS rate_source,
       s.currency,
       fx.rate                                                     AS fx_rate,
       CASE WHEN r.unit_price IS NULL AND b.category IN ('service', 'referral_conversion') THEN 0
            ELSE r.unit_price * fx.rate END                        AS price,
       b.delivered_at
  FROM billable_message b
 CROSS JOIN cost_setting s
  LEFT JOIN LATERAL (
        SELECT rc.effective_from,
               CASE WHEN rc.price IS NULL THEN NULL ELSE COALESCE(t.price, rc.price) END       AS unit_price,
               CASE WHEN t.price IS NULL THEN rc.currency ELSE t.currency END                 AS rate_currency,
               CASE WHEN t.price IS NULL THEN rc.source ELSE t.source END                     AS source
          FROM (SELECT * FROM rate_card c
                 WHERE c.country = b.country AND c.category = b.category AND c.effective_from <= b.day
                 ORDER BY c.effective_from DESC LIMIT 1) rc
          LEFT JOIN LATERAL (
                SELECT vt.price, vt.currency, vt.source
                  FROM volume_tier vt
                 WHERE b.tier_ordinal IS NOT NULL AND b.category IN ('utility', 'authentication')
                   AND vt.country = b.country AND vt.category = b.category
                   AND vt.effective_from = (SELECT max(v2.effective_from) FROM volume_tier v2
                                             WHERE v2.country = b.country AND v2.category = b.category AND v2.effective_from <= b.day)
                   AND b.tier_ordinal > vt.from_volume AND (vt.to_volume IS NULL OR b.tier_ordinal <= vt.to_volume)) t ON true
       ) r ON true
  LEFT JOIN LATERAL (
        SELECT CASE WHEN r.rate_currency = s.currency THEN CAST(1 AS numeric)
                    ELSE (SELECT f.rate FROM fx_rate f
                           WHERE f.from_currency = r.rate_currency AND f.to_currency = s.currency AND f.day <= b.day
                           ORDER BY f.day DESC LIMIT 1) END AS rate
       ) fx ON true;

-- Failures by code in a period: the send time of each attempt.
CREATE INDEX message_status_failed_idx ON message_status (campaign_id, error_code) WHERE status = 'failed';

-- Reconciliation (CLOUD-API-MORE §6.5): Meta's pricing_analytics for the WABA at DAILY granularity with
-- dimensions COUNTRY, PRICING_CATEGORY, PRICING_TYPE, as the daily job fetched it (cost in the WABA's
-- currency; null when Meta returns no COST, e.g. a partner's credit line).
CREATE TABLE pricing_analytics (
    day           date          NOT NULL,
    country       text          NOT NULL,
    category      text          NOT NULL,
    pricing_type  text          NOT NULL,
    volume        bigint        NOT NULL,
    cost          numeric(14,6),
    currency      text          NOT NULL,
    fetched_at    timestamptz   NOT NULL,
    PRIMARY KEY (day, country, category, pricing_type)
);

-- Sandesh's own count and cost (message_price) beside Meta's, per day × country × category × type,
-- on the days Meta's figures were fetched; drift = Meta's cost (converted) − Sandesh's.
CREATE VIEW cost_drift AS
WITH fetched AS (SELECT DISTINCT day FROM pricing_analytics),
ours AS (
    SELECT mp.day, mp.country, mp.category, mp.pricing_type, count(*) AS volume, COALESCE(sum(mp.price), 0) AS cost
      FROM message_price mp
     WHERE mp.day IN (SELECT day FROM fetched)
     GROUP BY 1, 2, 3, 4
), meta AS (
    SELECT pa.day, upper(pa.country) AS country, replace(lower(pa.category), '-', '_') AS category, lower(pa.pricing_type) AS pricing_type,
           pa.volume,
           pa.cost * CASE WHEN pa.currency = s.currency THEN CAST(1 AS numeric)
                          ELSE (SELECT f.rate FROM fx_rate f WHERE f.from_currency = pa.currency AND f.to_currency = s.currency
                                   AND f.day <= pa.day ORDER BY f.day DESC LIMIT 1) END AS cost
      FROM pricing_analytics pa CROSS JOIN cost_setting s
)
SELECT COALESCE(o.day, m.day)                   AS day,
       COALESCE(o.country, m.country)           AS country,
       COALESCE(o.category, m.category)         AS category,
       COALESCE(o.pricing_type, m.pricing_type) AS pricing_type,
       COALESCE(o.volume, 0)                    AS sandesh_volume,
       COALESCE(m.volume, 0)                    AS meta_volume,
       round(COALESCE(o.cost, 0), 2)            AS sandesh_cost,
       round(m.cost, 2)                         AS meta_cost,
       round(COALESCE(m.cost, 0), 2) - round(COALESCE(o.cost, 0), 2) AS drift
  FROM ours o
  FULL JOIN meta m ON m.day = o.day AND m.country = o.country AND m.category = o.category AND m.pricing_type = o.pricing_type;
