-- A business number's rate shared by every sender pod sending for it (domain.RateShares).
-- number_rate: one row per number, the row every renewal locks (SELECT ... FOR UPDATE), so the
-- renewals of one number are serialised; it holds the number's adaptive rate for all pods (a
-- 130429 in one pod halves it for all, and it recovers additively from throttled_at).
CREATE TABLE number_rate (
    phone_number_id  text             PRIMARY KEY,
    -- the configured ceiling (messages/s), as the last renewing pod has it configured
    max_rate         double precision NOT NULL CHECK (max_rate > 0),
    throttled_rate   double precision NOT NULL,
    throttled_at     timestamptz
);

-- rate_lease: one row per (number, pod) that has recipients waiting for the number: the share it
-- may send at until expires_at (the database's clock). The sum of the live shares of a number never
-- exceeds its rate; an expired lease's share returns to the pool at the next renewal.
CREATE TABLE rate_lease (
    phone_number_id  text             NOT NULL REFERENCES number_rate (phone_number_id),
    instance_id      text             NOT NULL,
    share            double precision NOT NULL CHECK (share >= 0),
    expires_at       timestamptz      NOT NULL,
    renewed_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (phone_number_id, instance_id)
);

CREATE INDEX rate_lease_instance ON rate_lease (instance_id);
