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
 * <p>At {@link #PRIORITY}, below a service's own mappers: a service that answers these refusals in
 * its own problem form (broadcast-service's {@code api.SecurityProblems}) declares mappers at the
 * default priority ({@code Priorities.USER}), and those win.
 */
public class SecurityProblems {

    /** Lower than {@link Priorities#USER} (a larger number): a service's own mapper for these exceptions replaces these. */
    public static final int PRIORITY = Priorities.USER + 1000;

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class}, priority = PRIORITY)
    public Response unauthorized(RuntimeException failure) {
        return problem(401, "Unauthorized", failure instanceof AuthenticationFailedException
                ? "the bearer token is not valid" : "send Authorization: Bearer <internal secret>")
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerAuthenticationMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException failure) {
        return problem(403, "Forbidden", "this credential may not call this endpoint").build();
    }

    private static Response.ResponseBuilder problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail));
    }
}
