package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One fact for the storefront, before it is stored (persistence.StorefrontEvents assigns the
 * CloudEvent id and the cursor). {@code dedupKey} names the fact itself, so recording it again —
 * Meta retrying a webhook, a replay, a redelivered message — makes no second event.
 *
 * @param type       the CloudEvent type
 * @param dedupKey   the fact, unique across every event ({@code message.failed:<wamid>}, {@code campaign:<history id>} …)
 * @param campaignId the CloudEvent {@code subject}; null for a fact about no campaign (an opt-out)
 * @param data       the CloudEvent {@code data}: JSON values only (strings, numbers, booleans, nested maps); nulls dropped
 * @param occurredAt when it happened (Meta's timestamp for a status), the CloudEvent {@code time}
 */
public record StorefrontEvent(StorefrontEventType type, String dedupKey, UUID campaignId, Map<String, Object> data,
                              Instant occurredAt) {

    public StorefrontEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = withoutNulls(data);
    }

    /**
     * A message's send failed before it got a wamid (Meta refused the request): the outcome's
     * error. Keyed by campaign, recipient and code, so a redelivered outcome is one event and a
     * retry that fails differently is another.
     */
    public static StorefrontEvent sendFailed(UUID campaignId, long sequence, String externalId, Integer errorCode,
                                             String errorTitle, Instant at) {
        return new StorefrontEvent(StorefrontEventType.MESSAGE_FAILED,
                "send.failed:" + campaignId + ":" + sequence + ":" + errorCode, campaignId,
                message(campaignId, sequence, externalId, null, "failed", errorCode, errorTitle), at);
    }

    /**
     * A reply tied to a campaign's message ({@code context.id} = {@code wamid}): {@code text} for a
     * text reply, {@code payload} for a button. Keyed by the reply's own wamid.
     */
    public static StorefrontEvent replied(UUID campaignId, long sequence, String externalId, String wamid, String replyWamid,
                                          String text, String payload, Instant at) {
        Map<String, Object> data = message(campaignId, sequence, externalId, wamid, null, null, null);
        data.put("replyWamid", replyWamid);
        data.put("text", text);
        data.put("payload", payload);
        return new StorefrontEvent(StorefrontEventType.MESSAGE_REPLIED, "message.replied:" + replyWamid, campaignId, data, at);
    }

    /**
     * A person opted out or back in ({@code action} OPT_OUT / OPT_IN), named by phone and/or BSUID;
     * {@code campaignId} when a campaign's message caused it (131050, a reply), else null.
     */
    public static StorefrontEvent optOut(String dedupKey, UUID campaignId, String phone, String userId, String action,
                                         String scope, String source, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", campaignId == null ? null : campaignId.toString());
        data.put("phone", phone);
        data.put("userId", userId);
        data.put("action", action);
        data.put("scope", scope);
        data.put("source", source);
        return new StorefrontEvent(StorefrontEventType.OPTOUT, "optout:" + dedupKey, campaignId, data, at);
    }

    /** A campaign transition relayed by broadcast-service (contracts CampaignTransition), keyed by its history row. */
    public static StorefrontEvent campaign(StorefrontEventType type, long historyId, UUID campaignId, String reason, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", campaignId.toString());
        data.put("reason", reason);
        return new StorefrontEvent(type, "campaign:" + historyId, campaignId, data, at);
    }

    /** The fields of a message-level event's data, in the order they are documented. */
    public static Map<String, Object> message(UUID campaignId, long sequence, String externalId, String wamid, String status,
                                              Integer errorCode, String errorTitle) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", campaignId.toString());
        data.put("sequence", sequence);
        data.put("externalId", externalId);
        data.put("wamid", wamid);
        data.put("status", status);
        data.put("errorCode", errorCode);
        data.put("errorTitle", errorTitle);
        return data;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }
}
