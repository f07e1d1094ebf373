package dev.sandesh.sender.pacing;

import dev.sandesh.sender.domain.NumberRateBucket;
import dev.sandesh.sender.domain.RateBucketsByNumber;
import dev.sandesh.sender.metrics.SendMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, without blocking a thread, for a send slot of a business number. Waiters queue per number
 * and one timer per number releases them as {@link NumberRateBucket} grants slots, at the moment of the
 * grant: each wake-up hands every slot the bucket holds to the first waiters, so a timer
 * that fires late loses no slot (see {@link NumberRateBucket}).
 *
 * <p>The queue is ordered by the waiter's <em>batch order</em> (the order its batch was taken up
 * in), then first come, first served: the oldest batch gets every slot while it has recipients
 * waiting, and the next batch's recipients take the slots it leaves while its last requests are
 * in flight and its results are written. Were the batches served in turns, batches taken up
 * together would also finish together, and their common tail (the slowest answers, the ledger
 * write, the outcome's broker confirm) would leave the number idle.
 *
 * <p>With leased shares ({@link RateLeaseRenewer}), a number's bucket paces at this pod's share:
 * a waiter that finds no share asks the {@link ShareListener} for one, a 130429 is reported to it
 * (the number's shared rate is halved), and it asks {@link #wanted} whether this pod still has
 * recipients waiting for the number (else it releases the lease). {@link #shareChanged} wakes the
 * waiters when a new share arrives.
 */
@ApplicationScoped
public class SendSlotQueue {

    private final RateBucketsByNumber buckets;
    private final SendMetrics metrics;
    // A timer thread of our own: Vert.x-backed schedulers round to whole milliseconds, and at
    // 1,000 msg/s the interval itself is one millisecond. It only completes waiters; the requests
    // they then make are non-blocking.
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandesh-send-pacing");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile ShareListener shares = ShareListener.NONE;

    /** Told when a number needs a share of its rate, and when Meta said it sends too fast. */
    public interface ShareListener {
        ShareListener NONE = new ShareListener() {
            @Override
            public void wanted(String phoneNumberId) {
            }

            @Override
            public void throttled(String phoneNumberId) {
            }
        };

        /** A recipient waits for the number and this pod has no share of its rate (yet, or any more). */
        void wanted(String phoneNumberId);

        /** Meta answered 130429 and this pod halved its share: halve the number's shared rate. */
        void throttled(String phoneNumberId);
    }

    public SendSlotQueue(RateBucketsByNumber buckets, SendMetrics metrics) {
        this.buckets = buckets;
        this.metrics = metrics;
    }

    /**
     * Where the need for a share and the throttles go (one listener: the lease renewer). Recipients
     * that queued before it listened (the batch consumers may start before the renewer's startup
     * observer runs) asked nobody for a share: it is asked for their numbers now. Without this a
     * sender restarted onto a full queue claimed its first batches and never sent them.
     */
    public void listen(ShareListener listener) {
        this.shares = listener;
        long now = System.nanoTime();
        lanes.forEach((number, lane) -> {
            if (!lane.bucket.hasShare() && lane.wanted(now)) {
                listener.wanted(number);
            }
        });
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** Completes when the caller may send one message from this number (first come, first served). */
    public Uni<Void> slot(String phoneNumberId) {
        return slot(phoneNumberId, 0, () -> true);
    }

    /**
     * Completes when the caller may send one message from this number, or fails with
     * {@link NotWantedException} as soon as {@code stillWanted} turns false while it waits (a paused
     * or cancelled campaign): checked each time the number's queue moves, so the waiter leaves the
     * queue without taking a slot from the recipients behind it.
     *
     * @param batchOrder lower is served first (see the class comment); equal ones first come, first served
     */
    public Uni<Void> slot(String phoneNumberId, long batchOrder, BooleanSupplier stillWanted) {
        Lane lane = lane(phoneNumberId);
        if (lane.bucket.unlimited() && lane.bucket.tryAcquire().isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> lane.enqueue(new Waiter(emitter, batchOrder, stillWanted)));
    }

    /**
     * Meta answered 130429: halve the number's rate (once per second at most).
     *
     * @return true when the rate was lowered
     */
    public boolean throttle(String phoneNumberId) {
        boolean lowered = lane(phoneNumberId).bucket.throttle();
        if (lowered) {
            shares.throttled(phoneNumberId);
        }
        return lowered;
    }

    /**
     * True when a recipient of this pod waits for a slot of the number now, or did within
     * {@code within} (a batch between two of its sends, or the next batch being claimed).
     */
    public boolean wanted(String phoneNumberId, Duration within) {
        Lane lane = lanes.get(phoneNumberId);
        return lane != null && lane.wanted(System.nanoTime() - within.toNanos());
    }

    /** The number's share changed: waiters get slots at once if it grew. */
    public void shareChanged(String phoneNumberId) {
        Lane lane = lanes.get(phoneNumberId);
        if (lane != null) {
            lane.release();
        }
    }

    /**
     * Asks every waiter of every number again whether it is still wanted (the sender began to shut
     * down): those that are not leave at once with {@link NotWantedException}, without a slot.
     */
    public void recheckWaiters() {
        lanes.values().forEach(Lane::release);
    }

    /** Meta answered 131057: the number sends nothing for {@code duration}. */
    public void pause(String phoneNumberId, Duration duration) {
        lane(phoneNumberId).bucket.pause(duration);
    }

    /** The rate the number is paced at now: this pod's share, lower after a throttle (0 = unlimited, or no share). */
    public double currentRate(String phoneNumberId) {
        return lane(phoneNumberId).bucket.currentRate();
    }

    private Lane lane(String phoneNumberId) {
        return lanes.computeIfAbsent(phoneNumberId, id -> {
            NumberRateBucket bucket = buckets.forNumber(id);
            metrics.watchRate(id, bucket);
            return new Lane(id, bucket);
        });
    }

    /** The campaign or number stopped while the caller waited for a slot: nothing was sent. */
    public static final class NotWantedException extends RuntimeException {
        NotWantedException() {
            super("stopped while waiting for a send slot", null, false, false);
        }
    }

    /**
     * A caller waiting for a slot; one that gave up (cancelled) or is no longer wanted is skipped,
     * so it costs no slot.
     */
    private static final class Waiter {
        private static final Comparator<Waiter> ORDER =
                Comparator.<Waiter>comparingLong(w -> w.batchOrder).thenComparingLong(w -> w.arrival);

        private final UniEmitter<? super Void> emitter;
        private final long batchOrder;
        private final BooleanSupplier stillWanted;
        private long arrival; // set under the lane's lock
        private volatile boolean gone;

        Waiter(UniEmitter<? super Void> emitter, long batchOrder, BooleanSupplier stillWanted) {
            this.emitter = emitter;
            this.batchOrder = batchOrder;
            this.stillWanted = stillWanted;
            emitter.onTermination(() -> gone = true);
        }
    }

    private final class Lane {
        private final String phoneNumberId;
        private final NumberRateBucket bucket;
        private final Queue<Waiter> waiting = new PriorityQueue<>(Waiter.ORDER);
        private long arrivals;
        private boolean timerArmed;
        private long lastWantedNanos = Long.MIN_VALUE;

        Lane(String phoneNumberId, NumberRateBucket bucket) {
            this.phoneNumberId = phoneNumberId;
            this.bucket = bucket;
        }

        void enqueue(Waiter waiter) {
            synchronized (this) {
                waiter.arrival = arrivals++;
                waiting.add(waiter);
                lastWantedNanos = System.nanoTime();
            }
            if (!bucket.hasShare()) {
                shares.wanted(phoneNumberId);
            }
            release();
        }

        synchronized boolean wanted(long sinceNanos) {
            return !waiting.isEmpty() || (lastWantedNanos != Long.MIN_VALUE && lastWantedNanos - sinceNanos > 0);
        }

        /**
         * Grants every due slot to the first waiters, then arms the timer for the next one. Waiters
         * no longer wanted are dropped from the front of the queue as it reaches them.
         */
        void release() {
            List<Waiter> granted = new ArrayList<>(1);
            List<Waiter> unwanted = new ArrayList<>(0);
            synchronized (this) {
                while (!waiting.isEmpty()) {
                    Waiter first = waiting.peek();
                    if (first.gone) {
                        waiting.poll();
                        continue;
                    }
                    if (!first.stillWanted.getAsBoolean()) {
                        unwanted.add(waiting.poll());
                        continue;
                    }
                    Duration wait = bucket.tryAcquire();
                    if (!wait.isZero()) {
                        if (!timerArmed) {
                            timerArmed = true;
                            timer.schedule(this::onTimer, wait.toNanos(), TimeUnit.NANOSECONDS);
                        }
                        break;
                    }
                    granted.add(waiting.poll());
                }
            }
            // Outside the lock: completing runs the caller's request on this thread.
            unwanted.forEach(waiter -> waiter.emitter.fail(new NotWantedException()));
            granted.forEach(waiter -> waiter.emitter.complete(null));
        }

        private void onTimer() {
            synchronized (this) {
                timerArmed = false;
            }
            release();
        }
    }
}
