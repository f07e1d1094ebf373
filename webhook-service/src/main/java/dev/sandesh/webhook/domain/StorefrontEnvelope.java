package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored storefront event as a CloudEvents 1.0 structured-mode object ({@code specversion},
 * {@code id}, {@code source}, {@code type}, {@code subject}, {@code time}, {@code datacontenttype},
 * {@code data}), plus the extension {@code sequence}: the event's cursor in {@code GET /v1/events}.
 * The same id on every attempt, so a receiver deduplicates retries on it.
 *
 * @param seq  the cursor
 * @param data the event's data as stored (a JSON object's members)
 */
public record StorefrontEnvelope(long seq, UUID id, String type, String subject, Instant time, Map<String, Object> data) {

    public static final String SPEC_VERSION = "1.0";
    /** One event: {@code Content-Type} of a structured-mode request (CloudEvents HTTP binding §3.2). */
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** Several events in one JSON array (CloudEvents HTTP binding §3.3). */
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

    public StorefrontEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        data = data == null ? Map.of() : data;
    }

    /** The CloudEvent's members in a fixed order; {@code source} is the producer's URI reference ({@code sandesh.events.source}). */
    public Map<String, Object> toCloudEvent(String source) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", SPEC_VERSION);
        event.put("id", id.toString());
        event.put("source", source);
        event.put("type", type);
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("time", time.toString());
        event.put("datacontenttype", "application/json");
        // an extension attribute: lower-case alphanumerics only (CloudEvents §3.1.1)
        event.put("sequence", Long.toString(seq));
        event.put("data", data);
        return event;
    }
}
