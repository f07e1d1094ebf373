package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.ApiKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * The campaign API ({@code /v1/...}) needs {@code Authorization: Bearer <key>} with a key from
 * {@code sandesh.api.keys} (see {@link ApiKeys} for the format). Health, metrics, OpenAPI and
 * {@code /internal} are not behind it. A key limited to some phone numbers gets 403 on the
 * campaigns of others ({@link Caller#requireAccess}).
 */
public class ApiKeyFilter {

    private static final String PREFIX = "Bearer ";

    private final ApiKeys keys;
    private final Caller caller;

    public ApiKeyFilter(ApiKeys keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireApiKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiKeys.Key> key = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? keys.match(header.substring(PREFIX.length()).trim())
                : Optional.empty();
        if (key.isPresent()) {
            caller.authenticate(key.get());
            return Optional.empty();
        }
        Response problem = ProblemMapper.respond(401, "Unauthorized",
                header == null ? "send Authorization: Bearer <API key>" : "the API key is not valid", null, request.getUriInfo());
        return Optional.of(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sandesh\"").build());
    }
}
