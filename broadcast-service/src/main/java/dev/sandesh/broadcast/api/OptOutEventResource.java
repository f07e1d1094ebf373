package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.messaging.OptOutHandler;
import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The HTTP adapter for opt-outs (DESIGN.md §3, scale-to-zero): on Knative a RabbitmqSource
 * delivers {@code broadcast.optouts} here as a binary-mode CloudEvent (the body is the OptOut JSON);
 * elsewhere the {@code optouts} channel consumes the queue. Both call {@link OptOutHandler}.
 * A body that is not an OptOut answers 400, which the source dead-letters.
 */
@Path("/internal/v1/events/optouts")
@Tag(name = "Internal")
public class OptOutEventResource {

    private final OptOutHandler handler;

    public OptOutEventResource(OptOutHandler handler) {
        this.handler = handler;
    }

    @POST
    @Consumes({"application/json", "*/*"})
    @Operation(summary = "Apply one OptOut event (CloudEvent binary mode)")
    public Uni<Response> receive(byte[] body) {
        return handler.handle(body)
                .map(event -> Response.noContent().build())
                .onFailure(WireFormatException.class)
                .transform(e -> new ProblemException(400, "Not an OptOut event", e.getMessage(), null));
    }
}
