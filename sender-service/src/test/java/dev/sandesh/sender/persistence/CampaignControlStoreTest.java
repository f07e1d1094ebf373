package dev.sandesh.sender.persistence;

import dev.sandesh.sender.domain.CloudApiError;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Number halts between the in-memory gate and {@code sender.number_halt}, across refreshes. */
@QuarkusTest
class CampaignControlStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CampaignControlStore store;

    @Inject
    Pool pool;

    @Test
    void aHaltWhoseRowIsNotWrittenYetSurvivesARefresh() {
        String number = number();
        // What haltNumber does first: the gate, then (later) the row. A refresh in between
        // must not take the missing row for a lift on another replica.
        store.gate().haltNumber(number, "number halted: auth error 190");

        store.refresh().await().atMost(WAIT);

        assertThat(store.gate().haltedNumbers()).containsKey(number);
        store.liftNumber(number).await().atMost(WAIT);
    }

    @Test
    void aStoredHaltDeletedOnAnotherReplicaIsLiftedByTheNextRefresh() {
        String number = number();
        store.haltNumber(number, CloudApiError.classify(190, 401, "Access token has expired"), "auth").await().atMost(WAIT);
        store.refresh().await().atMost(WAIT);
        assertThat(store.gate().haltedNumbers()).containsKey(number);

        pool.preparedQuery("DELETE FROM sender.number_halt WHERE phone_number_id = $1").execute(Tuple.of(number))
                .await().atMost(WAIT);
        store.refresh().await().atMost(WAIT);

        assertThat(store.gate().haltedNumbers()).doesNotContainKey(number);
    }

    @Test
    void aHaltStoredByAnotherReplicaIsPickedUp() {
        String number = number();
        pool.preparedQuery("INSERT INTO sender.number_halt (phone_number_id, reason, error_code) VALUES ($1, $2, 131031)")
                .execute(Tuple.of(number, "number halted: account error 131031 locked")).await().atMost(WAIT);

        store.refresh().await().atMost(WAIT);

        assertThat(store.gate().haltedNumbers()).containsEntry(number, "number halted: account error 131031 locked");
        store.liftNumber(number).await().atMost(WAIT);
        assertThat(store.gate().haltedNumbers()).doesNotContainKey(number);
    }

    private static String number() {
        return "1" + ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L);
    }
}
