package dev.sandesh.simulator.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error mapper for the simulator's own API ({@code /_simulator}): RFC 9457 problem+json.
 * Meta's namespace never throws: it answers Graph-style error bodies itself ({@link GraphErrorBody}).
 */
public class ProblemMapper {

    @RegisterForReflection
    public record Problem(String type, String title, int status, String detail) { }

    @ServerExceptionMapper
    public Response toProblem(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "Error";
        return Response.status(status)
                .type("application/problem+json")
                .entity(new Problem("about:blank", title, status, e.getMessage()))
                .build();
    }
}
