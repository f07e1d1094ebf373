package dev.sandesh.webhook.api;

import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.persistence.StoredEvent;
import dev.sandesh.webhook.persistence.StorefrontEvents;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The storefront's events by cursor, for broadcast-service's {@code GET /v1/events} (internal: not
 * on the public route): the same CloudEvents the dispatcher posts, delivered or not, in seq order,
 * so a storefront that was down catches up. Only events recorded {@code sandesh.events.list-after}
 * ago are listed, so the cursor never passes an event whose transaction has not committed yet.
 */
@Path("/internal/v1/events")
@Tag(name = "Internal", description = "For broadcast-service; not on the public route")
public class StorefrontEventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /**
     * @param events CloudEvents 1.0 objects, as posted to the storefront
     * @param next   the cursor to pass as {@code after} next time: the last event's, or {@code after} itself when there is none yet
     */
    public record EventPage(List<Map<String, Object>> events, String next) {
    }

    private final StorefrontEvents storefrontEvents;
    private final EventsConfig config;
    private final InstantSource clock;

    StorefrontEventsResource(StorefrontEvents storefrontEvents, EventsConfig config, InstantSource clock) {
        this.storefrontEvents = storefrontEvents;
        this.config = config;
        this.clock = clock;
    }

    @WithSession
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Storefront events after the cursor, in order; next is the cursor to continue from")
    public Uni<EventPage> events(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        long cursor = after == null || after.isBlank() ? 0L : parse("after", after, "a cursor: the next of an earlier page, 0 to start");
        if (cursor < 0) {
            throw invalid("after", "a cursor: the next of an earlier page, 0 to start");
        }
        long size = limit == null || limit.isBlank() ? DEFAULT_LIMIT : parse("limit", limit, "an integer from 1 to " + MAX_LIMIT);
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "an integer from 1 to " + MAX_LIMIT);
        }
        return storefrontEvents.page(cursor, clock.instant().minus(config.listAfter()), (int) size)
                .map(page -> new EventPage(page.stream().map(e -> e.envelope().toCloudEvent(config.source())).toList(),
                        Long.toString(page.isEmpty() ? cursor : page.getLast().seq())));
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
