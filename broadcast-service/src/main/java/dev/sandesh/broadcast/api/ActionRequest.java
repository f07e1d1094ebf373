package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.MessagingLimit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The optional body of campaign actions (start, schedule, pause, resume, cancel, retry-failed). */
public record ActionRequest(
        @Schema(description = "schedule: when to start", examples = "2025-10-21T03:30:00Z") Instant startAt,
        @Schema(description = "start, schedule, retry-failed: refuse (default) or spread over 24 h windows", enumeration = {"refuse", "spread"})
        String overLimit,
        @Schema(description = "pause, resume, cancel: why, shown to operators and the sender's logs") String reason,
        @Schema(description = "retry-failed: also re-send recipients whose send is UNKNOWN (they may have arrived: risk of a double send)")
        Boolean includeUnknown) {

    /** Reads the optional JSON body of an action: none (or blank) is an empty action. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Reader {

        private final com.fasterxml.jackson.databind.ObjectMapper json;

        public Reader(com.fasterxml.jackson.databind.ObjectMapper json) {
            this.json = json;
        }

        ActionRequest read(String body) {
            if (body == null || body.isBlank()) {
                return orEmpty(null);
            }
            try {
                return orEmpty(json.readValue(body, ActionRequest.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ProblemException(400, "Invalid request", "the body is not valid JSON for this action: " + e.getOriginalMessage(), null);
            }
        }
    }

    static ActionRequest orEmpty(ActionRequest body) {
        ActionRequest action = body == null ? new ActionRequest(null, null, null, null) : body;
        if (action.overLimit != null && CreateCampaignRequest.parseOverLimit(action.overLimit).isEmpty()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("overLimit", "must be refuse or spread")));
        }
        if (action.reason != null && action.reason.length() > 500) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("reason", "must be at most 500 characters")));
        }
        return action;
    }

    /** null when not given (the campaign's own setting applies). */
    MessagingLimit.OverLimit overLimitMode() {
        return CreateCampaignRequest.parseOverLimit(overLimit).orElse(null);
    }

    boolean unknownIncluded() {
        return Boolean.TRUE.equals(includeUnknown);
    }
}
