-- The dashboard's queries filter by campaign (or period) before they aggregate (issue 14, item 7).
-- Two things stood in the way (webhook-service/REFERENCE.md, "Dashboard query plans"):
--
-- 1. The tier ordinal of a utility/authentication message (its place in the month's volume on its
--    market's tier counter, CLOUD-API-MORE §6.3: tiers are marginal, per market x counter x month)
--    was a window over every delivered message of the month, so any cost query numbered the whole
--    table first. Now each message is numbered once, when it becomes billable, and keeps its number:
--    message_status.tier_ordinal, from the counter tier_counter. A message is numbered in the order it
--    became billable (its delivery webhook or, if that came first, the outcome that tied its campaign
--    and country), which is its delivery order up to webhook delays; a month's total is the same in
--    any order, only a message at a tier boundary may fall on the other side of it.
-- 2. campaign_provider_cost's CTEs are referenced more than once, so PostgreSQL materialised them for
--    every campaign before the campaign filter applied. The same rules now run per campaign
--    (campaign_provider_cost_of), and the view calls them for each campaign its filter keeps.

ALTER TABLE message_status ADD COLUMN tier_ordinal bigint;

-- The month's count per market and tier counter (utility; authentication incl. -international).
CREATE TABLE tier_counter (
    month       date    NOT NULL,
    country     text    NOT NULL,
    tier_group  text    NOT NULL CHECK (tier_group IN ('utility', 'authentication')),
    messages    bigint  NOT NULL,
    PRIMARY KEY (month, country, tier_group)
);

-- The tier counter a message counts towards, or null when it is not a tiered, charged, delivered
-- message with a known market: the same conditions as billable_message.
CREATE FUNCTION tier_group(status text, billable boolean, pricing_type text, pricing_category text, country text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN status IN ('delivered', 'read') AND COALESCE(billable, true) AND country IS NOT NULL
                 AND lower(COALESCE(pricing_type, 'regular')) NOT IN ('free_customer_service', 'free_entry_point')
           THEN CASE replace(replace(lower(trim(pricing_category)), '-', '_'), ' ', '_')
                     WHEN 'utility' THEN 'utility'
                     WHEN 'authentication' THEN 'authentication'
                     WHEN 'authentication_international' THEN 'authentication'
                END
           END
$$;

-- What is already stored, numbered as the old window did (delivery time, then wamid).
WITH numbered AS (
    SELECT wamid,
           CAST(date_trunc('month', COALESCE(delivered_at, read_at) AT TIME ZONE 'UTC') AS date) AS month,
           upper(country) AS country,
           tier_group(status, billable, pricing_type, pricing_category, country) AS tier_group,
           row_number() OVER (PARTITION BY date_trunc('month', COALESCE(delivered_at, read_at) AT TIME ZONE 'UTC'), upper(country),
                                           tier_group(status, billable, pricing_type, pricing_category, country)
                              ORDER BY COALESCE(delivered_at, read_at), wamid) AS ordinal
      FROM message_status
     WHERE tier_group(status, billable, pricing_type, pricing_category, country) IS NOT NULL
)
UPDATE message_status m SET tier_ordinal = n.ordinal FROM numbered n WHERE n.wamid = m.wamid;

INSERT INTO tier_counter (month, country, tier_group, messages)
SELECT CAST(date_trunc('month', COALESCE(delivered_at, read_at) AT TIME ZONE 'UTC') AS date), upper(country),
       tier_group(status, billable, pricing_type, pricing_category, country), max(tier_ordinal)
  FROM message_status
 WHERE tier_ordinal IS NOT NULL
 GROUP BY 1, 2, 3;

-- Numbers a message once it is tiered and charged, at commit (a deferred constraint trigger): by then
-- the transaction holds every row lock it will take, so waiting for the one counter lock (an advisory
-- lock that serialises numbering, also across counters) cannot deadlock with another transaction's
-- row locks. The row is read again: it may have changed since the event that queued this call.
CREATE FUNCTION number_tiered_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    m         webhook.message_status%ROWTYPE;
    counter   text;
    ordinal   bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('webhook.tier_counter'));
    SELECT * INTO m FROM webhook.message_status WHERE wamid = NEW.wamid;
    IF NOT FOUND OR m.tier_ordinal IS NOT NULL THEN
        RETURN NULL;
    END IF;
    counter := webhook.tier_group(m.status, m.billable, m.pricing_type, m.pricing_category, m.country);
    IF counter IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook.tier_counter AS c (month, country, tier_group, messages)
    VALUES (CAST(date_trunc('month', COALESCE(m.delivered_at, m.read_at) AT TIME ZONE 'UTC') AS date), upper(m.country), counter, 1)
    ON CONFLICT (month, country, tier_group) DO UPDATE SET messages = c.messages + 1
    RETURNING c.messages INTO ordinal;
    UPDATE webhook.message_status SET tier_ordinal = ordinal WHERE wamid = NEW.wamid;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER message_status_tier_ordinal
    AFTER INSERT OR UPDATE ON message_status
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.tier_ordinal IS NULL
          AND webhook.tier_group(NEW.status, NEW.billable, NEW.pricing_type, NEW.pricing_category, NEW.country) IS NOT NULL)
    EXECUTE FUNCTION number_tiered_message();

