package dev.sandesh.simulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.SentMessageLog;
import dev.sandesh.simulator.domain.SentValue;
import java.util.List;
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
 * @param held        messages answered held_for_quality_assessment and not released yet (no status so far)
 */
public record AuditReport(long accepted, Map<String, Long> outcomes, SendAudit.RecipientSummary recipients,
                          Rejections rejections, RateLimited rateLimited, Faults faults, Webhooks webhooks,
                          long held) {

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

    /** {@code GET /_simulator/audit/recipients/{to}}: accepted sends, and the kept ones with their values. */
    public record RecipientAudit(String to, int accepted, List<Sent> sends) { }

    /**
     * One accepted send as {@code /_simulator/audit/sends} shows it.
     *
     * @param endpoint {@code messages} or {@code marketing_messages}
     * @param category the template's category at send time (MARKETING, UTILITY, AUTHENTICATION)
     * @param values   every parameter value it carried, in the order sent
     */
    public record Sent(String wamid, String to, String phoneNumberId, String endpoint, String template,
                       String language, String category, long epochMillis, List<Value> values) {
        static Sent of(SentMessageLog.SentMessage m) {
            return new Sent(m.wamid(), m.to(), m.phoneNumberId(), m.endpoint(), m.templateName(), m.language(),
                    m.category(), m.epochMillis(), m.values().stream().map(Value::of).toList());
        }
    }

    /** A parameter value; {@code card}, {@code index}, {@code subType}, {@code name} only where they apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(String component, Integer card, Integer index, String subType, String name, String type,
                        String value) {
        static Value of(SentValue v) {
            return new Value(v.component(), v.card(), v.index(), v.subType(), v.name(), v.type(), v.value());
        }
    }
}
