package dev.sandesh.sender.api;

import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.ForgedMessageException;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.messaging.OptOutHandler;
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
 * The Knative adapter of {@code sender.optouts} (docs/CONVENTIONS.md): an {@link OptOut} as a
 * CloudEvent, stored by the same {@link OptOutHandler} as the AMQP consumer. 204 stored; 400 poison;
 * 401 unsigned, 403 not signed with the internal secret (nothing stored);
 * 503 + {@code Retry-After} retry; 404 switched off ({@code sandesh.sender.cloudevents-enabled}).
 */
@Path("/internal/cloudevents/optouts")
@Tag(name = "Internal", description = "For Knative's RabbitmqSource; not on the public route")
public class OptOutCloudEventResource {

    private static final Logger LOG = Logger.getLogger(OptOutCloudEventResource.class);

    private final OptOutHandler handler;
    private final SenderConfig config;

    OptOutCloudEventResource(OptOutHandler handler, SenderConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "An OptOut as a CloudEvent (binary or structured mode), checked before every later send")
    @APIResponse(responseCode = "204", description = "stored")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid OptOut: do not retry")
    @APIResponse(responseCode = "401", description = "unsigned: do not retry")
    @APIResponse(responseCode = "403", description = "not signed with the internal secret: do not retry")
    @APIResponse(responseCode = "503", description = "not stored now: retry")
    public Uni<Response> optOut(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @Context HttpHeaders headers,
                                byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(CloudEventResource.problem(404, "Not Found", "the CloudEvents adapter is disabled (AMQP is in use)"));
        }
        OptOut event;
        try {
            event = WireJson.decode(CloudEventBody.read(contentType, headers::getHeaderString, body).data(), OptOut.class, OptOut.VERSION);
        } catch (ForgedMessageException forged) {
            LOG.warnf("refusing an opt-out CloudEvent: %s", forged.getMessage());
            return Uni.createFrom().item(CloudEventResource.refused(forged));
        } catch (WireFormatException poison) {
            LOG.warnf("refusing a poison opt-out CloudEvent: %s", poison.getMessage());
            return Uni.createFrom().item(CloudEventResource.problem(400, "Bad Request", poison.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.warnf("could not read an opt-out CloudEvent, asking for a retry: %s", unexpected.toString());
            return Uni.createFrom().item(CloudEventResource.retryLater("the opt-out could not be read now; retry later"));
        }
        return Uni.createFrom().deferred(() -> handler.apply(event))
                .map(done -> Response.noContent().build())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("opt-out not stored, asking for a retry: %s", failure.toString());
                    return CloudEventResource.retryLater("the opt-out could not be stored; retry later");
                });
    }
}
