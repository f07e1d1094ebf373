package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void fullBucketLetsExactlyBurstThroughAtOnce() {
        TokenBucket bucket = new TokenBucket(80, 80, now::get);
        int granted = 0;
        for (int i = 0; i < 200; i++) {
            if (bucket.tryAcquire()) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(80);
    }

    @Test
    void refillsOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(10, 1, now::get); // one token per 100 ms
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        now.addAndGet(99_000_000L);
        assertThat(bucket.tryAcquire()).isFalse();
        now.addAndGet(1_000_000L);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void idleTimeNeverAccumulatesMoreThanBurst() {
        TokenBucket bucket = new TokenBucket(100, 5, now::get);
        now.addAndGet(60_000_000_000L); // a minute idle
        int granted = 0;
        while (bucket.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(5);
    }

    @Test
    void sustainedRateMatchesConfiguredRate() {
        // A burst of 2 absorbs the polling granularity (a 12.5 ms interval polled every 1 ms).
        TokenBucket bucket = new TokenBucket(80, 2, now::get);
        int granted = 0;
        // Poll every millisecond for ten seconds.
        for (int ms = 0; ms < 10_000; ms++) {
            if (bucket.tryAcquire()) {
                granted++;
            }
            now.addAndGet(1_000_000L);
        }
        assertThat(granted).isBetween(800, 802);
    }

    @Test
    void concurrentCallersNeverGetMoreThanBurst() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 1000, now::get); // frozen clock: only the burst is available
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(() -> {
                    int granted = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (bucket.tryAcquire()) {
                            granted++;
                        }
                    }
                    return granted;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(callers)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNonPositiveRate() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limiterWithZeroRateIsUnlimitedAndKeepsOneBucketPerPhoneNumber() {
        ThroughputLimiter limiter = new ThroughputLimiter(ThroughputLimiter.Limits.of(0, null), now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("1")).isTrue();
        }
        limiter.change(ThroughputLimiter.Limits.of(2, null));
        assertThat(limiter.limits().burst()).isEqualTo(2.0);
        assertThat(limiter.tryAcquire("1")).isTrue();
        assertThat(limiter.tryAcquire("1")).isTrue();
        assertThat(limiter.tryAcquire("1")).isFalse();
        assertThat(limiter.tryAcquire("2")).as("another phone number has its own bucket").isTrue();
    }
}
