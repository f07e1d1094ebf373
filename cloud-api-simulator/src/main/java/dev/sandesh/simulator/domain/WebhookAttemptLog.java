package dev.sandesh.simulator.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@code capacity} webhook POST attempts, newest last: what was posted, which attempt it
 * was, how it ended and when the next attempt is due. Bounded, so a long run keeps constant memory.
 */
public final class WebhookAttemptLog {

    /**
     * @param kind        {@code statuses}, {@code messages} (inbound) or {@code user_preferences}
     * @param items       statuses / messages / preferences in the POST
     * @param attempt     1 for the first attempt
     * @param result      {@code 200}, {@code HTTP 500}, or the connect/timeout error
     * @param retryInMillis delay before the next attempt, -1 when none follows (delivered or abandoned)
     */
    public record Attempt(long seq, long epochMillis, long postId, String kind, int items, int attempt, String result,
                          long tookMillis, long retryInMillis) { }

    private final Deque<Attempt> attempts = new ArrayDeque<>();
    private final int capacity;
    private long seq;

    public WebhookAttemptLog(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    public synchronized void record(long epochMillis, long postId, String kind, int items, int attempt, String result,
                                    long tookMillis, long retryInMillis) {
        if (attempts.size() == capacity) {
            attempts.removeFirst();
        }
        attempts.addLast(new Attempt(++seq, epochMillis, postId, kind, items, attempt, result, tookMillis,
                retryInMillis));
    }

    /** The newest {@code limit} attempts, oldest first. */
    public synchronized List<Attempt> last(int limit) {
        List<Attempt> all = new ArrayList<>(attempts);
        return all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size());
    }

    public synchronized void clear() {
        attempts.clear();
    }
}
