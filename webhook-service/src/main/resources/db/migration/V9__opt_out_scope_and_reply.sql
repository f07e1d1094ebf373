-- Issue 12 items 3-4: opt-outs scoped as Meta scopes them, replies tied to campaign recipients,
-- send answers Meta held for quality assessment.

-- The opt-out outbox names the person by phone and/or BSUID (CLOUD-API-MORE §4.5: a BSUID-only
-- opt-out is kept), the business number it came to (metadata.phone_number_id; null = every number)
-- and its scope (MARKETING or ALL, domain.OptOutPolicy). The fact's key grows to all of them, so a
-- surrogate id replaces the old primary key (phone may now be null) and a unique index over the
-- fact (nulls compared as equal) keeps Meta's duplicates to one row.
ALTER TABLE opt_out ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE opt_out ADD COLUMN user_id text;
ALTER TABLE opt_out ADD COLUMN phone_number_id text;
ALTER TABLE opt_out ADD COLUMN scope text;
-- rows before V9 were published without a scope: consumers decoded the one their source implies
UPDATE opt_out SET scope = CASE WHEN source IN ('USER_PREFERENCES', 'ERROR_131050') THEN 'MARKETING' ELSE 'ALL' END;
ALTER TABLE opt_out ALTER COLUMN scope SET NOT NULL;
ALTER TABLE opt_out ADD CONSTRAINT opt_out_scope_check CHECK (scope IN ('MARKETING', 'ALL'));
ALTER TABLE opt_out DROP CONSTRAINT opt_out_pkey;
ALTER TABLE opt_out ADD PRIMARY KEY (id);
ALTER TABLE opt_out ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE opt_out ADD CONSTRAINT opt_out_someone CHECK (phone IS NOT NULL OR user_id IS NOT NULL);
CREATE UNIQUE INDEX opt_out_fact_idx ON opt_out (COALESCE(phone, ''), COALESCE(user_id, ''), COALESCE(phone_number_id, ''),
                                                 scope, action, source, at);

-- Inbound messages that answer one of our messages (context.id = its wamid; CLOUD-API-MORE §3.9),
-- one row per inbound message (Meta's retries and replays collapse on its id). campaign_id and
-- recipient_seq come from message_status when the wamid is tied there, now or when the batch
-- outcome ties it later (the reply is joined then, like a status); a reply to a message no
-- campaign sent keeps them null.
--   kind     TEXT, BUTTON (a template's quick reply), BUTTON_REPLY / LIST_REPLY (interactive)
--   text     the text, the button's label or the choice's title; payload: the button payload / choice id
CREATE TABLE reply (
    message_id       text        PRIMARY KEY,
    context_wamid    text        NOT NULL,
    campaign_id      uuid,
    recipient_seq    bigint,
    phone            text,
    user_id          text,
    phone_number_id  text,
    kind             text        NOT NULL CHECK (kind IN ('TEXT', 'BUTTON', 'BUTTON_REPLY', 'LIST_REPLY')),
    text             text,
    payload          text,
    at               timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL
);

-- The outcome's join finds the untied replies of its wamids; stats and the recipient pages read a campaign's.
CREATE INDEX reply_untied_idx ON reply (context_wamid) WHERE campaign_id IS NULL;
CREATE INDEX reply_campaign_idx ON reply (campaign_id, recipient_seq, at) WHERE campaign_id IS NOT NULL;

-- Meta answered the send with message_status held_for_quality_assessment (CLOUD-API-MORE §3.11):
-- shown as "held by Meta" while the message has no status beyond accepted.
ALTER TABLE message_status ADD COLUMN held boolean NOT NULL DEFAULT false;
