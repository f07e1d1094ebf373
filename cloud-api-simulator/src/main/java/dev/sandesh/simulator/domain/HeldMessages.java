package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Messages answered {@code held_for_quality_assessment} (template pacing, CLOUD-API-MORE §3.11):
 * no status until Meta decides. Released automatically {@code releaseAfter} after acceptance (a
 * FIFO, as every message waits the same time, so the timer only looks at its head), or on demand
 * per template: released ones then get sent / delivered / read, paused ones failed 132015.
 */
public final class HeldMessages {

    private record Held(AcceptedMessage message, long heldAtNanos) { }

    private final ConcurrentHashMap<String, Held> byWamid = new ConcurrentHashMap<>();
    private final Queue<Held> fifo = new ConcurrentLinkedQueue<>();
    private volatile Duration releaseAfter;

    /** @param releaseAfter automatic release delay, or null to release only on demand */
    public HeldMessages(Duration releaseAfter) {
        this.releaseAfter = releaseAfter;
    }

    public Duration releaseAfter() {
        return releaseAfter;
    }

    public void releaseAfter(Duration delay) {
        this.releaseAfter = delay;
    }

    public void hold(AcceptedMessage message, long nowNanos) {
        Held held = new Held(message, nowNanos);
        byWamid.put(message.wamid(), held);
        fifo.add(held);
    }

    public int size() {
        return byWamid.size();
    }

    /** Held messages whose automatic release is due (none when releases are on demand only). */
    public List<AcceptedMessage> releaseDue(long nowNanos) {
        Duration delay = releaseAfter;
        List<AcceptedMessage> due = new ArrayList<>();
        Held head;
        while ((head = fifo.peek()) != null) {
            if (!byWamid.containsKey(head.message().wamid())) {
                fifo.poll(); // released on demand already
                continue;
            }
            if (delay == null || nowNanos - head.heldAtNanos() < delay.toNanos()) {
                break;
            }
            fifo.poll();
            if (byWamid.remove(head.message().wamid()) != null) {
                due.add(head.message());
            }
        }
        return due;
    }

    /** Takes every held message of a template translation out (Meta's verdict on it). */
    public List<AcceptedMessage> takeAll(String templateName, String language) {
        List<AcceptedMessage> taken = new ArrayList<>();
        byWamid.values().removeIf(h -> {
            boolean match = templateName.equals(h.message().templateName())
                    && language.equals(h.message().language());
            if (match) {
                taken.add(h.message());
            }
            return match;
        });
        return taken;
    }

    public void clear() {
        byWamid.clear();
        fifo.clear();
    }
}
