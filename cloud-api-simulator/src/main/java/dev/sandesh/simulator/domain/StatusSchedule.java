package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * When each accepted message's statuses are due: {@code sent}, then {@code delivered} (or
 * {@code failed} for an undeliverable recipient), then {@code read}, each a fixed delay after
 * acceptance. One FIFO queue per stage: since a stage's delay is the same for every message, each
 * queue is ordered by due time, so draining stops at the first head that is not yet due, with no
 * timer per message and no lock.
 */
public final class StatusSchedule {

    private record Pending(AcceptedMessage message, long acceptedNanos, long dueNanos) { }

    private final long sentDelayNanos;
    private final long deliveredDelayNanos;
    private final long readDelayNanos;
    private final Queue<Pending> sentStage = new ConcurrentLinkedQueue<>();
    private final Queue<Pending> deliveredStage = new ConcurrentLinkedQueue<>();
    private final Queue<Pending> readStage = new ConcurrentLinkedQueue<>();
    private final LongAdder awaiting = new LongAdder();

    public StatusSchedule(Duration sentDelay, Duration deliveredDelay, Duration readDelay) {
        this.sentDelayNanos = sentDelay.toNanos();
        this.deliveredDelayNanos = Math.max(deliveredDelay.toNanos(), sentDelayNanos);
        this.readDelayNanos = Math.max(readDelay.toNanos(), deliveredDelayNanos);
    }

    public void accepted(AcceptedMessage message, long nowNanos) {
        awaiting.increment();
        sentStage.add(new Pending(message, nowNanos, nowNanos + sentDelayNanos));
    }

    /** Messages that still have at least one status to report. */
    public long awaiting() {
        return awaiting.sum();
    }

    /**
     * Removes and returns up to {@code max} statuses due at {@code nowNanos}, in the order Meta
     * would report them (a message's sent before its delivered before its read).
     */
    public List<StatusUpdate> drainDue(long nowNanos, long epochSecond, int max) {
        List<StatusUpdate> due = new ArrayList<>(Math.min(max, 128));
        Pending p;
        while (due.size() < max && (p = pollDue(sentStage, nowNanos)) != null) {
            due.add(new StatusUpdate(p.message(), DeliveryStatus.SENT, epochSecond));
            deliveredStage.add(new Pending(p.message(), p.acceptedNanos(), p.acceptedNanos() + deliveredDelayNanos));
        }
        while (due.size() < max && (p = pollDue(deliveredStage, nowNanos)) != null) {
            if (p.message().undeliverable()) {
                due.add(new StatusUpdate(p.message(), DeliveryStatus.FAILED, epochSecond));
                awaiting.decrement();
            } else {
                due.add(new StatusUpdate(p.message(), DeliveryStatus.DELIVERED, epochSecond));
                readStage.add(new Pending(p.message(), p.acceptedNanos(), p.acceptedNanos() + readDelayNanos));
            }
        }
        while (due.size() < max && (p = pollDue(readStage, nowNanos)) != null) {
            due.add(new StatusUpdate(p.message(), DeliveryStatus.READ, epochSecond));
            awaiting.decrement();
        }
        return due;
    }

    /** Forgets every pending status (the audit reset). */
    public void clear() {
        sentStage.clear();
        deliveredStage.clear();
        readStage.clear();
        awaiting.reset();
    }

    private static Pending pollDue(Queue<Pending> stage, long nowNanos) {
        Pending head = stage.peek();
        if (head == null || head.dueNanos() - nowNanos > 0) {
            return null;
        }
        // Single consumer (the flush timer), so the head we peeked is the one we poll.
        return stage.poll();
    }
}
