package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignCostGateway;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.contracts.pricing.CampaignCost;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * {@code GET /v1/campaigns/{id}/cost}: what the campaign cost through Meta and would have cost
 * through each provider, in one currency, exactly as webhook-service's cost views (which the
 * Grafana panel reads) compute it; broadcast adds nothing and prorates nothing.
 */
@Path("/v1/campaigns/{id}/cost")
@Tag(name = "Campaigns")
public class CampaignCostResource {

    private final CampaignRepository campaigns;
    private final CampaignCostGateway gateway;
    private final Caller caller;

    CampaignCostResource(CampaignRepository campaigns, CampaignCostGateway gateway, Caller caller) {
        this.campaigns = campaigns;
        this.gateway = gateway;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Meta's fee per billable message and each provider's cost for the same campaign, with the saving")
    public Uni<CampaignCost> cost(@PathParam("id") UUID id) {
        return campaigns.find(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no campaign " + id))
                .invoke(campaign -> caller.requireAccess(campaign.phoneNumberId))
                .chain(campaign -> gateway.cost(id))
                .map(reading -> switch (reading) {
                    case CampaignCostGateway.CostReading.Cost c -> c.cost();
                    case CampaignCostGateway.CostReading.Unavailable u -> throw new ProblemException(503, "Service Unavailable",
                            "webhook-service, which prices campaigns, did not answer; try again", null);
                });
    }
}
