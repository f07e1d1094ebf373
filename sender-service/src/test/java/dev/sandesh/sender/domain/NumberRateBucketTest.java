package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class NumberRateBucketTest {

    /**
     * The mechanism is tested at a 10 ms window, where its two regimes show at the usual tiers: at
     * 80/s the bucket holds one slot (evenly spaced sends), at 1,000/s ten. The configured default
     * window ({@value NumberRateBucket#DEFAULT_BURST_WINDOW_MILLIS} ms) is tested at the end.
     */
    private static final Duration TEN_MS = Duration.ofMillis(10);

    private final FakeClock clock = new FakeClock();

    private NumberRateBucket pacer(double rate) {
        return new NumberRateBucket(rate, rate / 20, TEN_MS, clock);
    }

    @Test
    void theFirstSlotIsImmediateAndTheNextIsOneIntervalLater() {
        var pacer = pacer(80);

        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofNanos(12_500_000));
        clock.advance(Duration.ofMillis(5));
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofNanos(7_500_000));
        clock.advance(Duration.ofNanos(7_500_000));
        assertThat(pacer.tryAcquire()).isZero();
    }

    @Test
    void neverMoreThanRateGrantsInAnyOneSecondWindowWhateverTheArrivalPattern() {
        int rate = 80;
        var pacer = pacer(rate);
        // Many waiters, arriving in bursts and lulls; each asks again exactly when told to.
        List<Instant> grants = grantsWithLulls(pacer, 5_000, new Random(42), 50, 3_000, 0);

        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(rate);
    }

    @Test
    void atEightyPerSecondTheBucketHoldsOneSlotSoSlotsStayEvenlySpacedAndLatenessCostsNothing() {
        var pacer = pacer(80);
        var random = new Random(3);

        assertThat(pacer.capacity()).isEqualTo(1);
        // Timers up to 2 ms late: ordinary scheduler lateness.
        List<Instant> grants = grantsFor(pacer, Duration.ofSeconds(30), () -> Duration.ofNanos(random.nextInt(2_000_000)));

        // The schedule is kept: a late slot does not push the next ones back...
        assertThat(grants.size()).isBetween(80 * 30, 80 * 30 + 1);
        // ...nor does it bring the next one forward by more than its own lateness.
        for (int i = 1; i < grants.size(); i++) {
            assertThat(Duration.between(grants.get(i - 1), grants.get(i))).isGreaterThanOrEqualTo(Duration.ofNanos(12_500_000 - 2_000_000));
        }
        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(81);
    }

    @Test
    void atEightyPerSecondAStallIsNotCaughtUp() {
        var pacer = pacer(80);
        var random = new Random(5);
        // Now and then a timer fires 200 ms late (a GC pause).
        List<Instant> grants = grantsFor(pacer, Duration.ofSeconds(30),
                () -> random.nextInt(50) == 0 ? Duration.ofMillis(200) : Duration.ZERO);

        for (int i = 1; i < grants.size(); i++) {
            assertThat(Duration.between(grants.get(i - 1), grants.get(i))).isGreaterThanOrEqualTo(Duration.ofNanos(12_500_000));
        }
        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(80);
    }

    @Test
    void ordinaryTimerLatenessCostsNoThroughput() {
        int rate = 1_000;
        var pacer = pacer(rate);
        var random = new Random(7);
        // Timers fire up to 0.9 ms late: ordinary scheduler lateness on a busy machine, almost a
        // whole interval at this rate.
        List<Instant> grants = grantsFor(pacer, Duration.ofSeconds(10), () -> Duration.ofNanos(random.nextInt(900_000)));

        assertThat(grants.size()).isGreaterThanOrEqualTo((int) (0.999 * rate * 10));
        assertThat(grants.size()).isLessThanOrEqualTo(rate * 10 + pacer.capacity());
        assertWithinBucketBound(grants, rate, pacer.capacity());
    }

    @Test
    void atAThousandPerSecondTheBucketHoldsTenSlots() {
        var pacer = pacer(1_000);

        assertThat(pacer.capacity()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.tryAcquire()).isZero();
        }
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(1));
        // Refilled continuously: a slot per millisecond, never more than ten held.
        clock.advance(Duration.ofNanos(2_500_000));
        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofNanos(500_000));
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.tryAcquire()).isZero();
        }
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void atAThousandPerSecondAnyWindowHoldsAtMostRateTimesItsLengthPlusTheBucketWhateverTheArrivalPattern() {
        int rate = 1_000;
        var pacer = pacer(rate);
        // Many waiters, arriving in bursts and lulls; each asks again when told to, or later.
        List<Instant> grants = grantsWithLulls(pacer, 50_000, new Random(42), 200, 100, 3_000_000);

        assertWithinBucketBound(grants, rate, 10);
    }

    @Test
    void aPauseIsNotCaughtUpInABurst() {
        int rate = 1_000;
        var pacer = pacer(rate);
        var random = new Random(11);
        // Now and then a timer fires 50 ms late (a GC pause, a busy CPU).
        List<Instant> grants = grantsFor(pacer, Duration.ofSeconds(10),
                () -> random.nextInt(200) == 0 ? Duration.ofMillis(50) : Duration.ofNanos(random.nextInt(400_000)));

        // What the bucket held goes out at the wake-up (at most ten slots), the rest of the pause is lost.
        assertWithinBucketBound(grants, rate, pacer.capacity());
        assertThat(grants.size()).isLessThan(rate * 10);
    }

    /**
     * In every window of length {@code T} (1 ms to 1 s), at most {@code rate·T + capacity} grants:
     * the token bucket's bound, which stays far inside Meta's own (a second's worth of burst).
     */
    private static void assertWithinBucketBound(List<Instant> grants, int rate, int capacity) {
        for (long widthMillis : new long[] {1, 2, 5, 10, 20, 50, 100, 250, 500, 1_000}) {
            assertThat(maxInAnyWindow(grants, Duration.ofMillis(widthMillis)))
                    .as("grants in any %d ms", widthMillis)
                    .isLessThanOrEqualTo((int) (rate * widthMillis / 1_000) + capacity);
        }
    }

    /**
     * Waiters asking until {@code count} grants: one time in {@code lullOdds} a lull of up to
     * {@code maxLullMillis} first; a refused one asks again when told to, a third of them up to
     * {@code maxLatenessNanos} later.
     */
    private List<Instant> grantsWithLulls(NumberRateBucket pacer, int count, Random random, int lullOdds, int maxLullMillis,
                                          int maxLatenessNanos) {
        List<Instant> grants = new ArrayList<>();
        while (grants.size() < count) {
            if (random.nextInt(lullOdds) == 0) {
                clock.advance(Duration.ofMillis(random.nextInt(maxLullMillis)));
            }
            Duration wait = pacer.tryAcquire();
            if (wait.isZero()) {
                grants.add(clock.instant());
            } else {
                boolean late = maxLatenessNanos > 0 && random.nextInt(3) == 0;
                clock.advance(wait.plusNanos(late ? random.nextInt(maxLatenessNanos) : 0));
            }
        }
        return grants;
    }

    /** One waiter at a time asking for slots for {@code period}, each timer firing {@code lateness} after it was due. */
    private List<Instant> grantsFor(NumberRateBucket pacer, Duration period, java.util.function.Supplier<Duration> lateness) {
        List<Instant> grants = new ArrayList<>();
        Instant start = clock.instant();
        while (Duration.between(start, clock.instant()).compareTo(period) < 0) {
            Duration wait = pacer.tryAcquire();
            if (wait.isZero()) {
                grants.add(clock.instant());
            } else {
                clock.advance(wait.plus(lateness.get()));
            }
        }
        return grants;
    }

    @Test
    void anIdleNumberDoesNotSaveUpABurst() {
        var pacer = pacer(10);
        pacer.tryAcquire();
        clock.advance(Duration.ofMinutes(5));

        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void concurrentCallersAtTheSameInstantGetExactlyOneSlotAtEightyPerSecond() throws Exception {
        assertThat(grantedToConcurrentCallers(pacer(80))).isEqualTo(1);
    }

    @Test
    void concurrentCallersAtTheSameInstantGetExactlyTheBucketAtAThousandPerSecond() throws Exception {
        assertThat(grantedToConcurrentCallers(pacer(1_000))).isEqualTo(10);
    }

    /** Eight threads asking a thousand times each, at one instant of the fake clock. */
    private static long grantedToConcurrentCallers(NumberRateBucket pacer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(() -> {
                start.await();
                long granted = 0;
                for (int i = 0; i < 1_000; i++) {
                    if (pacer.tryAcquire().isZero()) {
                        granted++;
                    }
                }
                return granted;
            });
        }
        List<Future<Long>> results = tasks.stream().map(pool::submit).toList();
        start.countDown();
        long total = 0;
        for (Future<Long> result : results) {
            total += result.get();
        }
        pool.shutdown();
        return total;
    }

    @Test
    void rateZeroMeansNoLimit() {
        var pacer = pacer(0);

        assertThat(pacer.unlimited()).isTrue();
        for (int i = 0; i < 1_000; i++) {
            assertThat(pacer.tryAcquire()).isZero();
        }
    }

    @Test
    void numbersArePacedIndependentlyAndEachNumberHasOnePacer() {
        var pacers = new RateBucketsByNumber(1, clock);

        assertThat(pacers.forNumber("111").tryAcquire()).isZero();
        assertThat(pacers.forNumber("222").tryAcquire()).isZero();
        assertThat(pacers.forNumber("111").tryAcquire()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacers.forNumber("111")).isSameAs(pacers.forNumber("111"));
    }

    @Test
    void theDefaultWindowHoldsTwentyMillisecondsOfSlots() {
        assertThat(new NumberRateBucket(1_000, clock).capacity()).isEqualTo(20);
        assertThat(new NumberRateBucket(200, clock).capacity()).isEqualTo(4);
        assertThat(new NumberRateBucket(80, clock).capacity()).isEqualTo(1);
    }

    @Test
    void atTheDefaultWindowStallsOfTensOfMillisecondsCostNoThroughput() {
        int rate = 1_000;
        var pacer = new NumberRateBucket(rate, clock);
        var random = new Random(13);
        // Now and then a timer fires 15 ms late (JIT compilation, a young-generation GC on a busy machine).
        List<Instant> grants = grantsFor(pacer, Duration.ofSeconds(10),
                () -> random.nextInt(100) == 0 ? Duration.ofMillis(15) : Duration.ofNanos(random.nextInt(900_000)));

        assertThat(grants.size()).isGreaterThanOrEqualTo((int) (0.999 * rate * 10));
        assertWithinBucketBound(grants, rate, pacer.capacity());
    }

    @Test
    void atTheDefaultWindowEightyPerSecondIsOneSlotAtATimeWhateverTheArrivalPattern() {
        int rate = 80;
        var pacer = new NumberRateBucket(rate, clock);
        List<Instant> grants = grantsWithLulls(pacer, 5_000, new Random(17), 50, 3_000, 5_000_000);

        // One slot held: 81 in any second at most (a grant a little late keeps the schedule).
        assertThat(pacer.capacity()).isEqualTo(1);
        assertWithinBucketBound(grants, rate, 2);
        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(81);
    }

    /** The largest number of instants within any half-open window [t, t + width). */
    static int maxInAnyWindow(List<Instant> instants, Duration width) {
        List<Instant> sorted = new ArrayList<>(instants);
        Collections.sort(sorted);
        int max = 0;
        int head = 0;
        for (int tail = 0; tail < sorted.size(); tail++) {
            while (!sorted.get(head).plus(width).isAfter(sorted.get(tail))) {
                head++;
            }
            max = Math.max(max, tail - head + 1);
        }
        return max;
    }
}
