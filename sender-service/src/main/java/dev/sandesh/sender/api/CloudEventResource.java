package dev.sandesh.sender.api;

import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.messaging.BatchRequeuer;
import dev.sandesh.sender.messaging.ControlConsumer;
import dev.sandesh.sender.messaging.SendBatchHandler;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The Knative adapter (DESIGN.md §3, scale-to-zero): a RabbitmqSource POSTs each message of
 * {@code sender.batches} / {@code sender.control} as a CloudEvent, in binary mode ({@code ce-*}
 * headers, the body is the event's JSON) or structured mode ({@code application/cloudevents+json},
 * the event in {@code data} or {@code data_base64}). Same handlers as the AMQP consumers; the answer
 * comes once the batch's outcome is confirmed by the broker, so a 2xx is the ack.
 *
 * <p>Answers: 200 handled; 400 not a CloudEvent or not a valid payload (poison: the source sends it
 * to its dead-letter sink); 503 not handled now (the source retries, then dead-letters); 404 when the
 * adapter is off ({@code sandesh.sender.cloudevents-enabled}, on under {@code %knative}).
 */
@Path("/internal/cloudevents")
@Tag(name = "Internal", description = "For Knative's RabbitmqSource; not on the public route")
public class CloudEventResource {

    private static final Logger LOG = Logger.getLogger(CloudEventResource.class);

    private final SendBatchHandler handler;
    private final ControlConsumer controls;
    private final SenderConfig config;

    CloudEventResource(SendBatchHandler handler, ControlConsumer controls, SenderConfig config) {
        this.handler = handler;
        this.controls = controls;
        this.config = config;
    }

    @POST
    @Path("/batches")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A SendBatch as a CloudEvent (binary or structured mode); answers when its outcome is confirmed")
    @APIResponse(responseCode = "200", description = "sent and reported")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid SendBatch: do not retry")
    @APIResponse(responseCode = "503", description = "not handled now: retry")
    public Uni<Response> batch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam("ce-specversion") String specVersion,
                               @HeaderParam("ce-" + BatchRequeuer.REQUEUES_HEADER) String requeuesHeader,
                               byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(problem(404, "Not Found", "the CloudEvents adapter is disabled (AMQP is in use)"));
        }
        CloudEventBody event;
        SendBatch batch;
        try {
            event = CloudEventBody.read(contentType, specVersion, body);
            batch = WireJson.decode(event.data(), SendBatch.class, SendBatch.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("refusing a poison batch CloudEvent: %s", poison.getMessage());
            return Uni.createFrom().item(problem(400, "Bad Request", poison.getMessage()));
        }
        int requeues = BatchRequeuer.requeues(event.attribute(BatchRequeuer.REQUEUES_HEADER, requeuesHeader).orElse(null));
        if (requeues > config.breakerRequeues()) {
            return Uni.createFrom().item(problem(400, "Bad Request",
                    "re-queued too often while the Cloud API circuit breaker was open: dead-letter it"));
        }
        return handler.handle(batch, requeues)
                .map(outcome -> Response.ok().build())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("campaign %s batch %d not handled, asking for a retry: %s",
                            batch.campaignId(), batch.batchNumber(), failure.toString());
                    return problem(503, "Service Unavailable", "the batch could not be handled now; retry later");
                });
    }

    @POST
    @Path("/control")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A CampaignControl (pause, resume, cancel) as a CloudEvent (binary or structured mode)")
    @APIResponse(responseCode = "200", description = "applied")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid CampaignControl: do not retry")
    @APIResponse(responseCode = "503", description = "not stored now: retry")
    public Uni<Response> control(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @HeaderParam("ce-specversion") String specVersion,
                                 byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(problem(404, "Not Found", "the CloudEvents adapter is disabled (AMQP is in use)"));
        }
        CampaignControl control;
        try {
            control = WireJson.decode(CloudEventBody.read(contentType, specVersion, body).data(), CampaignControl.class, CampaignControl.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("refusing a poison control CloudEvent: %s", poison.getMessage());
            return Uni.createFrom().item(problem(400, "Bad Request", poison.getMessage()));
        }
        return controls.apply(control)
                .map(done -> Response.ok().build())
                .onFailure().recoverWithItem(failure -> problem(503, "Service Unavailable", "the control could not be stored; retry later"));
    }

    static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
