package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.SendAudit;
import java.util.Map;

/**
 * {@code GET /_simulator/audit}: what the simulated Meta accepted, rejected and reported back.
 *
 * @param accepted    accepted sends in total (unanswered ones included: Meta did send them)
 * @param outcomes    accepted sends by what the network does with them ({@code read}, {@code undeliverable}...)
 * @param recipients  distinct recipients and those sent more than once
 * @param rejections  rejected sends, in total and by Graph error code
 * @param rateLimited rejections by the throughput (130429) and pair (131056) limits
 * @param faults      injected faults: 500s, 503s and accepted-but-unanswered sends
 * @param webhooks    status webhook POSTs and statuses
 */
public record AuditReport(long accepted, Map<String, Long> outcomes, SendAudit.RecipientSummary recipients,
                          Rejections rejections, RateLimited rateLimited, Faults faults, Webhooks webhooks) {

    public record Rejections(long total, Map<String, Long> byCode) { }

    public record RateLimited(long throughput, long pair) { }

    public record Faults(long serverErrors, long unavailable, long unanswered) { }

    /**
     * @param statusesAwaiting statuses still to be generated (0 once every accepted message was reported)
     * @param duplicatePosts   status POSTs sent twice on purpose ({@code webhook.duplicate-share})
     * @param inboundPosts     inbound message / user_preferences notifications queued
     */
    public record Webhooks(long postsAttempted, long postsDelivered, long postsFailed, long postsAbandoned,
                           long statusesDelivered, long statusesAbandoned, Map<String, Long> statusesDeliveredByStatus,
                           long statusesAwaiting, long duplicatePosts, long inboundPosts) { }

    /** {@code GET /_simulator/audit/recipients/{to}}. */
    public record RecipientAudit(String to, int accepted) { }
}
