package dev.sandesh.broadcast.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** webhook-service's storefront events by cursor ({@code sandesh.webhook-service.url}). Use it through {@link StorefrontEventsGateway}. */
@RegisterClientHeaders(InternalBearer.class)
@RegisterRestClient(configKey = "webhook-service")
@Path("/internal/v1/events")
public interface WebhookEventsClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<StorefrontEventPage> events(@QueryParam("after") long after, @QueryParam("limit") int limit);
}
