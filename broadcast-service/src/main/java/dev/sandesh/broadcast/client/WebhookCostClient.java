package dev.sandesh.broadcast.client;

import dev.sandesh.contracts.pricing.CampaignCost;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** webhook-service's cost of a campaign, from its cost views ({@code sandesh.webhook-service.url}). Use it through {@link CampaignCostGateway}. */
@RegisterClientHeaders(InternalBearer.class)
@RegisterRestClient(configKey = "webhook-service")
@Path("/internal/v1/campaigns")
public interface WebhookCostClient {

    @GET
    @Path("/{id}/cost")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<CampaignCost> cost(@PathParam("id") UUID campaignId);
}
