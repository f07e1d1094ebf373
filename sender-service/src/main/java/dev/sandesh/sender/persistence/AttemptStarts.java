package dev.sandesh.sender.persistence;

import dev.sandesh.sender.config.SenderConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The attempt-started marks of {@code sender.send_ledger} (Flyway {@code V6}): written just before a
 * recipient's first request leaves, after its rate slot was granted, by the delivery that owns the
 * row — and only the recipients whose mark took effect are sent. A later delivery of the batch
 * reads the mark: set, the request may have left (UNKNOWN); unset, nothing left (it takes the row
 * over and sends it, {@link SendLedgerRepository#earlierResults}). The UPDATE is conditional on the
 * delivery's claim token, and a takeover only takes unmarked rows, so of two deliveries of one batch
 * at once only one ever sends a recipient.
 *
 * <p>One statement per request would cost a round trip and a commit per message (1,000/s at the
 * top tier): the marks are group-committed ({@link GroupCommit}), every mark asked for while the
 * previous statement was in flight written by the next one, in one {@code unnest} UPDATE.
 */
@ApplicationScoped
public class AttemptStarts {

    // coalesce: a mark retried after its commit's answer was lost is found again, with its first time.
    private static final String MARK = """
            UPDATE sender.send_ledger AS l
               SET attempt_started_at = coalesce(l.attempt_started_at, now())
              FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) AS m(campaign_id, seq, claim_token)
             WHERE l.campaign_id = m.campaign_id AND l.recipient_seq = m.seq AND l.claim_token = m.claim_token
               AND l.state = 'CLAIMED'
            RETURNING l.campaign_id, l.recipient_seq, l.claim_token""";

    /** One recipient of one delivery about to be sent. */
    public record Mark(UUID campaignId, long sequence, UUID claimToken) {
    }

    private final Pool pool;
    private final Duration timeout;
    private final GroupCommit<Mark> marks;

    public AttemptStarts(Pool pool, SenderConfig config) {
        this.pool = pool;
        this.timeout = config.attemptMark().timeout();
        this.marks = new GroupCommit<>(this::write, config.attemptMark().maxGroup());
    }

    /**
     * @return true: marked, the request may leave; false: this delivery no longer owns the recipient
     *         (another delivery of the batch took it over, or it is no longer CLAIMED): do not send;
     *         fails when the mark could not be written (nothing may be sent then)
     */
    public CompletionStage<Boolean> start(UUID campaignId, long sequence, UUID claimToken) {
        return marks.submit(new Mark(campaignId, sequence, claimToken));
    }

    private CompletionStage<Set<Mark>> write(List<Mark> group) {
        int n = group.size();
        UUID[] campaigns = new UUID[n];
        Long[] sequences = new Long[n];
        UUID[] tokens = new UUID[n];
        for (int i = 0; i < n; i++) {
            Mark mark = group.get(i);
            campaigns[i] = mark.campaignId();
            sequences[i] = mark.sequence();
            tokens[i] = mark.claimToken();
        }
        Tuple params = Tuple.tuple().addArrayOfUUID(campaigns).addArrayOfLong(sequences).addArrayOfUUID(tokens);
        return pool.preparedQuery(MARK).execute(params)
                .ifNoItem().after(timeout).fail()
                .map(rows -> {
                    Set<Mark> marked = new HashSet<>(rows.size() * 2);
                    for (Row row : rows) {
                        marked.add(new Mark(row.getUUID("campaign_id"), row.getLong("recipient_seq"), row.getUUID("claim_token")));
                    }
                    return marked;
                })
                .subscribeAsCompletionStage();
    }
}
