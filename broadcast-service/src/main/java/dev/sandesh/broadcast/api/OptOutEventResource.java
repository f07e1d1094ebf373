package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.messaging.OptOutHandler;
import dev.sandesh.contracts.CloudEventBody;
import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/**
 * The HTTP adapter for opt-outs (DESIGN.md §3, scale-to-zero): on Knative a RabbitmqSource
 * delivers {@code broadcast.optouts} here as a CloudEvent, in binary mode (the body is the OptOut
 * JSON, attributes in {@code ce-} headers) or structured mode ({@code application/cloudevents+json}:
 * the OptOut is the envelope's {@code data}, or {@code data_base64}); elsewhere the {@code optouts}
 * channel consumes the queue. Both call {@link OptOutHandler}. A body that is not an OptOut answers
 * 400, which the source dead-letters.
 */
@Path("/internal/cloudevents/optouts")
@Tag(name = "Internal")
public class OptOutEventResource {


    private final OptOutHandler handler;

    public OptOutEventResource(OptOutHandler handler) {
        this.handler = handler;
    }

    @POST
    @Consumes({"application/json", CloudEventBody.STRUCTURED, "*/*"})
    @Operation(summary = "Apply one OptOut event (CloudEvent, binary or structured mode)")
    public Uni<Response> receive(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        byte[] event;
        try {
            event = CloudEventBody.isStructured(contentType) ? CloudEventBody.structured(body).data() : body;
        } catch (WireFormatException e) {
            return Uni.createFrom().failure(new ProblemException(400, "Not an OptOut event", e.getMessage(), null));
        }
        return handler.handle(event)
                .map(applied -> Response.noContent().build())
                .onFailure(WireFormatException.class)
                .transform(e -> new ProblemException(400, "Not an OptOut event", e.getMessage(), null));
    }
}
