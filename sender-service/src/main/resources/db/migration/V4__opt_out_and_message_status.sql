-- Meta's send answer when it is not plain `accepted`: `held_for_quality_assessment` when template
-- pacing holds the message (CLOUD-API-MORE §3.11). Reported in the batch outcome.
ALTER TABLE send_ledger ADD COLUMN message_status text;

-- Opt-outs (and opt-ins) from sandesh.optouts (queue sender.optouts), checked once per batch just
-- before the send. One row per (who, business number, scope): `subject` is an E.164 phone or a BSUID
-- (an opt-out naming both has two rows); phone_number_id '*' = every business number. The latest
-- fact by Meta's timestamp wins, so a redelivered or reordered event changes nothing.
CREATE TABLE opt_out (
    subject          text        NOT NULL,
    phone_number_id  text        NOT NULL,
    scope            text        NOT NULL CHECK (scope IN ('MARKETING', 'ALL')),
    opted_out        boolean     NOT NULL,
    at               timestamptz NOT NULL,
    PRIMARY KEY (subject, phone_number_id, scope)
);
