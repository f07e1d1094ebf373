package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.StorefrontEventPage;
import dev.sandesh.broadcast.client.StorefrontEventsGateway;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * {@code GET /v1/events?after=<cursor>&limit=}: the events Sandesh posts to {@code sandesh.events.url}
 * (CloudEvents 1.0, the same ids), in order, so a storefront that was down catches up — and one
 * without a receiver can poll. Kept by webhook-service; 503 problem+json when it does not answer.
 */
@Path("/v1/events")
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String CURSOR = "a cursor: the next of an earlier page, 0 (or nothing) to start";

    private final StorefrontEventsGateway gateway;

    public EventsResource(StorefrontEventsGateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Operation(summary = "Storefront events after the cursor, oldest first",
            description = "Pass the answer's next as after to continue; an empty page keeps the same next. Deduplicate on id.")
    public Uni<StorefrontEventPage> events(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        long cursor = number("after", after, 0, CURSOR);
        if (cursor < 0) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("after", CURSOR)));
        }
        long size = number("limit", limit, DEFAULT_LIMIT, "an integer from 1 to " + MAX_LIMIT);
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "an integer from 1 to " + MAX_LIMIT)));
        }
        return gateway.events(cursor, (int) size).map(reading -> switch (reading) {
            case StorefrontEventsGateway.EventPages.Page(StorefrontEventPage page) -> page;
            case StorefrontEventsGateway.EventPages.Unavailable unavailable -> throw new ProblemException(503, "Events unavailable",
                    "webhook-service, which keeps the storefront events, did not answer; try again shortly", null);
        });
    }

    private static long number(String field, String value, long absent, String reason) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError(field, reason)));
        }
    }
}
