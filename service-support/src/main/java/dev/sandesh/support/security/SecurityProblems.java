package dev.sandesh.support.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Refused credentials as problem+json (docs/CONVENTIONS.md): 401 with {@code WWW-Authenticate}
 * when none or a wrong one came, 403 when the identity lacks the role. The permission checks run in
 * the REST layer ({@code applies-to=JAXRS}, {@code quarkus.http.auth.proactive=false}), so these
 * mappers answer them. The detail never echoes what was presented.
 *
 * <p>At the default priority ({@code Priorities.USER}): ahead of Quarkus REST's own mappers for these
 * exceptions ({@code USER + 1}, no body). A service that answers these refusals in its own problem
 * form (broadcast-service's {@code api.SecurityProblems}) declares its mappers at
 * {@link #SERVICE_PRIORITY}, and those win over these (the smaller number wins).
 */
public class SecurityProblems {

    /** The priority of a service's own mappers for these exceptions, which replace these. */
    public static final int SERVICE_PRIORITY = Priorities.USER - 1;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException failure) {
        return problem(401, "Unauthorized", failure instanceof AuthenticationFailedException
                ? "the bearer token is not valid" : "send Authorization: Bearer <internal secret>")
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerAuthenticationMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure) {
        return problem(403, "Forbidden", "this credential may not call this endpoint").build();
    }

    private static Response.ResponseBuilder problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail));
    }
}
