package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.SendAudit;
import java.util.Map;

/**
 * {@code GET /_simulator/audit}: what the simulated Meta accepted, rejected and reported back.
 *
 * @param accepted   accepted sends in total
 * @param recipients distinct recipients and those sent more than once
 * @param rejections rejected sends, in total and by Graph error code
 * @param webhooks   status webhook POSTs and statuses
 */
public record AuditReport(long accepted, SendAudit.RecipientSummary recipients, Rejections rejections,
                          Webhooks webhooks) {

    public record Rejections(long total, Map<String, Long> byCode) { }

    /**
     * @param statusesAwaiting accepted messages that still have statuses to report
     */
    public record Webhooks(long postsAttempted, long postsDelivered, long postsFailed, long postsAbandoned,
                           long statusesDelivered, long statusesAbandoned, Map<String, Long> statusesDeliveredByStatus,
                           long statusesAwaiting) { }

    /** {@code GET /_simulator/audit/recipients/{to}}. */
    public record RecipientAudit(String to, int accepted) { }
}
