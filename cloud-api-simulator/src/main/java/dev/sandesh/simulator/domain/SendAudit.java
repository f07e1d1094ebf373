package dev.sandesh.simulator.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ground truth of what the simulated Meta saw: every accepted send per recipient (so a test
 * can prove "no message sent twice"), rejections by error code, and what the webhook side
 * delivered. Counters are {@link LongAdder}s; per-recipient counts are a {@link RecipientCounts}
 * (compact: a million recipients in about 24 MB).
 */
public final class SendAudit {

    public record RecipientCount(String to, int count) { }

    public record RecipientSummary(long distinct, long duplicated, List<RecipientCount> duplicates,
                                   boolean duplicatesTruncated) { }

    public record WebhookCounts(long postsAttempted, long postsDelivered, long postsFailed, long postsAbandoned,
                                long statusesDelivered, long statusesAbandoned,
                                Map<String, Long> statusesDeliveredByStatus) { }

    private final LongAdder accepted = new LongAdder();
    private final RecipientCounts perRecipient = new RecipientCounts();
    private final ConcurrentHashMap<Integer, LongAdder> rejections = new ConcurrentHashMap<>();
    private final LongAdder postsAttempted = new LongAdder();
    private final LongAdder postsDelivered = new LongAdder();
    private final LongAdder postsFailed = new LongAdder();
    private final LongAdder postsAbandoned = new LongAdder();
    private final LongAdder statusesDelivered = new LongAdder();
    private final LongAdder statusesAbandoned = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> deliveredByStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> acceptedByOutcome = new ConcurrentHashMap<>();
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder duplicatePosts = new LongAdder();
    private final LongAdder inboundPosts = new LongAdder();

    /** Records an accepted send to {@code waId} (the recipient's digits, so "+91..." and "91..." are one). */
    public void accepted(String waId) {
        accepted.increment();
        perRecipient.increment(waId);
    }

    /** Records what the network will do with an accepted message ({@code read}, {@code undeliverable}...). */
    public void outcome(RecipientOutcome outcome) {
        acceptedByOutcome.computeIfAbsent(outcome.wire(), o -> new LongAdder()).increment();
    }

    /** An accepted send whose answer was withheld (the injected timeout). */
    public void unanswered() {
        unanswered.increment();
    }

    /** A status POST the simulator sent twice on purpose. */
    public void duplicatePost() {
        duplicatePosts.increment();
    }

    /** An inbound message or user_preferences notification was queued for delivery. */
    public void inboundPost() {
        inboundPosts.increment();
    }

    public Map<String, Long> acceptedByOutcome() {
        Map<String, Long> byOutcome = new TreeMap<>();
        acceptedByOutcome.forEach((o, count) -> byOutcome.put(o, count.sum()));
        return byOutcome;
    }

    public long unansweredTotal() {
        return unanswered.sum();
    }

    public long duplicatePostsTotal() {
        return duplicatePosts.sum();
    }

    public long inboundPostsTotal() {
        return inboundPosts.sum();
    }

    public long rejectionsWithCode(int code) {
        LongAdder count = rejections.get(code);
        return count == null ? 0 : count.sum();
    }

    public void rejected(int code) {
        rejections.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void webhookPostAttempted() {
        postsAttempted.increment();
    }

    /** A webhook POST answered 200; {@code statuses} lists the status of each status object in it. */
    public void webhookPostDelivered(List<String> statuses) {
        postsDelivered.increment();
        statusesDelivered.add(statuses.size());
        for (String status : statuses) {
            deliveredByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    /** One attempt failed (non-200 answer, timeout or connect error); it may be retried. */
    public void webhookPostFailed() {
        postsFailed.increment();
    }

    /** A POST was given up after its last attempt; its statuses are lost, as Meta's would be after 7 days. */
    public void webhookPostAbandoned(int statusCount) {
        postsAbandoned.increment();
        statusesAbandoned.add(statusCount);
    }

    public long acceptedTotal() {
        return accepted.sum();
    }

    public int acceptedFor(String waId) {
        return perRecipient.get(waId);
    }

    /** Distinct recipients and those sent more than once (most-sent first, at most {@code limit} listed). */
    public RecipientSummary recipients(int limit) {
        List<RecipientCount> all = new java.util.ArrayList<>();
        perRecipient.forEachAbove(1, (to, count) -> all.add(new RecipientCount(to, count)));
        all.sort(Comparator.comparingInt(RecipientCount::count).reversed().thenComparing(RecipientCount::to));
        List<RecipientCount> listed = all.size() > limit ? all.subList(0, limit) : all;
        return new RecipientSummary(perRecipient.size(), all.size(), List.copyOf(listed), all.size() > limit);
    }

    /** Rejections by error code, codes as strings in ascending order. */
    public Map<String, Long> rejectionsByCode() {
        Map<String, Long> byCode = new TreeMap<>(Comparator.comparingLong(Long::parseLong));
        rejections.forEach((code, count) -> byCode.put(String.valueOf(code), count.sum()));
        return byCode;
    }

    public long rejectionsTotal() {
        return rejections.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public WebhookCounts webhooks() {
        Map<String, Long> byStatus = new TreeMap<>();
        deliveredByStatus.forEach((status, count) -> byStatus.put(status, count.sum()));
        return new WebhookCounts(postsAttempted.sum(), postsDelivered.sum(), postsFailed.sum(), postsAbandoned.sum(),
                statusesDelivered.sum(), statusesAbandoned.sum(), byStatus);
    }

    public void reset() {
        accepted.reset();
        perRecipient.clear();
        rejections.clear();
        postsAttempted.reset();
        postsDelivered.reset();
        postsFailed.reset();
        postsAbandoned.reset();
        statusesDelivered.reset();
        statusesAbandoned.reset();
        deliveredByStatus.clear();
        acceptedByOutcome.clear();
        unanswered.reset();
        duplicatePosts.reset();
        inboundPosts.reset();
    }
}
