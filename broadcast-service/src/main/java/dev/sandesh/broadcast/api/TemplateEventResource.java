package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.messaging.TemplateEventHandler;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The Knative adapter of {@link TemplateEventHandler} (docs/CONVENTIONS.md "one handler, two
 * adapters"): a RabbitmqSource on {@code broadcast.templates} posts each TemplateEvent here as a
 * CloudEvent (binary or structured mode), signed by webhook-service ({@code InternalSignature}).
 * 204 applied, 400 poison, 401 unsigned / 403 not signed with the internal secret (nothing
 * applied), 503 + Retry-After retry, 404
 * while {@code sandesh.broadcast.cloudevents-enabled} is off ({@link CloudEventAnswer}).
 */
@Path("/internal/cloudevents/templates")
@Tag(name = "Internal")
public class TemplateEventResource {

    private static final Logger LOG = Logger.getLogger(TemplateEventResource.class);

    private final TemplateEventHandler handler;
    private final BroadcastConfig config;

    public TemplateEventResource(TemplateEventHandler handler, BroadcastConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Apply one TemplateEvent (Meta changed a template): 204 / 400 poison / 503 retry / 404 off")
    public Uni<Response> receive(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @Context HttpHeaders headers, byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(CloudEventAnswer.switchedOff());
        }
        return Uni.createFrom().deferred(() -> handler.handle(CloudEventBody.read(contentType, headers::getHeaderString, body).data()))
                .map(applied -> CloudEventAnswer.handled())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("template CloudEvent not applied: %s", failure.toString());
                    return CloudEventAnswer.failed(failure, "a TemplateEvent");
                });
    }
}
