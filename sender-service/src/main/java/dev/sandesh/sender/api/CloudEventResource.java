package dev.sandesh.sender.api;

import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.ForgedMessageException;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.messaging.BatchRequeuer;
import dev.sandesh.sender.messaging.ControlConsumer;
import dev.sandesh.sender.messaging.SendBatchHandler;
import dev.sandesh.sender.messaging.SenderDrain;
import dev.sandesh.sender.messaging.SenderDrainedException;
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

import java.util.Map;

/**
 * The Knative adapter (DESIGN.md §3, scale-to-zero): a RabbitmqSource POSTs each message of
 * {@code sender.batches} / {@code sender.control} as a CloudEvent, in binary mode ({@code ce-*}
 * headers, the body is the event's JSON) or structured mode ({@code application/cloudevents+json},
 * the event in {@code data} or {@code data_base64}). Same handlers as the AMQP consumers; the answer
 * comes once the batch's outcome is confirmed by the broker, so a 2xx is the ack.
 *
 * <p>Every event must carry its publisher's {@code InternalSignature} ({@code ce-sandeshsignature}):
 * unsigned is 401, signed by anyone else 403, and nothing is handled.
 *
 * <p>Answers (docs/CONVENTIONS.md, "Inbound messages"): 204 handled; 400 problem+json for poison
 * (not a CloudEvent, not a valid payload, re-queued too often: the source dead-letters it at once);
 * 503 problem+json with {@code Retry-After: 1} for anything else, including an unexpected exception
 * (the source retries with backoff; it would dead-letter a 500 instead); 404 when the adapter is off
 * ({@code sandesh.sender.cloudevents-enabled}, on under {@code %knative}). Shutting down
 * ({@link SenderDrain}): a new batch is 503 at once; one being sent records what left, releases the
 * rest and is answered 503, so eventing-rabbitmq redelivers it (to another pod).
 */
@Path("/internal/cloudevents")
@Tag(name = "Internal", description = "For Knative's RabbitmqSource; not on the public route")
public class CloudEventResource {

