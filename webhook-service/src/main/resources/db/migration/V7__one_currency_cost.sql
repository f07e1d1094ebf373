-- Cost truth (issue 14): every billable message priced once, from Meta's `pricing` on its status
-- (category at send time, as Meta bills) on the rate in force that day, in ONE reporting currency,
-- and compared with every provider of contracts' providers.json. broadcast-service's
-- GET /v1/campaigns/{id}/cost (through /internal/v1/campaigns/{id}/cost) and the Grafana panel read
-- these same views. All tables below are rewritten at every start by RateCardLoader.

-- A row with a null price marks a raise whose figure has no source: unpriced from that day.
ALTER TABLE rate_card ALTER COLUMN price DROP NOT NULL;

-- Utility/authentication volume tiers (marginal, per market × tier counter × month; CLOUD-API-MORE §6.3).
CREATE TABLE volume_tier (
    effective_from  date          NOT NULL,
    country         text          NOT NULL,
    category        text          NOT NULL,
    from_volume     bigint        NOT NULL,
    to_volume       bigint,
    price           numeric(14,6) NOT NULL,
    currency        text          NOT NULL,
    source          text          NOT NULL DEFAULT '',
    PRIMARY KEY (country, category, effective_from, from_volume)
);

-- 1 from_currency = rate to_currency from `day` on; both directions are stored (the loader inverts).
CREATE TABLE fx_rate (
    day            date            NOT NULL,
    from_currency  text            NOT NULL,
    to_currency    text            NOT NULL,
    rate           numeric(30,16)  NOT NULL,
    source         text            NOT NULL DEFAULT '',
    PRIMARY KEY (from_currency, to_currency, day)
);

-- Each provider's published fees (contracts ProviderFee kinds), one row per fee; seq orders providers as the file does.
CREATE TABLE provider_fee (
    provider        text          NOT NULL,
    seq             integer       NOT NULL,
    label           text          NOT NULL,
    kind            text          NOT NULL CHECK (kind IN ('per_attempt', 'per_failed', 'bundled_per_delivered',
                                                           'markup_per_delivered', 'surcharge_percent', 'monthly_plan')),
    category        text,
    amount          numeric(14,6),
    currency        text,
    percent         numeric(8,4),
    exempt_codes    integer[]     NOT NULL DEFAULT '{}',
    plan_name       text,
    effective_from  date,
    source          text          NOT NULL,
    confirmed       boolean       NOT NULL,
    PRIMARY KEY (provider, seq)
);

-- sandesh.cost.currency / tax-rate and the versions of the data files, one row.
CREATE TABLE cost_setting (
    id                 boolean     PRIMARY KEY DEFAULT true CHECK (id),
    currency           text        NOT NULL,
    tax_rate           numeric(6,4),
    rate_card_version  text        NOT NULL,
    providers_version  text        NOT NULL,
    fx_version         text        NOT NULL
);

DROP VIEW campaign_cost;
DROP VIEW campaign_cost_daily;
DROP VIEW campaign_billable_daily;
DROP TABLE third_party_fees;

