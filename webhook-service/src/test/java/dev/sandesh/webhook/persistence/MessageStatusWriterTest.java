package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.MessageState;
import dev.sandesh.webhook.domain.Pricing;
import dev.sandesh.webhook.domain.StatusError;
import dev.sandesh.webhook.domain.StatusEvent;
import dev.sandesh.webhook.domain.StatusLattice;
import dev.sandesh.webhook.domain.StatusLatticePropertiesTest;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL merge of {@link MessageStatusWriter} must be {@link StatusLattice} exactly: random event
 * sequences (the lattice property tests' generator: every status, equal timestamps, conflicting
 * pricing and errors, hidden recipient ids), shuffled, cut into batches, written by concurrent
 * multi-row upserts, must end in the row that folding them all in Java gives.
 */
@QuarkusTest
class MessageStatusWriterTest {

    private static final int MESSAGES = 400;
    private static final int MAX_BATCHES = 4;

    @Inject
    MessageStatusWriter writer;

    @Inject
    Transactions transactions;

    @BeforeEach
    void clean() {
        cleanTables();
    }

    @Test
    void sqlMergeAgreesWithTheLatticeOnRandomEventSequences() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Map<String, List<StatusEvent>> byWamid = new HashMap<>();
        List<List<StatusEvent>> batches = new ArrayList<>();
        for (int b = 0; b < MAX_BATCHES; b++) {
            batches.add(new ArrayList<>());
        }
        StatusLatticePropertiesTest.events().sampleStream().filter(list -> !list.isEmpty()).limit(MESSAGES).forEach(sample -> {
            String wamid = "wamid.sql." + UUID.randomUUID();
            List<StatusEvent> events = new ArrayList<>(sample.stream()
                    .map(e -> new StatusEvent(wamid, e.status(), e.at(), e.recipientId(), e.pricing(), e.error())).toList());
            byWamid.put(wamid, events);
            List<StatusEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            for (StatusEvent event : shuffled) {
                batches.get(random.nextInt(MAX_BATCHES)).add(event);
            }
        });

        // the batches run at once, in separate transactions, over the same rows
        Instant now = Instant.parse("2026-09-01T00:00:00Z");
        List<Uni<Integer>> writes = batches.stream()
                .map(batch -> transactions.inTransaction(() -> writer.upsert(StatusRecorder.foldByWamid(batch), now)))
                .toList();
        Uni.join().all(writes).andFailFast().await().atMost(Duration.ofSeconds(60));

        for (Map.Entry<String, List<StatusEvent>> message : byWamid.entrySet()) {
            MessageState expected = StatusLattice.fold(message.getValue());
            assertThat(stored(message.getKey())).as("seed %d, events %s", seed, message.getValue()).isEqualTo(expected);
        }
        // the Panache entity maps the same row
        List<MessageStatus> entities = transactions.inSession(() -> MessageStatus.<MessageStatus>list("wamid in ?1", byWamid.keySet()))
                .await().atMost(Duration.ofSeconds(30));
        assertThat(entities).hasSize(byWamid.size());
        for (MessageStatus entity : entities) {
            assertThat(entity.state()).as("seed %d, %s", seed, entity.wamid).isEqualTo(stored(entity.wamid));
            assertThat(entity.updatedAt).isEqualTo(now);
        }
    }

    @Test
    void aMergeThatChangesNothingWritesNothing() {
        String wamid = "wamid.same." + UUID.randomUUID();
        List<StatusEvent> events = List.of(
                new StatusEvent(wamid, DeliveryStatus.SENT, Instant.ofEpochSecond(1_750_000_000L), "919812345678",
                        new Pricing(true, "PMP", "regular", "marketing"), null),
                new StatusEvent(wamid, DeliveryStatus.READ, Instant.ofEpochSecond(1_750_000_009L), "919812345678", null, null));
        Instant first = Instant.parse("2026-09-01T00:00:00Z");
        Instant later = first.plusSeconds(60);

        int inserted = transactions.inTransaction(() -> writer.upsert(StatusRecorder.foldByWamid(events), first)).await().indefinitely();
        int again = transactions.inTransaction(() -> writer.upsert(StatusRecorder.foldByWamid(events.subList(1, 2)), later)).await().indefinitely();

        assertThat(inserted).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(((Timestamp) query("SELECT updated_at FROM webhook.message_status WHERE wamid = ?", wamid).getFirst()
                .get("updated_at")).toInstant()).isEqualTo(first);
    }

    private static MessageState stored(String wamid) {
        Map<String, Object> row = query("SELECT * FROM webhook.message_status WHERE wamid = ?", wamid).getFirst();
        Integer code = (Integer) row.get("error_code");
        String title = (String) row.get("error_title");
        Pricing pricing = new Pricing((Boolean) row.get("billable"), (String) row.get("pricing_model"),
                (String) row.get("pricing_type"), (String) row.get("pricing_category"));
        return new MessageState(DeliveryStatus.fromWireName((String) row.get("status")),
                at(row, "accepted_at"), at(row, "sent_at"), at(row, "delivered_at"), at(row, "read_at"), at(row, "failed_at"),
                code == null && title == null ? null : new StatusError(code, title),
                pricing.isEmpty() ? null : pricing,
                (String) row.get("recipient_id"));
    }

    private static Instant at(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
