package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.messaging.OptOutHandler;
import dev.sandesh.contracts.CloudEventBody;
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
 * The HTTP adapter for opt-outs (DESIGN.md §3, scale-to-zero): on Knative a RabbitmqSource
 * delivers {@code broadcast.optouts} here as a CloudEvent, in binary mode (the body is the OptOut
 * JSON, attributes in {@code ce-} headers) or structured mode ({@code application/cloudevents+json}:
 * the OptOut is the envelope's {@code data}, or {@code data_base64}); elsewhere the {@code optouts}
 * channel consumes the queue. Both call {@link OptOutHandler}.
 *
 * <p>Every event must carry webhook-service's {@code InternalSignature} (an OPT_IN deletes an
 * opt-out: nobody else may send one). Answers as every CloudEvents adapter does
 * ({@link CloudEventAnswer}): 204 applied; 400 not a CloudEvent or not an OptOut (dead-lettered);
 * 401 unsigned, 403 not signed with the internal secret (nothing applied); 503 with {@code Retry-After: 1} when it could not
 * be applied now (retried); 404 while switched off ({@code sandesh.broadcast.cloudevents-enabled},
 * on only under {@code %knative}).
 */
@Path("/internal/cloudevents/optouts")
@Tag(name = "Internal")
public class OptOutEventResource {

    private static final Logger LOG = Logger.getLogger(OptOutEventResource.class);

    private final OptOutHandler handler;
    private final BroadcastConfig config;

    public OptOutEventResource(OptOutHandler handler, BroadcastConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Apply one OptOut event (CloudEvent, binary or structured mode)")
    @APIResponse(responseCode = "204", description = "applied")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not an OptOut: do not retry")
    @APIResponse(responseCode = "401", description = "unsigned: do not retry")
    @APIResponse(responseCode = "403", description = "not signed with the internal secret: do not retry")
    @APIResponse(responseCode = "503", description = "not applied now: retry")
    @APIResponse(responseCode = "404", description = "the adapter is switched off")
    public Uni<Response> receive(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @Context HttpHeaders headers,
                                 @HeaderParam("ce-id") String id,
                                 byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(CloudEventAnswer.switchedOff());
        }
        return Uni.createFrom().deferred(() -> handler.handle(CloudEventBody.read(contentType, headers::getHeaderString, body).data()))
                .map(applied -> CloudEventAnswer.handled())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("opt-out CloudEvent %s not applied: %s", id, failure.toString());
                    return CloudEventAnswer.failed(failure, "an OptOut event");
                });
    }
}