-- Every charged message, once, as in V10 but without the window: a filter on campaign_id or on the
-- delivery time reaches message_status_campaign_idx or message_status_delivered_idx directly.
CREATE OR REPLACE VIEW billable_message AS
WITH charged AS (
    SELECT wamid, campaign_id, upper(country) AS country,
           replace(replace(lower(trim(pricing_category)), '-', '_'), ' ', '_') AS category,
           lower(COALESCE(pricing_type, 'regular'))                              AS pricing_type,
           COALESCE(delivered_at, read_at)                                       AS delivered_at,
           tier_ordinal
      FROM message_status
     WHERE status IN ('delivered', 'read')
       AND COALESCE(billable, true)
       AND lower(COALESCE(pricing_type, 'regular')) NOT IN ('free_customer_service', 'free_entry_point')
)
SELECT wamid, campaign_id, country, category, pricing_type, CAST(delivered_at AT TIME ZONE 'UTC' AS date) AS day,
       CASE WHEN category IN ('utility', 'authentication', 'authentication_international') THEN tier_ordinal END AS tier_ordinal,
       delivered_at
  FROM charged;

-- campaign_provider_cost's rules (V7, unchanged) for one campaign: its categories, attempts and
-- failures are read through the campaign's index, whatever else is stored.
CREATE FUNCTION campaign_provider_cost_of(campaign uuid)
RETURNS TABLE (campaign_id uuid, provider text, label text, currency text, cost_exact numeric, cost numeric,
               saving numeric, saving_percent numeric, tax numeric)
LANGUAGE sql STABLE AS $$
WITH cats AS (
    SELECT c.category, sum(c.billable) AS delivered, sum(c.meta_cost_exact) AS meta_cost
      FROM webhook.campaign_cost_by_category c WHERE c.campaign_id = campaign GROUP BY c.category
), meta AS (
    SELECT a.campaign_id, a.attempted, a.first_day, COALESCE((SELECT sum(c.meta_cost) FROM cats c), 0) AS meta_cost_exact
      FROM webhook.campaign_attempts a WHERE a.campaign_id = campaign
), failed AS (
    SELECT ca.error_code, count(*) AS failed FROM webhook.campaign_attempt ca
     WHERE ca.campaign_id = campaign AND ca.failed GROUP BY ca.error_code
), fees AS (
    SELECT f.provider, f.kind,
           CASE WHEN f.currency IS NULL OR f.currency = s.currency THEN CAST(1 AS numeric)
                ELSE (SELECT x.rate FROM webhook.fx_rate x WHERE x.from_currency = f.currency AND x.to_currency = s.currency
                         AND x.day <= m.first_day ORDER BY x.day DESC LIMIT 1) END AS fx,
           CASE f.kind
                WHEN 'per_attempt' THEN f.amount * m.attempted
                WHEN 'per_failed' THEN f.amount * COALESCE((SELECT sum(x.failed) FROM failed x
                                                             WHERE NOT (x.error_code = ANY (f.exempt_codes))), 0)
                WHEN 'bundled_per_delivered' THEN f.amount * COALESCE((SELECT c.delivered FROM cats c WHERE c.category = f.category), 0)
                WHEN 'markup_per_delivered' THEN f.amount * COALESCE((SELECT c.delivered FROM cats c WHERE c.category = f.category), 0)
                WHEN 'surcharge_percent' THEN COALESCE((SELECT c.meta_cost FROM cats c WHERE c.category = f.category), 0) * f.percent / 100
                ELSE 0 END AS amount
      FROM meta m
     CROSS JOIN webhook.cost_setting s
      JOIN webhook.provider_fee f ON f.kind <> 'monthly_plan' AND (f.effective_from IS NULL OR f.effective_from <= m.first_day)
), totals AS (
    SELECT p.provider,
           COALESCE((SELECT sum(c.meta_cost) FROM cats c
                      WHERE NOT EXISTS (SELECT 1 FROM webhook.provider_fee b
                                         WHERE b.provider = p.provider AND b.kind = 'bundled_per_delivered' AND b.category = c.category
                                           AND (b.effective_from IS NULL OR b.effective_from <= m.first_day))), 0)
           + COALESCE((SELECT sum(f.amount * f.fx) FROM fees f WHERE f.provider = p.provider), 0) AS cost_exact,
           COALESCE((SELECT bool_and(f.fx IS NOT NULL) FROM fees f WHERE f.provider = p.provider), true) AS converted
      FROM meta m
     CROSS JOIN (SELECT DISTINCT provider FROM webhook.provider_fee) p
)
SELECT m.campaign_id, t.provider, l.label, s.currency,
       CASE WHEN t.converted THEN t.cost_exact END                                   AS cost_exact,
       CASE WHEN t.converted THEN round(t.cost_exact, 2) END                         AS cost,
       CASE WHEN t.converted THEN round(t.cost_exact, 2) - round(m.meta_cost_exact, 2) END AS saving,
       CASE WHEN t.converted AND round(t.cost_exact, 2) > 0
            THEN round((round(t.cost_exact, 2) - round(m.meta_cost_exact, 2)) * 100 / round(t.cost_exact, 2), 1)
            WHEN t.converted THEN 0.0 END                                             AS saving_percent,
       CASE WHEN t.converted AND s.tax_rate IS NOT NULL THEN round(t.cost_exact * s.tax_rate, 2) END AS tax
  FROM totals t
 CROSS JOIN meta m
  JOIN (SELECT f.provider, min(f.label) AS label, min(f.seq) AS seq FROM webhook.provider_fee f GROUP BY f.provider) l ON l.provider = t.provider
 CROSS JOIN webhook.cost_setting s
