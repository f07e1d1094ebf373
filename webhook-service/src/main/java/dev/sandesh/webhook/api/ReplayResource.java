package dev.sandesh.webhook.api;

import dev.sandesh.webhook.persistence.IngestBatcher;
import dev.sandesh.webhook.persistence.RawEvent;
import dev.sandesh.webhook.persistence.RawEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-processes archived webhooks received in [{@code from}, {@code to}) through the same parser and
 * writer as live ones: after a parser fix, or to rebuild {@code message_status}. Idempotent by
 * construction: the lattice merge of facts already known changes nothing, and opt-outs already in
 * the outbox are not recorded again. Archived bodies were verified when they arrived, so the
 * signature is not checked again (the app secret may have been rotated since).
 */
@Path("/internal/v1/replay")
@Tag(name = "Internal", description = "For operators; not on the public route")
public class ReplayResource {

    private static final Logger LOG = Logger.getLogger(ReplayResource.class);
    private static final int PAGE = 200;

    /** What a replay did: archived events read, statuses and opt-outs re-applied, bodies still unreadable. */
    public record ReplayReport(Instant from, Instant to, long events, long statuses, long optOuts, long unreadable) {
        ReplayReport plus(long e, long s, long o, long u) {
            return new ReplayReport(from, to, events + e, statuses + s, optOuts + o, unreadable + u);
        }
    }

    private final RawEventRepository rawEvents;
    private final WebhookPayloadParser parser;
    private final IngestBatcher batcher;
    private final InstantSource clock;

    ReplayResource(RawEventRepository rawEvents, WebhookPayloadParser parser, IngestBatcher batcher, InstantSource clock) {
        this.rawEvents = rawEvents;
        this.parser = parser;
        this.batcher = batcher;
        this.clock = clock;
    }

    @WithSession
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-process archived webhooks received in [from, to) (ISO-8601 instants; to defaults to now)")
    public Uni<ReplayReport> replay(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant start = instant("from", from);
        Instant end = to == null ? clock.instant() : instant("to", to);
        if (!start.isBefore(end)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "from must be before to"));
        }
        LOG.infof("replaying webhooks received in [%s, %s)", start, end);
        return replayFrom(new ReplayReport(start, end, 0, 0, 0, 0), start, -1L)
                .invoke(report -> LOG.infof("replay done: %s", report));
    }

    private Uni<ReplayReport> replayFrom(ReplayReport soFar, Instant afterAt, long afterId) {
        // keyset paging: (afterAt, afterId) is exclusive; ids are positive, so (from, -1) starts at the beginning
        return rawEvents.page(soFar.from(), soFar.to(), afterAt, afterId, PAGE).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(soFar);
            }
            long statuses = 0;
            long optOuts = 0;
            long unreadable = 0;
            List<Uni<Void>> writes = new ArrayList<>();
            for (RawEvent.Stored event : page) {
                try {
                    WebhookPayloadParser.ParsedWebhook parsed = parser.parse(event.body(), event.receivedAt());
                    statuses += parsed.statuses().size();
                    optOuts += parsed.optOuts().size();
                    writes.add(batcher.submit(parsed.ingest(null)));
                } catch (WebhookPayloadParser.UnreadableWebhookException e) {
                    unreadable++;
                }
            }
            RawEvent.Stored last = page.getLast();
            ReplayReport next = soFar.plus(page.size(), statuses, optOuts, unreadable);
            Uni<Void> all = writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andFailFast().replaceWithVoid();
            return all.chain(() -> page.size() < PAGE ? Uni.createFrom().item(next) : replayFrom(next, last.receivedAt(), last.id()));
        });
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(new Problem("about:blank", "Bad Request", 400, name + " is required",
                    List.of(new Problem.FieldError(name, "required, an ISO-8601 instant such as 2026-09-01T00:00:00Z"))));
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeException e) {
            throw new ProblemException(new Problem("about:blank", "Bad Request", 400, name + " is not an instant",
                    List.of(new Problem.FieldError(name, "an ISO-8601 instant such as 2026-09-01T00:00:00Z"))));
        }
    }
}
