package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last accepted sends with what each carried (template, language, endpoint, parameter
 * values), so a test can check that every recipient got its own values. A fixed ring: recording
 * is one atomic increment and one array store, memory is bounded by its capacity, and lookups
 * (test-time only) scan it.
 */
public final class SentMessageLog {

    /**
     * @param to        the recipient's wa_id (digits)
     * @param endpoint  {@code messages} or {@code marketing_messages}
     * @param category  the template's category at send time
     */
    public record SentMessage(long seq, String wamid, String to, String phoneNumberId, String endpoint,
                              String templateName, String language, String category, long epochMillis,
                              List<SentValue> values) { }

    private final AtomicReferenceArray<SentMessage> ring;
    private final AtomicLong seq = new AtomicLong();

    public SentMessageLog(int capacity) {
        this.ring = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    public int capacity() {
        return ring.length();
    }

    public void record(String wamid, String to, String phoneNumberId, SendEndpoint endpoint, MessageTemplate template,
                       long epochMillis, List<SentValue> values) {
        long n = seq.incrementAndGet();
        ring.set((int) (n % ring.length()), new SentMessage(n, wamid, to, phoneNumberId, endpoint.path(),
                template.name(), template.language(), template.category().name(), epochMillis, values));
    }

    /** The send of a wamid, if still kept. */
    public java.util.Optional<SentMessage> find(String wamid) {
        for (int i = 0; i < ring.length(); i++) {
            SentMessage m = ring.get(i);
            if (m != null && m.wamid().equals(wamid)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Kept sends matching the filters (null = any), oldest first, at most {@code limit} (the newest).
     */
    public List<SentMessage> find(String to, String templateName, int limit) {
        List<SentMessage> found = new ArrayList<>();
        for (int i = 0; i < ring.length(); i++) {
            SentMessage m = ring.get(i);
            if (m != null && (to == null || m.to().equals(to))
                    && (templateName == null || m.templateName().equals(templateName))) {
                found.add(m);
            }
        }
        found.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return found.size() > limit ? List.copyOf(found.subList(found.size() - limit, found.size())) : found;
    }

    public void clear() {
        for (int i = 0; i < ring.length(); i++) {
            ring.set(i, null);
        }
    }
}