$$;

-- Every campaign that attempted anything, each through campaign_provider_cost_of: a campaign_id
-- filter on this view (its campaign_id is campaign_attempts') is pushed into campaign_attempts, so
-- only the campaigns it keeps are priced.
CREATE OR REPLACE VIEW campaign_provider_cost AS
SELECT a.campaign_id, p.provider, p.label, p.currency, p.cost_exact, p.cost, p.saving, p.saving_percent, p.tax
  FROM campaign_attempts a
 CROSS JOIN LATERAL campaign_provider_cost_of(a.campaign_id) p;

-- cost_drift (V10) for the fetched days from `from_day` to `to_day`: Sandesh's side reads each day's
-- deliveries through message_status_delivered_idx, so a day's reconciliation or the panel's period
-- reads those days only (V10's day IN (...) numbered and priced every delivered message first).
CREATE FUNCTION cost_drift_between(from_day date, to_day date)
RETURNS TABLE (day date, country text, category text, pricing_type text, sandesh_volume bigint, meta_volume bigint,
               sandesh_cost numeric, meta_cost numeric, drift numeric)
LANGUAGE sql STABLE AS $$
WITH fetched AS (
    SELECT DISTINCT pa.day FROM webhook.pricing_analytics pa WHERE pa.day BETWEEN from_day AND to_day
), ours AS (
    SELECT mp.day, mp.country, mp.category, mp.pricing_type, count(*) AS volume, COALESCE(sum(mp.price), 0) AS cost
      FROM fetched f
     CROSS JOIN LATERAL (SELECT m.day, m.country, m.category, m.pricing_type, m.price FROM webhook.message_price m
                          WHERE m.delivered_at >= CAST(f.day AS timestamp) AT TIME ZONE 'UTC'
                            AND m.delivered_at < CAST(f.day + 1 AS timestamp) AT TIME ZONE 'UTC'
                         OFFSET 0) mp -- OFFSET 0: one index range per day, not one join over every delivery
     GROUP BY 1, 2, 3, 4
), meta AS (
    SELECT pa.day, upper(pa.country) AS country, replace(lower(pa.category), '-', '_') AS category, lower(pa.pricing_type) AS pricing_type,
           pa.volume,
           pa.cost * CASE WHEN pa.currency = s.currency THEN CAST(1 AS numeric)
                          ELSE (SELECT f.rate FROM webhook.fx_rate f WHERE f.from_currency = pa.currency AND f.to_currency = s.currency
                                   AND f.day <= pa.day ORDER BY f.day DESC LIMIT 1) END AS cost
      FROM webhook.pricing_analytics pa CROSS JOIN webhook.cost_setting s
     WHERE pa.day BETWEEN from_day AND to_day
)
SELECT COALESCE(o.day, m.day),
       COALESCE(o.country, m.country),
       COALESCE(o.category, m.category),
       COALESCE(o.pricing_type, m.pricing_type),
       COALESCE(o.volume, 0),
       COALESCE(m.volume, 0),
       round(COALESCE(o.cost, 0), 2),
       round(m.cost, 2),
       round(COALESCE(m.cost, 0), 2) - round(COALESCE(o.cost, 0), 2)
  FROM ours o
  FULL JOIN meta m ON m.day = o.day AND m.country = o.country AND m.category = o.category AND m.pricing_type = o.pricing_type
$$;

CREATE OR REPLACE VIEW cost_drift AS
SELECT * FROM cost_drift_between(CAST('-infinity' AS date), CAST('infinity' AS date));
