package dev.sandesh.sender.persistence;

import dev.sandesh.sender.domain.RateLease;
import dev.sandesh.sender.domain.RateShares;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two "pods" (two stores with their own instance ids) sharing one number's rate in the real
 * {@code sender.number_rate} / {@code sender.rate_lease}: a newcomer grows only into what the
 * incumbent freed, a released lease is free at once, a silent pod's share comes back only after
 * its lease expired, and one pod's 130429 halves what both share.
 */
@QuarkusTest
class RateLeaseStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TTL = Duration.ofMillis(1_500);
    private static final double RATE = 1_000;

    @Inject
    Pool pool;

    private final RateShares shares = new RateShares(TTL, Duration.ofMillis(500), 0.05);
    private RateLeaseStore a;
    private RateLeaseStore b;
    private String number;

    @BeforeEach
    void twoPods() {
        a = new RateLeaseStore(pool, shares, "pod-a-" + UUID.randomUUID());
        b = new RateLeaseStore(pool, shares, "pod-b-" + UUID.randomUUID());
        number = "17" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }

    @Test
    void aNewcomerGetsOnlyWhatTheIncumbentFreedAndTheIncumbentShrinksBeforeItCommits() {
        assertThat(renew(a, true).share()).as("a lone pod gets the whole rate").isEqualTo(RATE);

        var newcomer = renew(b, true);
        assertThat(newcomer.share()).as("nothing is free yet").isZero();
        assertThat(newcomer.holders()).isEqualTo(2);
        assertThat(shares(number)).containsExactlyInAnyOrder(RATE, 0.0);

        List<Double> shrunkBeforeCommit = new ArrayList<>();
        var shrink = a.renew(number, RATE, true, false, shrunkBeforeCommit::add).await().atMost(WAIT);
        assertThat(shrink.share()).isEqualTo(500.0);
        assertThat(shrunkBeforeCommit).containsExactly(500.0);

        assertThat(renew(b, true).share()).isEqualTo(500.0);
        assertThat(shares(number)).containsExactlyInAnyOrder(500.0, 500.0);
    }

    @Test
    void aReleasedLeaseIsFreeForTheOtherPodAtItsNextRenewal() {
        renew(a, true);
        renew(b, true);
        renew(a, true);
        renew(b, true);

        var released = renew(b, false);
        assertThat(released.lease()).isEmpty();
        assertThat(leases(number)).extracting(RateLease::instanceId).containsExactly(a.instanceId());

        assertThat(renew(a, true).share()).isEqualTo(RATE);
    }

    @Test
    void aSilentPodsShareComesBackOnlyAfterItsLeaseExpired() throws Exception {
        renew(a, true);
        renew(b, true);
        renew(a, true);
        renew(b, true); // 500 each; then b falls silent (killed)

        assertThat(renew(a, true).share()).as("b's lease is live: its share stays out").isEqualTo(500.0);

        Thread.sleep(TTL.plusMillis(200).toMillis()); // past b's lease
        var after = renew(a, true);
        assertThat(after.expired()).containsExactly(b.instanceId());
        assertThat(after.share()).isEqualTo(RATE);
        assertThat(leases(number)).extracting(RateLease::instanceId).containsExactly(a.instanceId());
    }

    @Test
    void oneThrottleHalvesTheRateBothPodsShare() {
        renew(a, true);
        renew(b, true);
        renew(a, true);
        renew(b, true);

        var throttled = a.renew(number, RATE, true, true, share -> { }).await().atMost(WAIT);
        assertThat(throttled.numberRate()).isCloseTo(500.0, within(1.0));
        assertThat(throttled.fairShare()).isCloseTo(250.0, within(1.0));
        assertThat(throttled.share()).as("b still holds 500 of the halved 500: nothing is free for a yet").isZero();
        Row row = pool.preparedQuery("SELECT throttled_rate, throttled_at FROM sender.number_rate WHERE phone_number_id = $1")
                .execute(Tuple.of(number)).await().atMost(WAIT).iterator().next();
        assertThat(row.getDouble("throttled_rate")).isEqualTo(500.0);
        assertThat(row.getOffsetDateTime("throttled_at")).isNotNull();

        var shrunk = renew(b, true);
        assertThat(shrunk.numberRate()).as("b sees the halved rate").isCloseTo(500.0, within(10.0));
        assertThat(shrunk.share()).isCloseTo(shrunk.numberRate() / 2, within(0.01));

        var grown = renew(a, true);
        assertThat(grown.share()).isLessThanOrEqualTo(grown.numberRate() - shrunk.share() + 0.001);
        assertThat(grown.share()).isGreaterThan(240.0);

        var again = b.renew(number, RATE, true, true, share -> { }).await().atMost(WAIT);
        assertThat(again.numberRate()).as("a second throttle within a second counts once").isGreaterThan(490.0);
    }

    @Test
    void releaseAllDeletesEveryLeaseOfThePod() {
        String second = number + "9";
        renew(a, true);
        a.renew(second, RATE, true, false, share -> { }).await().atMost(WAIT);
        renew(b, true);

        assertThat(a.releaseAll().await().atMost(WAIT)).isEqualTo(2);
        assertThat(leases(number)).extracting(RateLease::instanceId).containsExactly(b.instanceId());
        assertThat(leases(second)).isEmpty();
    }

    private RateShares.Renewal renew(RateLeaseStore pod, boolean wanted) {
        return pod.renew(number, RATE, wanted, false, share -> { }).await().atMost(WAIT);
    }

    private List<RateLease> leases(String phoneNumberId) {
        return a.leases(phoneNumberId).await().atMost(WAIT);
    }

    private List<Double> shares(String phoneNumberId) {
        return leases(phoneNumberId).stream().map(RateLease::share).toList();
    }
}
