package dev.sandesh.webhook.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Refused credentials as problem+json (docs/CONVENTIONS.md): 401 with {@code WWW-Authenticate}
 * when none or a wrong one came, 403 when the identity lacks the role. The permission checks run in
 * the REST layer ({@code applies-to=JAXRS}, {@code quarkus.http.auth.proactive=false}), so these
 * mappers answer them. The detail never echoes what was presented.
 */
public class SecurityProblems {

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
