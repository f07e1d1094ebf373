-- The template catalogue read from Meta's GET /{version}/{WABA-ID}/message_templates (api.LiveTemplateCatalog).
-- Meta identifies a template by name + language; language_key is the language lower-cased with '-'
-- as '_' (Graph writes en_US, webhooks en-US: CLOUD-API-MORE §2.1). A refresh replaces a WABA's rows
-- in one transaction, so a template deleted at Meta disappears and every replica reads one set.
CREATE TABLE catalog_template (
    waba_id          text        NOT NULL,
    name             text        NOT NULL,
    language_key     text        NOT NULL,
    language         text        NOT NULL,
    template_id      text,
    status           text        NOT NULL,
    category         text        NOT NULL,
    parameter_format text        NOT NULL,
    components       jsonb       NOT NULL,
    synced_at        timestamptz NOT NULL,
    PRIMARY KEY (waba_id, name, language_key)
);
