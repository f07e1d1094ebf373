package dev.sandesh.webhook.api;

import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.messaging.OutcomeHandler;
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
 * The Knative adapter of {@link OutcomeHandler} (DESIGN.md §3, scale-to-zero): a RabbitmqSource
 * POSTs each {@code BatchOutcome} as a CloudEvent, in binary mode ({@code ce-*} headers, the body is
 * the outcome's JSON) or structured mode ({@code application/cloudevents+json}, the outcome in
 * {@code data} or {@code data_base64}). The event must carry its publisher's
 * {@code InternalSignature} (the message is a signed binary-mode CloudEvent, forwarded as is):
 * 401 unsigned, 403 signed by anyone else, and nothing is recorded.
 *
 * <p>Answers as every CloudEvents adapter does ({@link CloudEventAnswer}): 204 recorded; 400 not a
 * CloudEvent or not a valid outcome (poison: Knative sends it to the dead-letter sink, no retry);
 * 503 with {@code Retry-After: 1} could not be recorded now (Knative retries); 404 when the adapter
 * is off ({@code sandesh.webhook.cloudevents-enabled}, on under {@code %knative}).
 */
@Path("/internal/cloudevents/outcomes")
@Tag(name = "Internal", description = "For broadcast-service and Knative; not on the public route")
public class OutcomeCloudEventResource {

    private static final Logger LOG = Logger.getLogger(OutcomeCloudEventResource.class);

    private final OutcomeHandler handler;
    private final WebhookConfig config;

    OutcomeCloudEventResource(OutcomeHandler handler, WebhookConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A BatchOutcome as a CloudEvent (binary or structured mode)")
    @APIResponse(responseCode = "204", description = "recorded")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid BatchOutcome: do not retry")
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
                        LOG.warnf("refusing a poison outcome CloudEvent %s: %s", id, failure.getMessage());
                    } else {
                        LOG.warnf("outcome CloudEvent %s not recorded, asking for a retry: %s", id, failure.toString());
                    }
                    return CloudEventAnswer.failed(failure, "outcome");
                });
    }
}