-- Every charged message, once (delivered or read; read implies delivered). billable is being
-- deprecated by Meta: a missing one counts as billable unless the pricing type is free. Categories
-- normalised (authentication-international = authentication_international). The day is the UTC day
-- of delivery. Tiered categories carry their ordinal in the month on their tier counter (all of this
-- deployment's messages, campaigns or not); the others don't need the window, so a campaign filter
-- reaches message_status_campaign_idx through the first branch.
CREATE VIEW billable_message AS
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
       CAST(NULL AS bigint) AS tier_ordinal
  FROM charged
 WHERE category IS NULL OR category NOT IN ('utility', 'authentication', 'authentication_international')
UNION ALL
SELECT wamid, campaign_id, country, category, pricing_type, CAST(delivered_at AT TIME ZONE 'UTC' AS date),
       row_number() OVER (PARTITION BY date_trunc('month', delivered_at AT TIME ZONE 'UTC'), country,
                                       CASE category WHEN 'utility' THEN 'utility' ELSE 'authentication' END
                          ORDER BY delivered_at, wamid)
  FROM charged
 WHERE category IN ('utility', 'authentication', 'authentication_international');

-- Each charged message's price: the card's row in force that day (the tier its ordinal falls in for
-- utility/authentication), converted to the reporting currency at the FX rate in force that day.
-- price null: unpriced (no row, a null-price row, or no FX rate) — never free by accident. service and
-- referral_conversion are free unless the card has a row for them (CLOUD-API-MORE §6.7).
CREATE VIEW message_price AS
SELECT b.wamid, b.campaign_id, b.day, b.country, b.category, b.pricing_type, b.tier_ordinal,
       r.unit_price, r.rate_currency, r.effective_from AS rate_effective_from, r.source AS rate_source,
       s.currency,
       fx.rate                                                     AS fx_rate,
       CASE WHEN r.unit_price IS NULL AND b.category IN ('service', 'referral_conversion') THEN 0
            ELSE r.unit_price * fx.rate END                        AS price
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

-- Per campaign × country × category: charged messages and Meta's fee, in the reporting currency
-- (meta_cost_exact unrounded, meta_cost to the paisa) and in the card's own currency beside it.
CREATE VIEW campaign_cost_by_category AS
SELECT campaign_id, country, category, min(currency) AS currency, rate_currency AS original_currency,
       count(*)                                   AS billable,
       count(*) FILTER (WHERE price IS NULL)      AS unpriced,
       COALESCE(sum(price), 0)                    AS meta_cost_exact,
       round(COALESCE(sum(price), 0), 2)          AS meta_cost,
       COALESCE(sum(unit_price) FILTER (WHERE price IS NOT NULL), 0) AS meta_cost_original
  FROM message_price
 WHERE campaign_id IS NOT NULL
 GROUP BY campaign_id, country, category, rate_currency;

-- The same per day, for the time series (every figure in the reporting currency).
CREATE VIEW campaign_cost_daily AS
SELECT campaign_id, day, country, category, min(currency) AS currency,
       count(*)                              AS billable_delivered,
       count(*) FILTER (WHERE price IS NULL) AS unpriced,
       COALESCE(sum(price), 0)               AS cost
  FROM message_price
 WHERE campaign_id IS NOT NULL
 GROUP BY campaign_id, day, country, category;

-- What a campaign attempted: every message that got a wamid, plus sends Meta refused (FAILED) or
-- whose fate is unknown (UNKNOWN); HALTED ones were never sent. failed: ended failed, by error code.
CREATE VIEW campaign_attempt AS
SELECT campaign_id, status = 'failed' AS failed, COALESCE(error_code, 0) AS error_code,
       CAST(COALESCE(accepted_at, sent_at, delivered_at, read_at, failed_at, updated_at) AT TIME ZONE 'UTC' AS date) AS day
  FROM message_status WHERE campaign_id IS NOT NULL
UNION ALL
SELECT campaign_id, result = 'FAILED', COALESCE(error_code, 0), CAST(recorded_at AT TIME ZONE 'UTC' AS date)
  FROM send_failure WHERE result IN ('FAILED', 'UNKNOWN');

CREATE VIEW campaign_attempts AS
SELECT campaign_id, count(*) AS attempted, count(*) FILTER (WHERE failed) AS failed, min(day) AS first_day
  FROM campaign_attempt GROUP BY campaign_id;

-- Each provider's cost for each campaign (contracts' CostComparison, the same rules): Meta's fee of a
-- category passes through unless the provider bundles it; fees in force on the campaign's first day,
-- converted at that day's FX rate; monthly plans are not added (provider_plan lists them).
-- cost null: a fee in force has no FX rate to the reporting currency.
CREATE VIEW campaign_provider_cost AS
WITH cats AS (
    SELECT campaign_id, category, sum(billable) AS delivered, sum(meta_cost_exact) AS meta_cost
      FROM campaign_cost_by_category GROUP BY campaign_id, category
), meta AS (
    SELECT a.campaign_id, a.attempted, a.first_day, COALESCE(sum(c.meta_cost), 0) AS meta_cost_exact
      FROM campaign_attempts a LEFT JOIN cats c ON c.campaign_id = a.campaign_id
     GROUP BY a.campaign_id, a.attempted, a.first_day
), fees AS (
    SELECT m.campaign_id, f.provider, f.kind,
           CASE WHEN f.currency IS NULL OR f.currency = s.currency THEN CAST(1 AS numeric)
                ELSE (SELECT x.rate FROM fx_rate x WHERE x.from_currency = f.currency AND x.to_currency = s.currency
                         AND x.day <= m.first_day ORDER BY x.day DESC LIMIT 1) END AS fx,
           CASE f.kind
                WHEN 'per_attempt' THEN f.amount * m.attempted
                WHEN 'per_failed' THEN f.amount * (SELECT count(*) FROM campaign_attempt ca
                                                    WHERE ca.campaign_id = m.campaign_id AND ca.failed
                                                      AND NOT (ca.error_code = ANY (f.exempt_codes)))
                WHEN 'bundled_per_delivered' THEN f.amount * COALESCE((SELECT c.delivered FROM cats c
                                                    WHERE c.campaign_id = m.campaign_id AND c.category = f.category), 0)
                WHEN 'markup_per_delivered' THEN f.amount * COALESCE((SELECT c.delivered FROM cats c
                                                    WHERE c.campaign_id = m.campaign_id AND c.category = f.category), 0)
                WHEN 'surcharge_percent' THEN COALESCE((SELECT c.meta_cost FROM cats c
                                                    WHERE c.campaign_id = m.campaign_id AND c.category = f.category), 0) * f.percent / 100
                ELSE 0 END AS amount
      FROM meta m
     CROSS JOIN cost_setting s
      JOIN provider_fee f ON f.kind <> 'monthly_plan' AND (f.effective_from IS NULL OR f.effective_from <= m.first_day)
), passed AS (
    SELECT m.campaign_id, p.provider,
           COALESCE((SELECT sum(c.meta_cost) FROM cats c
                      WHERE c.campaign_id = m.campaign_id
                        AND NOT EXISTS (SELECT 1 FROM provider_fee b
                                         WHERE b.provider = p.provider AND b.kind = 'bundled_per_delivered' AND b.category = c.category
                                           AND (b.effective_from IS NULL OR b.effective_from <= m.first_day))), 0) AS meta_passed
      FROM meta m
     CROSS JOIN (SELECT DISTINCT provider FROM provider_fee) p
), totals AS (
    SELECT pa.campaign_id, pa.provider,
           pa.meta_passed + COALESCE((SELECT sum(f.amount * f.fx) FROM fees f
                                       WHERE f.campaign_id = pa.campaign_id AND f.provider = pa.provider), 0) AS cost_exact,
           COALESCE((SELECT bool_and(f.fx IS NOT NULL) FROM fees f
                      WHERE f.campaign_id = pa.campaign_id AND f.provider = pa.provider), true) AS converted
      FROM passed pa
)
SELECT t.campaign_id, t.provider, l.label, s.currency,
       CASE WHEN t.converted THEN t.cost_exact END                                   AS cost_exact,
       CASE WHEN t.converted THEN round(t.cost_exact, 2) END                         AS cost,
       CASE WHEN t.converted THEN round(t.cost_exact, 2) - round(m.meta_cost_exact, 2) END AS saving,
       CASE WHEN t.converted AND round(t.cost_exact, 2) > 0
            THEN round((round(t.cost_exact, 2) - round(m.meta_cost_exact, 2)) * 100 / round(t.cost_exact, 2), 1)
            WHEN t.converted THEN 0.0 END                                             AS saving_percent,
       CASE WHEN t.converted AND s.tax_rate IS NOT NULL THEN round(t.cost_exact * s.tax_rate, 2) END AS tax
  FROM totals t
  JOIN meta m ON m.campaign_id = t.campaign_id
  JOIN (SELECT provider, min(label) AS label, min(seq) AS seq FROM provider_fee GROUP BY provider) l ON l.provider = t.provider
 CROSS JOIN cost_setting s;

