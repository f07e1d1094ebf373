-- Written just before a recipient's first Cloud API request leaves (after its rate slot was granted),
-- by the delivery that owns the row (claim_token), in one group-committed statement for every request
-- about to leave (persistence.AttemptStarts). It is what makes UNKNOWN honest: a later delivery of the
-- batch that finds a row still CLAIMED
--   * with attempt_started_at set: the request may have left; the row becomes UNKNOWN, never sent again;
--   * without it: nothing left for it; the later delivery takes the row over (its own claim_token) and
--     sends it. The first delivery, if it is still alive, then cannot write the mark (its token no
--     longer matches) and does not send: only one delivery ever sends a recipient.
ALTER TABLE send_ledger ADD COLUMN attempt_started_at timestamptz;
