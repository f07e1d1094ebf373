-- What Meta changed about the WABA's templates (CLOUD-API-MORE §3.1-§3.4: status, category, quality,
-- components webhooks), as contracts' TemplateEvent JSON: an outbox like opt_out. Inserted in the
-- webhook's transaction, published to sandesh.templates after the commit; published_at stays null
-- until the broker confirmed, and the relay retries those. fact_key (TemplateEvent.factKey: the
-- template, the change and Meta's entry time) collapses Meta's retries of one webhook, so a replay
-- publishes nothing twice, while a second pause of the same template (a later time) is a new fact.
CREATE TABLE template_event (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fact_key      text        NOT NULL UNIQUE,
    body          text        NOT NULL,
    recorded_at   timestamptz NOT NULL,
    published_at  timestamptz
);

CREATE INDEX template_event_unpublished_idx ON template_event (recorded_at) WHERE published_at IS NULL;
