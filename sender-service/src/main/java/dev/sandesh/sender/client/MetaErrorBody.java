package dev.sandesh.sender.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Meta's error envelope: {@code {"error":{"message","type","code","error_subcode","error_data":{"details"}}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetaErrorBody(Error error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(
            String message,
            String type,
            Integer code,
            @JsonProperty("error_subcode") Integer errorSubcode,
            @JsonProperty("error_data") ErrorData errorData,
            @JsonProperty("fbtrace_id") String fbtraceId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorData(String details) {}
}
