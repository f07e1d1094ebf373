package dev.sandesh.webhook.api;

import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.messaging.CampaignEventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The Knative adapter of {@link CampaignEventHandler}: a RabbitmqSource on
 * {@code webhook.campaign-events} POSTs each {@code CampaignTransition} as a CloudEvent (binary or
 * structured mode), signed by broadcast-service ({@code InternalSignature}). Answers as every
 * CloudEvents adapter does ({@link CloudEventAnswer}): 204 recorded, 400 poison, 401 unsigned,
 * 403 not signed with the internal secret (nothing recorded), 503 + {@code Retry-After: 1} retry, 404 while
 * {@code sandesh.webhook.cloudevents-enabled} is off.
 */
@Path("/internal/cloudevents/campaign-events")
@Tag(name = "Internal", description = "For broadcast-service and Knative; not on the public route")
public class CampaignEventCloudEventResource {

    private static final Logger LOG = Logger.getLogger(CampaignEventCloudEventResource.class);

    private final CampaignEventHandler handler;
    private final WebhookConfig config;

    CampaignEventCloudEventResource(CampaignEventHandler handler, WebhookConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A CampaignTransition as a CloudEvent (binary or structured mode)")
    @APIResponse(responseCode = "204", description = "recorded")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid CampaignTransition: do not retry")
    @APIResponse(responseCode = "401", description = "unsigned: do not retry")
    @APIResponse(responseCode = "403", description = "not signed with the internal secret: do not retry")
    @APIResponse(responseCode = "503", description = "not recorded now: retry")
    @APIResponse(responseCode = "404", description = "the adapter is switched off")
    public Uni<Response> receive(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @Context HttpHeaders headers,
                                 @HeaderParam("ce-id") String id,
                                 byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(CloudEventAnswer.switchedOff());
        }
        return Uni.createFrom().deferred(() -> handler.handle(CloudEventBody.read(contentType, headers::getHeaderString, body).data()))
                .map(done -> CloudEventAnswer.handled())
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof WireFormatException) {
                        LOG.warnf("refusing a poison campaign-event CloudEvent %s: %s", id, failure.getMessage());
                    } else {
                        LOG.warnf("campaign-event CloudEvent %s not recorded, asking for a retry: %s", id, failure.toString());
                    }
                    return CloudEventAnswer.failed(failure, "campaign event");
                });
    }
}
