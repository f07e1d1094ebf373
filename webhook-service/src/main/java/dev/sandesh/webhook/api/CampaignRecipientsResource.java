package dev.sandesh.webhook.api;

import dev.sandesh.webhook.persistence.CampaignRecipient;
import dev.sandesh.webhook.persistence.CampaignRecipientsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A campaign's recipients with an outcome, for broadcast-service's per-recipient outcomes and its
 * retry of failed ones (internal: not on the public route). Keyset paging on the recipient sequence.
 */
@Path("/internal/v1/campaigns/{id}/recipients")
@Tag(name = "Internal", description = "For broadcast-service; not on the public route")
public class CampaignRecipientsResource {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 10_000;
    static final Set<String> STATES = Set.of("ACCEPTED", "SENT", "DELIVERED", "READ", "FAILED", "UNKNOWN", "HALTED");

    /**
     * A page of recipients.
     *
     * @param next the last sequence of this page when it is full (pass it as {@code after} for the next one), null at the end
     */
    public record RecipientPage(List<CampaignRecipient> recipients, Long next) {
    }

    private final CampaignRecipientsRepository recipients;

    CampaignRecipientsResource(CampaignRecipientsRepository recipients) {
        this.recipients = recipients;
    }

    @WithSession
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recipients with an outcome and a sequence above after, ascending, in their current state; "
            + "optionally only one state (ACCEPTED, SENT, DELIVERED, READ, FAILED, UNKNOWN, HALTED) and/or one error code")
    public Uni<RecipientPage> recipients(@PathParam("id") UUID campaignId, @QueryParam("after") String after,
                                         @QueryParam("limit") String limit, @QueryParam("state") String state,
                                         @QueryParam("errorCode") String errorCode) {
        long afterSequence = after == null || after.isBlank() ? -1L : parse("after", after, "an integer: the last sequence already seen, -1 to start");
        long size = limit == null || limit.isBlank() ? DEFAULT_LIMIT : parse("limit", limit, "an integer from 1 to " + MAX_LIMIT);
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "an integer from 1 to " + MAX_LIMIT);
        }
        String wantedState = null;
        if (state != null && !state.isBlank()) {
            wantedState = state.trim().toUpperCase(Locale.ROOT);
            if (!STATES.contains(wantedState)) {
                throw invalid("state", "one of ACCEPTED, SENT, DELIVERED, READ, FAILED, UNKNOWN, HALTED");
            }
        }
        Integer wantedCode = null;
        if (errorCode != null && !errorCode.isBlank()) {
            long code = parse("errorCode", errorCode, "an integer error code");
            if (code < Integer.MIN_VALUE || code > Integer.MAX_VALUE) {
                throw invalid("errorCode", "an integer error code");
            }
            wantedCode = (int) code;
        }
        int pageSize = (int) size;
        return recipients.page(campaignId, afterSequence, pageSize, wantedState, wantedCode)
                .map(page -> new RecipientPage(page, page.size() == pageSize ? page.getLast().sequence() : null));
    }

    private static long parse(String name, String value, String reason) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, reason);
        }
    }

    private static ProblemException invalid(String name, String reason) {
        return new ProblemException(new Problem("about:blank", "Bad Request", 400, name + " is invalid",
                List.of(new Problem.FieldError(name, reason))));
    }
}
