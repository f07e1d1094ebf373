package dev.sandesh.sender.messaging;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What {@code sender.send_ledger} holds for a campaign, read straight from the database. */
final class LedgerRows {

    private LedgerRows() {
    }

    /** Each recipient's ledger state, by sequence. */
    static Map<Long, String> states(Pool pool, UUID campaignId) {
        Map<Long, String> states = new HashMap<>();
        pool.preparedQuery("SELECT recipient_seq, state FROM sender.send_ledger WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> states.put(row.getLong("recipient_seq"), row.getString("state")));
        return states;
    }
}
