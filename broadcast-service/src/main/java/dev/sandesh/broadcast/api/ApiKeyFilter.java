package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.config.ApiConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The campaign API ({@code /v1/...}) needs {@code Authorization: Bearer <key>} with a key from
 * {@code sandesh.api.keys}. Health, metrics, OpenAPI and {@code /internal} are not behind it.
 */
public class ApiKeyFilter {

    private static final String PREFIX = "Bearer ";

    private final List<byte[]> keys;

    public ApiKeyFilter(ApiConfig config) {
        this.keys = config.keys().stream()
                .map(String::trim)
                .filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireApiKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && known(header.substring(PREFIX.length()).trim())) {
            return Optional.empty();
        }
        Response problem = ProblemMapper.respond(401, "Unauthorized",
                header == null ? "send Authorization: Bearer <API key>" : "the API key is not valid", null, request.getUriInfo());
        return Optional.of(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sandesh\"").build());
    }

    /** Compares against every key in constant time, so timing does not leak how much of a key matched. */
    private boolean known(String candidate) {
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, given);
        }
        return match;
    }
}