-- Monthly plans, in the reporting currency (null without an FX rate) and as published.
CREATE VIEW provider_plan AS
SELECT f.provider, f.label, f.plan_name, s.currency,
       round(f.amount * CASE WHEN f.currency = s.currency THEN CAST(1 AS numeric)
                             ELSE (SELECT x.rate FROM fx_rate x WHERE x.from_currency = f.currency AND x.to_currency = s.currency
                                    AND x.day <= current_date ORDER BY x.day DESC LIMIT 1) END, 2) AS amount,
       f.amount AS original_amount, f.currency AS original_currency, f.source, f.confirmed
  FROM provider_fee f CROSS JOIN cost_setting s
 WHERE f.kind = 'monthly_plan' AND (f.effective_from IS NULL OR f.effective_from <= current_date);

-- Per campaign, one row whatever the countries and currencies (the V3 view repeated the attempts and
-- the provider's fees on each currency's row): counts, Meta's fee in the reporting currency, GST apart.
CREATE VIEW campaign_cost AS
SELECT a.campaign_id,
       s.currency,
       a.attempted,
       COALESCE(d.delivered, 0)                          AS delivered,
       a.failed,
       CAST(COALESCE(c.billable, 0) AS bigint)           AS billable,
       CAST(COALESCE(c.unpriced, 0) AS bigint)           AS unpriced,
       COALESCE(c.meta_cost_exact, 0)                    AS meta_cost_exact,
       round(COALESCE(c.meta_cost_exact, 0), 2)          AS meta_cost,
       s.tax_rate,
       CASE WHEN s.tax_rate IS NOT NULL THEN round(COALESCE(c.meta_cost_exact, 0) * s.tax_rate, 2) END AS meta_tax,
       a.first_day,
       s.rate_card_version, s.providers_version, s.fx_version
  FROM campaign_attempts a
 CROSS JOIN cost_setting s
  LEFT JOIN (SELECT campaign_id, sum(billable) AS billable, sum(unpriced) AS unpriced, sum(meta_cost_exact) AS meta_cost_exact
               FROM campaign_cost_by_category GROUP BY campaign_id) c ON c.campaign_id = a.campaign_id
  LEFT JOIN (SELECT campaign_id, count(*) AS delivered FROM message_status
              WHERE campaign_id IS NOT NULL AND status IN ('delivered', 'read') GROUP BY campaign_id) d ON d.campaign_id = a.campaign_id;

-- The dashboard's period panels filter message_status by day of delivery.
CREATE INDEX message_status_delivered_idx ON message_status ((COALESCE(delivered_at, read_at))) WHERE status IN ('delivered', 'read');
