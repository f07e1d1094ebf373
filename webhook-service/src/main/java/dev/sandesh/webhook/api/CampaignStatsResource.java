package dev.sandesh.webhook.api;

import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.webhook.persistence.CampaignStatsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Per-campaign numbers for broadcast-service (internal: not on the public route). */
@Path("/internal/v1/campaigns/{id}/stats")
@Tag(name = "Internal", description = "For broadcast-service; not on the public route")
public class CampaignStatsResource {

    private final CampaignStatsRepository stats;

    CampaignStatsResource(CampaignStatsRepository stats) {
        this.stats = stats;
    }

    /** Every recipient with an outcome or a status, counted once in its current state; zeros for an unknown campaign. */
    @WithSession
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A campaign's recipients by current state, failures by code, first and last event")
    public Uni<CampaignStats> stats(@PathParam("id") UUID campaignId) {
        return stats.stats(campaignId);
    }
}
