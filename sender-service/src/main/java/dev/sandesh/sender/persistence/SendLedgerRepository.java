package dev.sandesh.sender.persistence;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code sender.send_ledger}: set-wise claims and results, one statement per batch step.
 *
 * <p>Every delivery of a batch carries its own claim token. A recipient belongs to the delivery
 * that inserted its row; a retry of the same step with the same token is idempotent (a claim that
 * committed but whose answer was lost is found again). Another delivery's rows are reported as that
 * delivery recorded them, or, left CLAIMED (it stopped mid-batch): UNKNOWN when their attempt had
 * started ({@code attempt_started_at}, {@link AttemptStarts}), taken over and sent when it had not.
 */
@ApplicationScoped
public class SendLedgerRepository {

    // ON CONFLICT ... DO UPDATE ... WHERE claim_token matches returns our own earlier claim (a retried
    // step) and nothing for rows another delivery owns.
    private static final String CLAIM = """
            INSERT INTO sender.send_ledger (campaign_id, recipient_seq, batch_number, phone_number_id, state, claim_token)
            SELECT $1, seq, $2, $3, 'CLAIMED', $4 FROM (SELECT DISTINCT unnest($5::bigint[]) AS seq) AS batch
            ON CONFLICT (campaign_id, recipient_seq) DO UPDATE SET claim_token = EXCLUDED.claim_token
                WHERE send_ledger.claim_token = EXCLUDED.claim_token AND send_ledger.state = 'CLAIMED'
            RETURNING recipient_seq""";

    // Rows owned by an earlier delivery: finished ones as recorded. Ones still CLAIMED: with their
    // attempt started, the request may have left when that delivery stopped, so they become UNKNOWN;
    // without, nothing left for them, so this delivery takes them over (its claim token) and sends
    // them. One UPDATE decides both per row under the row's lock, so an attempt-started mark that
    // commits first makes it UNKNOWN, and one that comes after finds the row no longer its
    // delivery's (AttemptStarts). The CTE's update is not visible to the outer SELECT, hence the
    // UNION of both views.
    //
    // A claim whose attempt started and whose delivery is another one this process has in hand ($4:
    // their claim tokens) is left alone and not returned: that delivery records and reports it (issue
    // 13 item 4: a second copy never turns the first's live calls into UNKNOWN). The test is in the
    // UPDATE's WHERE, which PostgreSQL evaluates again on a row whose attempt mark commits while this
    // statement waits for its lock. Another pod's delivery cannot be told from a dead one here (a
    // killed pod's rate lease outlives it by up to a ttl), so its started claims become UNKNOWN.
    private static final String EARLIER = """
            WITH abandoned AS (
                UPDATE sender.send_ledger
                   SET state = CASE WHEN attempt_started_at IS NULL THEN 'CLAIMED' ELSE 'UNKNOWN' END,
                       claim_token = CASE WHEN attempt_started_at IS NULL THEN $3 ELSE claim_token END,
                       finished_at = CASE WHEN attempt_started_at IS NULL THEN NULL ELSE now() END,
                       error_title = CASE WHEN attempt_started_at IS NULL THEN NULL
                                     ELSE 'the request may have left: an earlier delivery of the batch started it and did not finish' END
                 WHERE campaign_id = $1 AND recipient_seq = ANY($2::bigint[]) AND claim_token <> $3 AND state = 'CLAIMED'
                   AND NOT (attempt_started_at IS NOT NULL AND claim_token = ANY($4::uuid[]))
             RETURNING recipient_seq, state, wamid, error_code, error_title, attempts, message_status)
            SELECT recipient_seq, state, wamid, error_code, error_title, attempts, message_status
              FROM sender.send_ledger
             WHERE campaign_id = $1 AND recipient_seq = ANY($2::bigint[]) AND claim_token <> $3 AND state <> 'CLAIMED'
            UNION ALL
            SELECT recipient_seq, state, wamid, error_code, error_title, attempts, message_status FROM abandoned""";

    // Our own rows: CLAIMED, or UNKNOWN if a concurrent redelivery gave up on them while we were
    // still sending — what we learnt from Meta is better than "unknown".
    private static final String RECORD = """
            UPDATE sender.send_ledger AS l
               SET state = r.state, wamid = r.wamid, error_code = r.error_code, error_title = r.error_title,
                   attempts = r.attempts, message_status = r.message_status, finished_at = now()
              FROM unnest($3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::text[])
                   AS r(seq, state, wamid, error_code, error_title, attempts, message_status)
             WHERE l.campaign_id = $1 AND l.recipient_seq = r.seq AND l.claim_token = $2
               AND l.state IN ('CLAIMED', 'UNKNOWN')""";

    // A deferred recipient (paused/cancelled campaign, open circuit breaker) was never sent: its
    // claim is released so that the next delivery of the batch sends it.
    private static final String RELEASE = """
            DELETE FROM sender.send_ledger
             WHERE campaign_id = $1 AND claim_token = $2 AND state = 'CLAIMED' AND recipient_seq = ANY($3::bigint[])""";

