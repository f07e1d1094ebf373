-- Which sender pod holds a CLAIMED row (its sender.rate_lease instance_id), so that another delivery
-- of the batch can tell a live claim from an abandoned one (SendLedgerRepository#earlierResults): a
-- claim whose attempt started and whose pod is live (this process's delivery in hand, or another pod
-- with a live rate lease, i.e. sending) is left to that delivery to record and report, never made
-- UNKNOWN by the second copy; a dead pod's started claim becomes UNKNOWN as before (V6).
-- Rows claimed before this column existed have none: they count as a dead pod's.
ALTER TABLE send_ledger ADD COLUMN claimed_by text;
