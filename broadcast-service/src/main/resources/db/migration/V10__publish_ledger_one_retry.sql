-- Issue 13 items 4 and 5: truthful, resumable starts and one retry child per parent.
--
-- published_batch: the publish ledger. One row per batch the broker confirmed, written after its
-- confirm (messaging.CampaignPublisher), so a publish interrupted after k batches resumes with the
-- next unpublished batch and never publishes a confirmed one again. first/last sequence and size
-- say which recipients the batch held: a resumed cut that produces the same batch number over the
-- same recipients skips it; one whose recipients shifted (an opt-out since) is published.
CREATE TABLE published_batch (
    campaign_id     uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    batch_number    integer     NOT NULL,
    first_sequence  bigint      NOT NULL,
    last_sequence   bigint      NOT NULL,
    recipients      integer     NOT NULL,
    published_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, batch_number)
);

-- The count of published_batch rows, kept with each insert: the campaign's answer shows
-- "published k of n batches" without counting.
ALTER TABLE campaign ADD COLUMN batches_published integer NOT NULL DEFAULT 0;

-- Who is publishing a window now: a lease, taken before the first batch and renewed with every
-- confirmed one. Another replica's tick (or a replayed start) skips a window whose lease has not
-- run out, so one window is never published by two processes at once; a process that died
-- mid-publish leaves a lease that runs out, and the next tick resumes from the ledger.
ALTER TABLE campaign_window ADD COLUMN publishing_until timestamptz;

-- One retry child per parent unless the caller forces another (POST .../retry-failed?force=true):
-- the database decides, not a check-then-insert. Children created before this constraint beyond the
-- first of each parent count as forced.
ALTER TABLE campaign ADD COLUMN retry_forced boolean NOT NULL DEFAULT false;
UPDATE campaign c SET retry_forced = true
 WHERE c.retry_of IS NOT NULL
   AND c.id <> (SELECT f.id FROM campaign f WHERE f.retry_of = c.retry_of ORDER BY f.created_at, f.id LIMIT 1);
CREATE UNIQUE INDEX campaign_one_retry_per_parent ON campaign (retry_of) WHERE retry_of IS NOT NULL AND NOT retry_forced;
