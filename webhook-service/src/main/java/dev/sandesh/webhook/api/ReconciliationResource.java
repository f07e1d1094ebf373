package dev.sandesh.webhook.api;

import dev.sandesh.webhook.client.PricingAnalyticsClient;
import dev.sandesh.webhook.persistence.ReconciliationStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reconciliation of Sandesh's cost with Meta's {@code pricing_analytics} (CLOUD-API-MORE §6.5), per
 * UTC day: {@code POST} fetches Meta's figures for the day, stores them and answers the drift
 * ({@code cost_drift}); {@code GET} answers the drift last recorded. The daily job
 * ({@link ReconciliationTimer}) does the POST for yesterday and today.
 */
@Path("/internal/v1/reconciliation")
@Tag(name = "Internal", description = "For operators and the daily job; not on the public route")
public class ReconciliationResource {

    private final PricingAnalyticsClient meta;
    private final ReconciliationStore store;

    ReconciliationResource(PricingAnalyticsClient meta, ReconciliationStore store) {
        this.meta = meta;
        this.store = store;
    }

    public record Reconciliation(LocalDate day, List<ReconciliationStore.Drift> drift) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch Meta's pricing_analytics for the day (default today, UTC) and record the drift")
    public Uni<Reconciliation> reconcile(@QueryParam("day") String day) {
        LocalDate d = day(day);
        return reconcile(meta, store, d);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The drift recorded for the day (default today, UTC)")
    public Uni<Reconciliation> drift(@QueryParam("day") String day) {
        LocalDate d = day(day);
        return store.drift(d).map(rows -> new Reconciliation(d, rows));
    }

    static Uni<Reconciliation> reconcile(PricingAnalyticsClient meta, ReconciliationStore store, LocalDate day) {
        return meta.day(day).chain(answer -> switch (answer) {
            case PricingAnalyticsClient.Points points -> store.store(day, points.points())
                    .chain(() -> store.drift(day)).map(rows -> new Reconciliation(day, rows));
            case PricingAnalyticsClient.Unavailable unavailable -> Uni.createFrom().failure(new ProblemException(Problem.of(
                    meta.configured() ? 503 : 409, meta.configured() ? "Service Unavailable" : "Conflict",
                    "Meta's pricing_analytics: " + unavailable.reason())));
        });
    }

    private static LocalDate day(String day) {
        if (day == null || day.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.of(400, "Bad Request", "day must be an ISO date (2026-11-25)"));
        }
    }
}
