package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.config.LimitsConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Bounds every request body except the streamed recipient upload before any of it is read: a JSON body
 * whose {@code Content-Length} exceeds {@code sandesh.limits.json-body} is answered 413, and one sent
 * without a length (chunked) is answered 411, since its size could only be known by buffering it. The
 * upload ({@code POST /v1/campaigns/{id}/recipients}) is read as a stream, bounded per line instead
 * ({@link RecipientUploadResource}).
 */
@ApplicationScoped
public class BodyLimits {

    private static final Pattern UPLOAD = Pattern.compile("/v1/campaigns/[^/]+/recipients/?");

    private final long jsonBodyBytes;

    public BodyLimits(LimitsConfig limits) {
        this.jsonBodyBytes = limits.jsonBody().asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1_000);
    }

    private void check(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (!hasBody || UPLOAD.matcher(ctx.normalizedPath()).matches()) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        String chunked = ctx.request().getHeader("Transfer-Encoding");
        if (length == null && chunked != null) {
            refuse(ctx, 411, "Length Required", "send this body with a Content-Length (at most " + jsonBodyBytes + " bytes)");
            return;
        }
        long bytes;
        try {
            bytes = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "Bad Request", "Content-Length is not a number");
            return;
        }
        if (bytes > jsonBodyBytes) {
            refuse(ctx, 413, "Content Too Large", "this body is " + bytes + " bytes; the limit is " + jsonBodyBytes
                    + " (sandesh.limits.json-body). Upload large audiences to POST /v1/campaigns/{id}/recipients as NDJSON or CSV");
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        Problem problem = new Problem("https://sandesh.dev/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title, status, detail, ctx.normalizedPath(), List.of(new Problem.FieldError("body", detail)));
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                .end(io.vertx.core.json.Json.encode(problem));
    }
}
