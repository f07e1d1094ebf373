package dev.sandesh.webhook.api;

import dev.sandesh.contracts.pricing.CampaignCost;
import dev.sandesh.webhook.persistence.CampaignCostRepository;
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

/** A campaign's cost from the cost views, for broadcast-service's {@code GET /v1/campaigns/{id}/cost} (internal). */
@Path("/internal/v1/campaigns/{id}/cost")
@Tag(name = "Internal", description = "For broadcast-service; not on the public route")
public class CampaignCostResource {

    private final CampaignCostRepository costs;

    CampaignCostResource(CampaignCostRepository costs) {
        this.costs = costs;
    }

    /** Meta's fee per billable message on the rate of its day, each provider's cost for the same campaign; zeros for an unknown campaign. */
    @WithSession
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What the campaign cost through Meta and would have cost through each provider, in one currency")
    public Uni<CampaignCost> cost(@PathParam("id") UUID campaignId) {
        return costs.cost(campaignId);
    }
}