    // Resuming a halted campaign: its HALTED rows were never sent (the halt was decided before the
    // call), so they are released like deferred claims and the re-published batches claim and send
    // them. ACCEPTED, FAILED and UNKNOWN rows stay: never send twice.
    private static final String RELEASE_HALTED = """
            DELETE FROM sender.send_ledger WHERE campaign_id = $1 AND state = 'HALTED'""";

    private final Pool pool;

    public SendLedgerRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims every recipient of the batch no delivery has claimed yet, in one statement.
     *
     * @return the sequences this delivery now owns and must send
     */
    public Uni<Set<Long>> claim(SendBatch batch, UUID claimToken) {
        Tuple params = Tuple.of(batch.campaignId(), batch.batchNumber(), batch.phoneNumberId(), claimToken, sequences(batch));
        return pool.preparedQuery(CLAIM).execute(params)
                .map(rows -> {
                    Set<Long> claimed = new HashSet<>();
                    for (Row row : rows) {
                        claimed.add(row.getLong("recipient_seq"));
                    }
                    return claimed;
                });
    }

    /** Releases the campaign's HALTED rows (resume after a halt). @return rows released */
    public Uni<Integer> releaseHalted(UUID campaignId) {
        return pool.preparedQuery(RELEASE_HALTED).execute(Tuple.of(campaignId)).map(RowSet::rowCount);
    }

    /**
     * What earlier deliveries of the batch left: their results as recorded, their claims whose
     * attempt had started turned UNKNOWN, and their claims whose attempt never started taken over
     * by this delivery (to be sent by it).
     */
    public Uni<Earlier> earlierResults(SendBatch batch, UUID claimToken, Collection<UUID> liveClaimTokens) {
        Tuple params = Tuple.of(batch.campaignId(), sequences(batch), claimToken, liveClaimTokens.toArray(UUID[]::new));
        return pool.preparedQuery(EARLIER).execute(params)
                .map(rows -> {
                    List<SendResult> results = new ArrayList<>(rows.size());
                    Set<Long> takenOver = new HashSet<>();
                    for (Row row : rows) {
                        if (LedgerState.valueOf(row.getString("state")) == LedgerState.CLAIMED) {
                            takenOver.add(row.getLong("recipient_seq"));
                        } else {
                            results.add(result(row));
                        }
                    }
                    return new Earlier(results, takenOver);
                });
    }

    /**
     * What earlier deliveries of a batch left.
     *
     * @param results   their recorded (or now UNKNOWN) results
     * @param takenOver their claims whose attempt never started, now this delivery's to send
     */
    public record Earlier(List<SendResult> results, Set<Long> takenOver) {
    }

    /**
     * Writes this delivery's results, set-wise, and releases the claims of its deferred recipients
     * ({@link LedgerState#DEFERRED} is never stored).
     */
    public Uni<Integer> record(UUID campaignId, UUID claimToken, List<SendResult> all) {
        List<SendResult> results = all.stream().filter(r -> r.state() != LedgerState.DEFERRED).toList();
        Long[] deferred = all.stream().filter(r -> r.state() == LedgerState.DEFERRED).map(SendResult::sequence).toArray(Long[]::new);
        Uni<Integer> release = deferred.length == 0
                ? Uni.createFrom().item(0)
                : pool.preparedQuery(RELEASE).execute(Tuple.of(campaignId, claimToken, deferred)).map(RowSet::rowCount);
        return release.chain(released -> write(campaignId, claimToken, results)).map(written -> written);
    }

    private Uni<Integer> write(UUID campaignId, UUID claimToken, List<SendResult> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = results.size();
        Long[] seqs = new Long[n];
        String[] states = new String[n];
        String[] wamids = new String[n];
        Integer[] codes = new Integer[n];
        String[] titles = new String[n];
        Integer[] attempts = new Integer[n];
        String[] messageStatuses = new String[n];
        for (int i = 0; i < n; i++) {
            SendResult r = results.get(i);
            seqs[i] = r.sequence();
            states[i] = r.state().name();
            wamids[i] = r.wamid();
            codes[i] = r.errorCode();
            titles[i] = r.errorTitle();
            attempts[i] = r.attempts();
            messageStatuses[i] = r.messageStatus();
        }
        Tuple params = Tuple.tuple()
                .addUUID(campaignId).addUUID(claimToken)
                .addArrayOfLong(seqs).addArrayOfString(states).addArrayOfString(wamids)
                .addArrayOfInteger(codes).addArrayOfString(titles).addArrayOfInteger(attempts)
                .addArrayOfString(messageStatuses);
        return pool.preparedQuery(RECORD).execute(params).map(RowSet::rowCount);
    }

    private static Long[] sequences(SendBatch batch) {
        return batch.recipients().stream().map(SendBatch.Recipient::sequence).toArray(Long[]::new);
    }

    private static SendResult result(Row row) {
        return new SendResult(
                row.getLong("recipient_seq"),
                LedgerState.valueOf(row.getString("state")),
                row.getString("wamid"),
                row.getInteger("error_code"),
                row.getString("error_title"),
                row.getInteger("attempts"),
                row.getString("message_status"));
    }
}
