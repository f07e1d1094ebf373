package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A number's rate shared by sender pods through leases: the rule alone, then pods (each with its own
 * pacing bucket) renewing against an in-memory lease table, with the sum of the shares in use
 * checked at every step of every renewal (before the commit, after it, after the local grant).
 */
class RateSharesTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration RENEW = Duration.ofSeconds(1);
    private static final double RATE = 1_000;

    private final FakeClock clock = new FakeClock();
    private final RateShares shares = new RateShares(TTL, RENEW, 0.05);

    // --- the rule alone -------------------------------------------------------------------------

    @Test
    void aLonePodGetsTheWholeRate() {
        var renewal = shares.renew("a", true, NumberRate.unthrottled(RATE), List.of(), clock.instant());

        assertThat(renewal.share()).isEqualTo(RATE);
        assertThat(renewal.holders()).isEqualTo(1);
        assertThat(renewal.lease()).contains(new RateLease("a", RATE, clock.instant().plus(TTL)));
        assertThat(renewal.nextRenewal()).isEqualTo(RENEW);
    }

    @Test
    void aNewcomerTakesOnlyWhatIsFreeAndGrowsAfterTheIncumbentShrank() {
        Instant now = clock.instant();
        var incumbent = new RateLease("a", RATE, now.plus(TTL));

        var first = shares.renew("b", true, NumberRate.unthrottled(RATE), List.of(incumbent), now);
        assertThat(first.share()).as("nothing is free yet").isZero();
        assertThat(first.fairShare()).isEqualTo(500.0);
        assertThat(first.holders()).isEqualTo(2);
        assertThat(first.nextRenewal()).as("it looks again soon").isEqualTo(RENEW.dividedBy(4));

        var shrink = shares.renew("a", true, NumberRate.unthrottled(RATE), List.of(incumbent, first.lease().orElseThrow()), now);
        assertThat(shrink.share()).isEqualTo(500.0);

        var grow = shares.renew("b", true, NumberRate.unthrottled(RATE), List.of(shrink.lease().orElseThrow(), first.lease().orElseThrow()), now);
        assertThat(grow.share()).isEqualTo(500.0);
        assertThat(grow.nextRenewal()).isEqualTo(RENEW);
    }

    @Test
    void sharesAreRoundedDownSoThatTheyNeverAddUpPastTheRate() {
        Instant now = clock.instant();
        var renewal = shares.renew("c", true, NumberRate.unthrottled(RATE),
                List.of(new RateLease("a", 333.333, now.plus(TTL)), new RateLease("b", 333.333, now.plus(TTL))), now);

        assertThat(renewal.share()).isEqualTo(333.333);
        assertThat(3 * renewal.share()).isLessThanOrEqualTo(RATE);
    }

    @Test
    void aPodWithNothingWaitingReleasesItsLease() {
        Instant now = clock.instant();
        var renewal = shares.renew("a", false, NumberRate.unthrottled(RATE),
                List.of(new RateLease("a", 500, now.plus(TTL)), new RateLease("b", 500, now.plus(TTL))), now);

        assertThat(renewal.share()).isZero();
        assertThat(renewal.lease()).as("deleted").isEmpty();
        assertThat(renewal.holders()).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsDroppedAndItsShareIsFreeAgain() {
        Instant now = clock.instant();
        var dead = new RateLease("dead", 500, now.minusMillis(1));
        var renewal = shares.renew("a", true, NumberRate.unthrottled(RATE), List.of(dead, new RateLease("a", 500, now.plusSeconds(4))), now);

        assertThat(renewal.expired()).containsExactly("dead");
        assertThat(renewal.share()).isEqualTo(RATE);
        assertThat(renewal.holders()).isEqualTo(1);
    }

    @Test
    void aLeaseThatIsNotRenewedIsTakenOverJustAfterItExpires() {
        Instant now = clock.instant();
        var silent = new RateLease("silent", 500, now.plusMillis(300)); // its pod last renewed 4.7 s ago
        var renewal = shares.renew("a", true, NumberRate.unthrottled(RATE), List.of(silent, new RateLease("a", 500, now.plusSeconds(4))), now);

        assertThat(renewal.share()).isEqualTo(500.0);
        assertThat(renewal.nextRenewal()).isEqualTo(Duration.ofMillis(305));
    }

    @Test
    void aLeaseIsUsableForTheTtlFromWhenItsRenewalStarted() {
        Instant started = clock.instant();
        assertThat(shares.usableUntil(started)).isEqualTo(started.plus(TTL));
    }

    @Test
    void theTtlMustOutlastTheRenewalPeriod() {
        assertThatThrownBy(() -> new RateShares(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.05))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrottleHalvesTheNumbersRateOncePerSecondAndItRecoversAdditively() {
        Instant now = clock.instant();
        NumberRate halved = shares.throttle(NumberRate.unthrottled(RATE), now).orElseThrow();

        assertThat(halved.current(now, 0.05)).isEqualTo(500.0);
        assertThat(shares.throttle(halved, now.plusMillis(400))).as("the 130429s of requests in flight count once").isEmpty();
        assertThat(halved.current(now.plusSeconds(4), 0.05)).isCloseTo(700.0, within(1e-9)); // +50/s per second
        assertThat(halved.current(now.plusSeconds(60), 0.05)).isEqualTo(RATE);

        var renewal = shares.renew("a", true, halved, List.of(new RateLease("b", 250, now.plus(TTL))), now);
        assertThat(renewal.numberRate()).isEqualTo(500.0);
        assertThat(renewal.share()).as("every pod's share is cut from the halved rate").isEqualTo(250.0);

        var noRecovery = new RateShares(TTL, RENEW, 0);
        NumberRate storm = NumberRate.unthrottled(80);
        for (int i = 0; i < 20; i++) {
            storm = noRecovery.throttle(storm, now.plusSeconds(i)).orElseThrow();
        }
        assertThat(storm.current(now.plusSeconds(19), 0)).as("never below max(1/s, rate/64)").isEqualTo(1.25);
    }

    // --- pods renewing against one lease table --------------------------------------------------

    @Test
    void threePodsArrivingOneByOneEndUpWithEqualSharesAndNeverExceedTheRateOnTheWay() {
        var table = new LeaseTable();
        var a = table.pod("a");
        a.renewNow();
        assertThat(a.bucket.share()).isEqualTo(RATE);

        var b = table.pod("b");
        var c = table.pod("c");
        b.renewNow();
        c.renewNow();
        table.runFor(Duration.ofSeconds(4));

        assertThat(a.bucket.share()).isEqualTo(333.333);
        assertThat(b.bucket.share()).isEqualTo(333.333);
        assertThat(c.bucket.share()).isEqualTo(333.333);
        assertThat(table.worstSum).isLessThanOrEqualTo(RATE);
        assertThat(table.checks).isGreaterThan(30);
    }

    @Test
    void aPodWithNothingLeftToSendHandsItsShareToTheOthersAtTheirNextRenewal() {
        var table = new LeaseTable();
        var a = table.pod("a");
        var b = table.pod("b");
        a.renewNow();
        b.renewNow();
        table.runFor(Duration.ofSeconds(3));
        assertThat(a.bucket.share()).isEqualTo(500.0);

        b.wanted = false;
        table.runFor(Duration.ofMillis(1_100)); // b releases at its next renewal
        assertThat(b.bucket.share()).isZero();
        assertThat(table.leases).doesNotContainKey("b");
        table.runFor(Duration.ofMillis(1_100)); // a grows at its next one
        assertThat(a.bucket.share()).isEqualTo(RATE);
        assertThat(table.worstSum).isLessThanOrEqualTo(RATE);
    }

    @Test
    void aKilledPodsShareComesBackOnlyAfterItsLeaseExpiredAndThenAtOnce() {
        var table = new LeaseTable();
        var a = table.pod("a");
        var b = table.pod("b");
        var c = table.pod("c");
        a.renewNow();
        b.renewNow();
        c.renewNow();
        table.runFor(Duration.ofSeconds(4));

        c.alive = false; // SIGKILL: no release
        Instant killed = clock.instant();
        Instant expiry = table.leases.get("c").expiresAt();
        while (clock.instant().isBefore(expiry)) {
            table.runFor(Duration.ofMillis(100));
            if (clock.instant().isBefore(expiry)) {
                assertThat(a.bucket.share() + b.bucket.share()).as("c's share stays out of use until it expires").isLessThanOrEqualTo(666.666);
            }
        }
        table.runFor(Duration.ofMillis(100));

        assertThat(a.bucket.share()).isEqualTo(500.0);
        assertThat(b.bucket.share()).isEqualTo(500.0);
        assertThat(Duration.between(killed, clock.instant())).isLessThanOrEqualTo(TTL.plusMillis(100));
        assertThat(table.leases).doesNotContainKey("c");
    }

    @Test
    void aPodThatCannotRenewStopsSendingBeforeItsLeaseExpiresAndOnlyThenTheOthersGrow() {
        var table = new LeaseTable();
        var a = table.pod("a");
        var b = table.pod("b");
        a.renewNow();
        b.renewNow();
        table.runFor(Duration.ofSeconds(3));

        b.reachable = false; // its renewals fail: it keeps running, with its local deadline
        Instant expiry = table.leases.get("b").expiresAt();
        table.runFor(Duration.between(clock.instant(), expiry).minusMillis(10));
        assertThat(b.bucket.share()).as("b sends on its lease while it lasts").isEqualTo(500.0);
        table.runFor(Duration.ofMillis(10));
        assertThat(b.bucket.share()).as("b stopped by itself by the time its lease expires").isZero();
        table.runFor(Duration.ofSeconds(2));
        assertThat(b.bucket.tryAcquire()).as("and grants no slot").isPositive();
        assertThat(a.bucket.share()).isEqualTo(RATE);
        assertThat(table.worstSum).isLessThanOrEqualTo(RATE);

        b.reachable = true;
        table.runFor(Duration.ofSeconds(3));
        assertThat(b.bucket.share()).isEqualTo(500.0);
        assertThat(a.bucket.share()).isEqualTo(500.0);
    }

    @Test
    void oneThrottleHalvesWhatEveryPodSendsAndTheRateThenRecoversForAll() {
        var table = new LeaseTable();
        var a = table.pod("a");
        var b = table.pod("b");
        a.renewNow();
        b.renewNow();
        table.runFor(Duration.ofSeconds(3));

        a.bucket.throttle(); // 130429 in a: a halves its own share at once...
        a.throttleNext = true;
        a.renewNow(); // ...and the number's shared rate in its renewal
        assertThat(table.number.current(clock.instant(), 0.05)).isCloseTo(500.0, within(1.0));
        table.runFor(Duration.ofMillis(1_100));
        // Half of the halved rate each, plus what it regained since (50/s per second for the number).
        assertThat(a.bucket.share()).isBetween(250.0, 280.0);
        assertThat(b.bucket.share()).as("b follows at its next renewal").isBetween(250.0, 280.0);

        table.runFor(Duration.ofSeconds(20)); // +50/s per second for the number
        assertThat(a.bucket.share() + b.bucket.share()).isCloseTo(RATE, within(0.01));
        assertThat(table.worstSum).isLessThanOrEqualTo(RATE);
    }

    @Test
    void podsComingAndGoingAtRandomNeverExceedTheRate() {
        var table = new LeaseTable();
        var random = new java.util.Random(7);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pods.add(table.pod("p" + i));
        }
        for (int step = 0; step < 400; step++) {
            Pod pod = pods.get(random.nextInt(pods.size()));
            switch (random.nextInt(6)) {
                case 0 -> pod.wanted = !pod.wanted;
                case 1 -> pod.reachable = !pod.reachable;
                case 2 -> pod.renewNow();
                default -> { }
            }
            table.runFor(Duration.ofMillis(random.nextInt(400)));
        }
        assertThat(table.worstSum).isLessThanOrEqualTo(RATE);
        assertThat(table.checks).isGreaterThan(400);
    }

    /** The database's two tables, and the pods renewing against them, on one fake clock. */
    private final class LeaseTable {
        NumberRate number = NumberRate.unthrottled(RATE);
        final Map<String, RateLease> leases = new LinkedHashMap<>();
        final List<Pod> pods = new ArrayList<>();
        double worstSum;
        int checks;

        Pod pod(String id) {
            Pod pod = new Pod(id, this);
            pods.add(pod);
            return pod;
        }

        /** Runs every due renewal, in time order, for {@code duration}. */
        void runFor(Duration duration) {
            Instant end = clock.instant().plus(duration);
            while (true) {
                Optional<Pod> next = pods.stream().filter(p -> p.alive && p.next != null).min((x, y) -> x.next.compareTo(y.next));
                if (next.isEmpty() || next.get().next.isAfter(end)) {
                    break;
                }
                if (next.get().next.isAfter(clock.instant())) {
                    clock.set(next.get().next);
                }
                check();
                next.get().renewNow();
            }
            clock.set(end);
            check();
        }

        /** What the live pods may send at now, summed (a dead one sends nothing); and the table's own sum. */
        void check() {
            double inUse = pods.stream().filter(p -> p.alive).mapToDouble(p -> p.bucket.share()).sum();
            double leased = leases.values().stream().filter(l -> l.liveAt(clock.instant())).mapToDouble(RateLease::share).sum();
            worstSum = Math.max(worstSum, Math.max(inUse, leased));
            checks++;
        }
    }

    /** A sender pod: its bucket, whether it has recipients waiting, and whether it reaches the database. */
    private final class Pod {
        final String id;
        final LeaseTable table;
        final NumberRateBucket bucket = new NumberRateBucket(RATE, RATE * 0.05, Duration.ofMillis(20), clock);
        boolean wanted = true;
        boolean alive = true;
        boolean reachable = true;
        boolean throttleNext;
        Instant next;

        Pod(String id, LeaseTable table) {
            this.id = id;
            this.table = table;
            bucket.withdrawShare();
        }

        /** One renewal, as RateLeaseRenewer and RateLeaseStore make it, with the time each step takes. */
        void renewNow() {
            if (!alive) {
                return;
            }
            Instant started = clock.instant();
            if (!reachable) {
                clock.advance(Duration.ofMillis(3));
                next = clock.instant().plus(RENEW);
                table.check();
                return;
            }
            clock.advance(Duration.ofMillis(2)); // BEGIN, the row lock: the database's now() is later than started
            Instant dbNow = clock.instant();
            NumberRate decided = throttleNext ? shares.throttle(table.number, dbNow).orElse(table.number) : table.number;
            throttleNext = false;
            var renewal = shares.renew(id, wanted, decided, List.copyOf(table.leases.values()), dbNow);
            bucket.lowerShare(renewal.share()); // before the commit
            table.check();
            clock.advance(Duration.ofMillis(2));
            table.number = decided; // COMMIT
            renewal.expired().forEach(table.leases::remove);
            renewal.lease().ifPresentOrElse(l -> table.leases.put(id, l), () -> table.leases.remove(id));
            table.check();
            clock.advance(Duration.ofMillis(2)); // the answer reaches the pod
            table.check();
            if (wanted) {
                bucket.grant(renewal.share(), started, shares.usableUntil(started));
            } else {
                bucket.withdrawShare();
            }
            table.check();
            next = clock.instant().plus(renewal.nextRenewal());
        }
    }
}
