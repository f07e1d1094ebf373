package dev.sandesh.sender.messaging;

import dev.sandesh.sender.pacing.SendSlotQueue;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The graceful shutdown of the send path (SIGTERM: a deploy, Knative scaling in). Once it has
 * {@linkplain #start started}:
 *
 * <ul>
 *   <li>no new batch is taken: the AMQP consumer holds any delivery that arrives (unacked, it goes
 *       back to the queue when the connection closes) and the CloudEvents adapter answers 503;</li>
 *   <li>every recipient whose request has not left — not yet taken up, waiting for its rate slot or
 *       for its attempt-started mark, or waiting between two tries — stops waiting and is DEFERRED
 *       with {@code -7} ({@code LocalError.SHUTTING_DOWN}), so its claim is released;</li>
 *   <li>requests in flight finish (each bounded by {@code sandesh.cloud-api.timeout}) and are
 *       recorded with the released claims; the batch is then handed back to the broker (AMQP: nack
 *       with requeue; CloudEvents: 503) and no outcome is published for it: its redelivery reports
 *       every recipient, the ones recorded here as recorded and the released ones once sent.</li>
 * </ul>
 *
 * It starts at Quarkus' pre-shutdown ({@link ShutdownDelayInitiatedEvent}, with
 * {@code quarkus.shutdown.delay-enabled}), before the HTTP server waits for its requests in flight,
 * so a batch being sent over HTTP is drained rather than sent to its end; and at the latest at
 * {@link ShutdownEvent}, which waits for the batches in hand to be recorded, up to
 * {@code quarkus.shutdown.timeout}, before the broker connections and the database pool close.
 */
@ApplicationScoped
public class SenderDrain {

    private static final Logger LOG = Logger.getLogger(SenderDrain.class);

    private final SendSlotQueue slots;
    private final Duration timeout;
    private final Set<UniEmitter<? super Void>> sleepers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean started;
    private int inHand; // under lock

    public SenderDrain(SendSlotQueue slots, @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.slots = slots;
        this.timeout = timeout.orElse(Duration.ofSeconds(30));
    }

    /** True once the shutdown began: nothing more is sent that has not left already. */
    public boolean started() {
        return started;
    }

    /** Begins the drain (idempotent): waiting recipients stop waiting. */
    public void start(String why) {
        if (started) {
            return;
        }
        started = true;
        int batches;
        synchronized (lock) {
            batches = inHand;
        }
        LOG.infof("shutting down (%s): taking no more batches; %d batches in hand finish the requests in flight, "
                + "release the rest and go back to the queue", why, batches);
        slots.recheckWaiters();
        sleepers.forEach(sleeper -> sleeper.complete(null));
    }

    /** A batch taken up; {@link Work#done} when it was settled (recorded and acked, or handed back). */
    public Work takeUp() {
        synchronized (lock) {
            inHand++;
        }
        return new Work();
    }

    /** One batch in hand. */
    public final class Work {
        private final AtomicBoolean done = new AtomicBoolean();

        private Work() {
        }

        /** Idempotent. */
        public void done() {
            if (done.compareAndSet(false, true)) {
                synchronized (lock) {
                    inHand--;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Batches taken up and not yet settled. */
    public int inHand() {
        synchronized (lock) {
            return inHand;
        }
    }

    /** Waits {@code wait}, or less: completes as soon as the drain starts (a recipient between two tries stops waiting). */
    public Uni<Void> sleep(Duration wait) {
        if (started || wait.isZero() || wait.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> woken = Uni.createFrom().emitter(emitter -> {
            sleepers.add(emitter);
            emitter.onTermination(() -> sleepers.remove(emitter));
            if (started) {
                emitter.complete(null);
            }
        });
        return Uni.combine().any().of(Uni.createFrom().voidItem().onItem().delayIt().by(wait), woken).replaceWithVoid();
    }

    /** Pre-shutdown: before the HTTP server stops taking requests and waits for those in flight. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        start("pre-shutdown");
    }

    /**
     * Shutdown: before the broker connections and the database pool close, wait (this is the
     * shutdown thread) for the batches in hand, up to {@code quarkus.shutdown.timeout}.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        start("shutdown");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inHand > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("shutting down with %d batches not settled after %s: their recipients in flight are left "
                            + "CLAIMED with their attempt started, reported UNKNOWN by the redelivery; the others are sent by it",
                            inHand, timeout);
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.info("shutting down: every batch in hand is recorded and settled");
    }
}
