package dev.sandesh.webhook.api;

import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.webhook.persistence.CampaignStatsRepository;
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

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Per-campaign numbers for broadcast-service (internal: not on the public route). */
@Path("/internal/v1/campaigns/{id}/stats")
@Tag(name = "Internal", description = "For broadcast-service; not on the public route")
public class CampaignStatsResource {

    private final CampaignStatsRepository stats;

    CampaignStatsResource(CampaignStatsRepository stats) {
        this.stats = stats;
    }

    /**
     * Every recipient with an outcome or a status, counted once in its current state; zeros for an
     * unknown campaign. {@code quietBefore} (ISO instant): also count, as {@code quietAccepted},
     * {@code quietSent}, {@code quietUnknown}, the recipients with no news since then (broadcast's
     * settle cutoff). {@code haltedSince} (ISO instant, the campaign's last resume): HALTED sends
     * recorded before it were released for sending again and are not counted.
     */
    @WithSession
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A campaign's recipients by current state, failures by code, first and last event, quiet recipients")
    public Uni<CampaignStats> stats(@PathParam("id") UUID campaignId, @QueryParam("quietBefore") String quietBefore,
                                    @QueryParam("haltedSince") String haltedSince) {
        return stats.stats(campaignId, instant("quietBefore", quietBefore), instant("haltedSince", haltedSince));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ProblemException(new Problem("about:blank", "Bad Request", 400, name + " is invalid",
                    List.of(new Problem.FieldError(name, "an ISO-8601 instant such as 2026-12-01T10:00:00Z"))));
        }
    }
}
