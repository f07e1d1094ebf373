package dev.sandesh.simulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sandesh.simulator.domain.CloudApiError;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Graph's error envelope: {@code {"error":{"message","type","code","error_subcode","error_data":
 * {"messaging_product","details"},"fbtrace_id"}}}. Registered for reflection because it travels
 * inside a {@code Response}, which Quarkus cannot see through at build time.
 */
@RegisterForReflection
public record GraphErrorBody(GraphError error) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GraphError(String message, String type, int code,
                             @JsonProperty("error_subcode") Integer errorSubcode,
                             @JsonProperty("error_data") ErrorData errorData,
                             @JsonProperty("fbtrace_id") String fbtraceId) { }

    @RegisterForReflection
    public record ErrorData(@JsonProperty("messaging_product") String messagingProduct, String details) { }

    private static final char[] TRACE_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    public static GraphErrorBody of(CloudApiError error) {
        ErrorData data = error.details() == null ? null : new ErrorData("whatsapp", error.details());
        return new GraphErrorBody(new GraphError(error.message(), error.type(), error.code(), error.subcode(), data,
                fbtraceId()));
    }

    /** A fresh id shaped like Meta's (23 base64url characters); it only helps correlate logs. */
    private static String fbtraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[23];
        for (int i = 0; i < id.length; i++) {
            id[i] = TRACE_ALPHABET[random.nextInt(TRACE_ALPHABET.length)];
        }
        return new String(id);
    }
}
