package dev.sandesh.broadcast.client;

import dev.sandesh.contracts.CampaignStats;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** webhook-service's per-campaign stats and recipient states ({@code sandesh.webhook-service.url}). Use it through {@link CampaignStatsGateway}. */
@RegisterClientHeaders(InternalBearer.class)
@RegisterRestClient(configKey = "webhook-service")
@Path("/internal/v1/campaigns")
public interface WebhookStatsClient {

    /**
     * @param quietBefore ISO instant: also count the accepted/sent/UNKNOWN recipients with no news since then; null for none
     * @param haltedSince ISO instant: count only HALTED sends recorded since then (the campaign's last resume); null for all
     */
    @GET
    @Path("/{id}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<CampaignStats> stats(@PathParam("id") UUID campaignId, @QueryParam("quietBefore") String quietBefore,
                             @QueryParam("haltedSince") String haltedSince);

    /** @param state null for every state; @param errorCode null for every code */
    @GET
    @Path("/{id}/recipients")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RecipientStatePage> recipients(@PathParam("id") UUID campaignId, @QueryParam("after") long after, @QueryParam("limit") int limit,
                                       @QueryParam("state") String state, @QueryParam("errorCode") Integer errorCode);
}
