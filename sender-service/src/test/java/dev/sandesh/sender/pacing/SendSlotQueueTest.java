package dev.sandesh.sender.pacing;

import dev.sandesh.sender.domain.BreakerState;
import dev.sandesh.sender.domain.RateBucketsByNumber;
import dev.sandesh.sender.metrics.SendMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The waiting queue in front of a number's pacer, in real time (a slow rate keeps it readable). */
class SendSlotQueueTest {

    private static final String NUMBER = "106540352242922";

    private final SendSlotQueue pacing = new SendSlotQueue(new RateBucketsByNumber(10, InstantSource.system()),
            new SendMetrics(new SimpleMeterRegistry(), () -> BreakerState.CLOSED));

    @AfterEach
    void stop() {
        pacing.stop();
    }

    @Test
    void waitersAreReleasedInOrderAtTheRate() throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<Long>> granted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            granted.add(grantedAt(pacing.slot(NUMBER), started));
        }
        List<Long> millis = new ArrayList<>();
        for (CompletableFuture<Long> g : granted) {
            millis.add(g.get(5, TimeUnit.SECONDS));
        }
        assertThat(millis).isSorted();
        // 10/s: the first at once, each next one 100 ms later.
        assertThat(millis.get(3) - millis.get(0)).isBetween(280L, 600L);
    }

    @Test
    void recipientsThatQueuedBeforeTheLeaseRenewerListenedAreAskedForWhenItDoes() throws Exception {
        SendSlotQueue leased = new SendSlotQueue(new RateBucketsByNumber(10, java.util.Map.of(), 0.1, Duration.ofMillis(20), true,
                InstantSource.system()), new SendMetrics(new SimpleMeterRegistry(), () -> BreakerState.CLOSED));
        try {
            CompletableFuture<Void> waiting = leased.slot(NUMBER).subscribeAsCompletionStage(); // no listener yet: asks nobody
            List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
            leased.listen(new SendSlotQueue.ShareListener() {
                @Override
                public void wanted(String phoneNumberId) {
                    asked.add(phoneNumberId);
                }

                @Override
                public void throttled(String phoneNumberId) {
                }
            });
            assertThat(asked).containsExactly(NUMBER);
            assertThat(waiting).isNotDone();
        } finally {
            leased.stop();
        }
    }

    @Test
    void waitersNoLongerWantedLeaveTheQueueWithoutTakingSlots() throws Exception {
        AtomicBoolean campaignRunning = new AtomicBoolean(true);
        pacing.slot(NUMBER).await().atMost(Duration.ofSeconds(2)); // the bucket is now empty
        List<CompletableFuture<Void>> paused = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paused.add(pacing.slot(NUMBER, 0, campaignRunning::get).subscribeAsCompletionStage());
        }
        campaignRunning.set(false);
        long started = System.nanoTime();
        CompletableFuture<Long> other = grantedAt(pacing.slot(NUMBER), started);

        // Twenty stopped waiters ahead of it would have cost two seconds of slots at 10/s.
        assertThat(other.get(1, TimeUnit.SECONDS)).isLessThan(300L);
        for (CompletableFuture<Void> waiter : paused) {
            assertThatThrownBy(() -> waiter.get(1, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SendSlotQueue.NotWantedException.class);
        }
    }

    @Test
    void theOldestBatchIsServedFirstThenArrivalOrder() throws Exception {
        pacing.slot(NUMBER).await().atMost(Duration.ofSeconds(2));
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "newer-" + i;
            all.add(pacing.slot(NUMBER, 2, () -> true).invoke(() -> order.add(name)).subscribeAsCompletionStage());
        }
        for (int i = 0; i < 2; i++) {
            String name = "older-" + i;
            all.add(pacing.slot(NUMBER, 1, () -> true).invoke(() -> order.add(name)).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        assertThat(order).containsExactly("older-0", "older-1", "newer-0", "newer-1", "newer-2");
    }

    @Test
    void aCancelledWaiterCostsNoSlot() throws Exception {
        pacing.slot(NUMBER).await().atMost(Duration.ofSeconds(2));
        List<CompletableFuture<Void>> cancelled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cancelled.add(pacing.slot(NUMBER).subscribeAsCompletionStage());
        }
        cancelled.forEach(waiter -> waiter.cancel(true));
        long started = System.nanoTime();
        assertThat(grantedAt(pacing.slot(NUMBER), started).get(1, TimeUnit.SECONDS)).isLessThan(300L);
    }

    private static CompletableFuture<Long> grantedAt(Uni<Void> slot, long started) {
        return slot.map(ignored -> (System.nanoTime() - started) / 1_000_000).subscribeAsCompletionStage();
    }
}
