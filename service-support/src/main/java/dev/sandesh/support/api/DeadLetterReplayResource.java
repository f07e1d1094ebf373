package dev.sandesh.support.api;

import dev.sandesh.support.config.ConsumerConfig;
import dev.sandesh.support.messaging.BrokerAdmin;
import dev.sandesh.support.messaging.ConsumedRoutes;
import dev.sandesh.contracts.DeadLetterQueues;
import dev.sandesh.contracts.Topology;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /internal/v1/dlq/{queue}/replay}: moves the dead letters of one of the service's
 * queues back to it after the fix ({@link DeadLetterQueues#replay}: pages of 100 with publisher
 * confirms, to that queue only), and answers how many moved. Each service replays the queues it
 * consumes (its {@link ConsumedRoutes}), so the operator calls the service that owns the queue.
 * Under {@code /internal/}: an internal credential is required (the service's application.properties).
 */
@Path("/internal/v1/dlq")
@Tag(name = "Internal", description = "For operators; not on the public route")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterReplayResource {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplayResource.class);

    /** The answer (the entity of a {@code Response}: registered for Jackson in a native image). */
    @RegisterForReflection
    public record Replayed(String queue, String deadLetterQueue, long moved) {
    }

    private final BrokerAdmin broker;
    private final ConsumerConfig config;
    private final ConsumedRoutes consumed;

    DeadLetterReplayResource(BrokerAdmin broker, ConsumerConfig config, ConsumedRoutes consumed) {
        this.broker = broker;
        this.config = config;
        this.consumed = consumed;
    }

    @POST
    @Path("/{queue}/replay")
    @Operation(summary = "Move a queue's dead letters back to it", description = "At most `max` (default all) messages of <queue>.dlq, "
            + "oldest first, in confirmed pages; answers how many moved.")
    public Uni<Response> replay(@PathParam("queue") String queue, @QueryParam("max") @DefaultValue("9223372036854775807") long max) {
        List<String> owned = consumed.byChannel().values().stream().map(Topology.Route::queue).toList();
        if (!owned.contains(queue)) {
            return Uni.createFrom().item(problem(404, "Not Found", "this service does not consume " + queue
                    + "; it replays " + String.join(", ", owned), "queue"));
        }
        if (max < 1) {
            return Uni.createFrom().item(problem(400, "Bad Request", "max must be at least 1", "max"));
        }
        return broker.call(connection -> DeadLetterQueues.replay(connection, queue, max, config.confirmTimeout()))
                .map(moved -> {
                    LOG.infof("replayed %d dead letter(s) from %s.dlq to %s", moved, queue, queue);
                    return Response.ok(new Replayed(queue, queue + ".dlq", moved)).build();
                })
                .onFailure().recoverWithItem(failure -> problem(503, "Service Unavailable",
                        "RabbitMQ did not take the replay; what moved so far stays moved, run it again: " + failure.getMessage(), null));
    }

    private static Response problem(int status, String title, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "reason", detail)));
        }
        Response.ResponseBuilder builder = Response.status(status).type("application/problem+json").entity(body);
        if (status == 503) {
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }
}