    private static final Logger LOG = Logger.getLogger(CloudEventResource.class);
    /** Seconds; eventing-rabbitmq's own backoff decides the actual wait. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final SendBatchHandler handler;
    private final ControlConsumer controls;
    private final SenderConfig config;
    private final SenderDrain drain;

    CloudEventResource(SendBatchHandler handler, ControlConsumer controls, SenderConfig config, SenderDrain drain) {
        this.handler = handler;
        this.controls = controls;
        this.config = config;
        this.drain = drain;
    }

    @POST
    @Path("/batches")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A SendBatch as a CloudEvent (binary or structured mode); answers when its outcome is confirmed")
    @APIResponse(responseCode = "204", description = "sent and reported")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid SendBatch: do not retry")
    @APIResponse(responseCode = "401", description = "unsigned: do not retry")
    @APIResponse(responseCode = "403", description = "not signed with the internal secret: do not retry")
    @APIResponse(responseCode = "503", description = "not handled now: retry")
    public Uni<Response> batch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @Context HttpHeaders headers,
                               byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(problem(404, "Not Found", "the CloudEvents adapter is disabled (AMQP is in use)"));
        }
        CloudEventBody event;
        SendBatch batch;
        try {
            event = CloudEventBody.read(contentType, headers::getHeaderString, body);
            batch = WireJson.decode(event.data(), SendBatch.class, SendBatch.VERSION);
        } catch (ForgedMessageException forged) {
            LOG.warnf("refusing a batch CloudEvent: %s", forged.getMessage());
            return Uni.createFrom().item(refused(forged));
        } catch (WireFormatException poison) {
            LOG.warnf("refusing a poison batch CloudEvent: %s", poison.getMessage());
            return Uni.createFrom().item(problem(400, "Bad Request", poison.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.warnf("could not read a batch CloudEvent, asking for a retry: %s", unexpected.toString());
            return Uni.createFrom().item(retryLater("the batch could not be read now; retry later"));
        }
        int requeues = BatchRequeuer.requeues(event.attribute(BatchRequeuer.REQUEUES_HEADER, headers.getHeaderString(BatchRequeuer.REQUEUES_EXTENSION_HEADER)).orElse(null));
        if (requeues > config.breakerRequeues()) {
            return Uni.createFrom().item(problem(400, "Bad Request",
                    "re-queued too often while the Cloud API circuit breaker was open: dead-letter it"));
        }
        if (drain.started()) {
            return Uni.createFrom().item(retryLater("the sender is shutting down; retry later"));
        }
        SenderDrain.Work work = drain.takeUp();
        return Uni.createFrom().deferred(() -> handler.handle(batch, requeues))
                .map(outcome -> Response.noContent().build())
                .onTermination().invoke(work::done)
                .onFailure(SenderDrainedException.class).recoverWithItem(drained -> {
                    LOG.infof("campaign %s batch %d: the sender is shutting down (%d recipients released), asking for a redelivery",
                            batch.campaignId(), batch.batchNumber(), ((SenderDrainedException) drained).released());
                    return retryLater("the sender is shutting down; what it sent is recorded, retry for the rest");
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("campaign %s batch %d not handled, asking for a retry: %s",
                            batch.campaignId(), batch.batchNumber(), failure.toString());
                    return retryLater("the batch could not be handled now; retry later");
                });
    }

    @POST
    @Path("/control")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A CampaignControl (pause, resume, cancel) as a CloudEvent (binary or structured mode)")
    @APIResponse(responseCode = "204", description = "applied")
    @APIResponse(responseCode = "400", description = "not a CloudEvent, or not a valid CampaignControl: do not retry")
    @APIResponse(responseCode = "401", description = "unsigned: do not retry")
    @APIResponse(responseCode = "403", description = "not signed with the internal secret: do not retry")
    @APIResponse(responseCode = "503", description = "not stored now: retry")
    public Uni<Response> control(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @Context HttpHeaders headers,
                                 byte[] body) {
        if (!config.cloudeventsEnabled()) {
            return Uni.createFrom().item(problem(404, "Not Found", "the CloudEvents adapter is disabled (AMQP is in use)"));
        }
        CampaignControl control;
        try {
            control = WireJson.decode(CloudEventBody.read(contentType, headers::getHeaderString, body).data(), CampaignControl.class, CampaignControl.VERSION);
        } catch (ForgedMessageException forged) {
            LOG.warnf("refusing a control CloudEvent: %s", forged.getMessage());
            return Uni.createFrom().item(refused(forged));
        } catch (WireFormatException poison) {
            LOG.warnf("refusing a poison control CloudEvent: %s", poison.getMessage());
            return Uni.createFrom().item(problem(400, "Bad Request", poison.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.warnf("could not read a control CloudEvent, asking for a retry: %s", unexpected.toString());
            return Uni.createFrom().item(retryLater("the control could not be read now; retry later"));
        }
        return Uni.createFrom().deferred(() -> controls.apply(control))
                .map(done -> Response.noContent().build())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("campaign %s control %s not stored, asking for a retry: %s",
                            control.campaignId(), control.command(), failure.toString());
                    return retryLater("the control could not be stored; retry later");
                });
    }

    /** 503 with {@code Retry-After}: eventing-rabbitmq retries it with backoff (it dead-letters a 500). */
    static Response retryLater(String detail) {
        return problemOf(503, "Service Unavailable", detail).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** 401 (unsigned) or 403 (not signed by us): eventing-rabbitmq dead-letters either, nothing was changed. */
    static Response refused(ForgedMessageException forged) {
        return forged.unsigned()
                ? problem(401, "Unauthorized", "unsigned internal message: no valid " + InternalSignature.EXTENSION + " attribute")
                : problem(403, "Forbidden", "the internal message's signature does not match");
    }

    static Response problem(int status, String title, String detail) {
        return problemOf(status, title, detail).build();
    }

    private static Response.ResponseBuilder problemOf(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail));
    }
}
