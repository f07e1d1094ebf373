package dev.sandesh.broadcast.api;

import dev.sandesh.support.security.BearerAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refused credentials as problem+json, in {@link ProblemMapper}'s form: 401 with
 * {@code WWW-Authenticate: Bearer} when none or an unknown one came, 403 when the identity lacks the
 * path's role (an API key on {@code /internal}, the internal secret on {@code /v1}). The permission
 * checks run in the REST layer ({@code applies-to=JAXRS}, {@code quarkus.http.auth.proactive=false}),
 * so these mappers answer them. The detail never echoes what was presented. They replace
 * service-support's {@code security.SecurityProblems} (its form has no type slug or instance) by
 * their priority.
 */
public class SecurityProblems {

    private static final int PRIORITY = dev.sandesh.support.security.SecurityProblems.SERVICE_PRIORITY;

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class}, priority = PRIORITY)
    public Response unauthorized(RuntimeException failure, UriInfo uri) {
        String detail = failure instanceof AuthenticationFailedException
                ? "the bearer token is not valid"
                : uri.getPath().startsWith("/internal") ? "send Authorization: Bearer <internal secret>" : "send Authorization: Bearer <API key>";
        return Response.fromResponse(ProblemMapper.respond(401, "Unauthorized", detail, null, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerAuthenticationMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException failure, UriInfo uri) {
        return ProblemMapper.respond(403, "Forbidden", "this credential may not call this endpoint", null, uri);
    }
}
