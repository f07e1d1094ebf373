package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * When each accepted message's statuses are due. The common path is one FIFO queue per stage
 * ({@code sent}, then {@code delivered}/{@code failed}, then {@code read}), each a fixed delay
 * after acceptance: since a stage's delay is the same for every message, its queue is ordered by
 * due time, so draining stops at the first head that is not yet due, with no timer per message
 * and no lock. Statuses with their own timing (a rule's read delay, a reordered {@code sent})
 * go to one priority queue instead. Changed delays apply to messages accepted afterwards.
 */
public final class StatusSchedule {

    private enum Step { FIRST, SECOND, READ, LATE_SENT }

    private record Pending(AcceptedMessage message, Step step, long acceptedNanos, long dueNanos, long seq) { }

    public record Delays(Duration sent, Duration delivered, Duration read, Duration reorderGap) {
        public Delays {
            if (sent.isNegative() || delivered.isNegative() || read.isNegative() || reorderGap.isNegative()) {
                throw new IllegalArgumentException("delays must not be negative");
            }
        }
    }

    private volatile Delays delays;
    private final Queue<Pending> firstStage = new ConcurrentLinkedQueue<>();
    private final Queue<Pending> secondStage = new ConcurrentLinkedQueue<>();
    private final Queue<Pending> readStage = new ConcurrentLinkedQueue<>();
    private final PriorityBlockingQueue<Pending> irregular = new PriorityBlockingQueue<>(64,
            Comparator.comparingLong((Pending p) -> p.dueNanos()).thenComparingLong(Pending::seq));
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder awaiting = new LongAdder();

    public StatusSchedule(Duration sentDelay, Duration deliveredDelay, Duration readDelay) {
        this(new Delays(sentDelay, deliveredDelay, readDelay, Duration.ofMillis(50)));
    }

    public StatusSchedule(Delays delays) {
        this.delays = delays;
    }

    public Delays delays() {
        return delays;
    }

    public void changeDelays(Delays newDelays) {
        this.delays = newDelays;
    }

    public void accepted(AcceptedMessage message, long nowNanos) {
        enqueue(firstStage, new Pending(message, Step.FIRST, nowNanos, nowNanos + delays.sent().toNanos(), 0));
    }

    private void enqueue(Queue<Pending> stage, Pending pending) {
        awaiting.increment();
        stage.add(pending);
    }

    /**
     * Statuses still to be generated: one per message awaiting its next status (two for a
     * reordered message whose late {@code sent} is pending too); 0 once every status was reported.
     */
    public long awaiting() {
        return awaiting.sum();
    }

    /**
     * Removes and returns up to {@code max} statuses due at {@code nowNanos}; a message's statuses
     * come in the order Meta generates them (sent, delivered, read), unless its fate says reordered.
     */
    public List<StatusUpdate> drainDue(long nowNanos, long epochSecond, int max) {
        List<StatusUpdate> due = new ArrayList<>(Math.min(max, 128));
        Pending p;
        while (due.size() < max && (p = pollDue(firstStage, nowNanos)) != null) {
            advance(p, nowNanos, epochSecond, due);
            awaiting.decrement(); // after advance() queued the next step, so awaiting never dips to 0 early
        }
        while (due.size() < max && (p = pollDue(secondStage, nowNanos)) != null) {
            advance(p, nowNanos, epochSecond, due);
            awaiting.decrement(); // after advance() queued the next step, so awaiting never dips to 0 early
        }
        while (due.size() < max && (p = pollDue(readStage, nowNanos)) != null) {
            advance(p, nowNanos, epochSecond, due);
            awaiting.decrement(); // after advance() queued the next step, so awaiting never dips to 0 early
        }
        while (due.size() < max && (p = pollDue(irregular, nowNanos)) != null) {
            advance(p, nowNanos, epochSecond, due);
            awaiting.decrement(); // after advance() queued the next step, so awaiting never dips to 0 early
        }
        return due;
    }

    private void advance(Pending p, long nowNanos, long epochSecond, List<StatusUpdate> due) {
        AcceptedMessage m = p.message();
        AcceptedMessage.Fate fate = m.fate();
        Delays d = delays;
        switch (p.step()) {
            case FIRST -> {
                if (fate.outcome().failsUnsent()) {
                    // 131049 / 131050 / 132015 after a hold: Meta reports failed without ever sending.
                    due.add(new StatusUpdate(m, DeliveryStatus.FAILED, epochSecond));
                    return;
                }
                if (!fate.reordered()) {
                    due.add(new StatusUpdate(m, DeliveryStatus.SENT, epochSecond));
                }
                if (fate.outcome() == RecipientOutcome.BLOCKED) {
                    // The user blocked the business: the message stays at sent (CLOUD-API-MORE §4.1).
                    lateSentIfReordered(p, nowNanos, d);
                    return;
                }
                if (fate.skipDelivered() && fate.outcome().reads()) {
                    scheduleRead(p, d);
                } else {
                    long dueAt = p.acceptedNanos() + Math.max(d.delivered().toNanos(), d.sent().toNanos());
                    enqueue(secondStage, new Pending(m, Step.SECOND, p.acceptedNanos(), dueAt, 0));
                }
            }
            case SECOND -> {
                boolean failed = fate.outcome().failsAfterSent();
                due.add(new StatusUpdate(m, failed ? DeliveryStatus.FAILED : DeliveryStatus.DELIVERED, epochSecond));
                lateSentIfReordered(p, nowNanos, d);
                if (!failed && fate.outcome().reads()) {
                    scheduleRead(p, d);
                }
            }
            case READ -> {
                due.add(new StatusUpdate(m, DeliveryStatus.READ, epochSecond));
                if (fate.skipDelivered()) {
                    lateSentIfReordered(p, nowNanos, d);
                }
            }
            case LATE_SENT -> {
                due.add(new StatusUpdate(m, DeliveryStatus.SENT, epochSecond));
            }
        }
    }

    private void scheduleRead(Pending p, Delays d) {
        AcceptedMessage m = p.message();
        long floor = Math.max(d.delivered().toNanos(), d.sent().toNanos());
        if (m.fate().readDelayNanos() >= 0) {
            long dueAt = p.acceptedNanos() + Math.max(m.fate().readDelayNanos(), floor);
            enqueue(irregular, new Pending(m, Step.READ, p.acceptedNanos(), dueAt, seq.incrementAndGet()));
        } else {
            long dueAt = p.acceptedNanos() + Math.max(d.read().toNanos(), floor);
            enqueue(readStage, new Pending(m, Step.READ, p.acceptedNanos(), dueAt, 0));
        }
    }

    private void lateSentIfReordered(Pending p, long nowNanos, Delays d) {
        if (p.message().fate().reordered()) {
            enqueue(irregular, new Pending(p.message(), Step.LATE_SENT, p.acceptedNanos(),
                    nowNanos + d.reorderGap().toNanos(), seq.incrementAndGet()));
        }
    }

    /** Forgets every pending status (the audit reset). */
    public void clear() {
        firstStage.clear();
        secondStage.clear();
        readStage.clear();
        irregular.clear();
        awaiting.reset();
    }

    private Pending pollDue(Queue<Pending> stage, long nowNanos) {
        Pending head = stage.peek();
        if (head == null || head.dueNanos() - nowNanos > 0) {
            return null;
        }
        // Single consumer (the flush timer), so the head we peeked is the one we poll.
        return stage.poll();
    }

}
