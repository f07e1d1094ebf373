package dev.sandesh.webhook.api;

import dev.sandesh.webhook.config.LimitsConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds what {@code POST /webhooks/whatsapp} buffers before the signature is checked, before any of
 * the body is read: a {@code Content-Length} above {@code sandesh.limits.webhook-body} (Meta's 3 MB)
 * is answered 413; a body that would take the bytes being buffered at once above
 * {@code sandesh.limits.webhook-buffering} is answered 503 with {@code Retry-After} (Meta retries).
 * The reservation is returned as soon as {@link WhatsAppWebhookResource} has checked the signature
 * ({@link #release(RoutingContext)}), or when the exchange ends, whichever is first.
 */
@ApplicationScoped
public class WebhookIntake {

    static final String PATH = "/webhooks/whatsapp";
    private static final String RELEASE = "sandesh.webhook-intake.release";
    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final long maxBody;
    private final int budget;
    private final Semaphore buffering;

    public WebhookIntake(LimitsConfig limits) {
        this.maxBody = limits.webhookBody().asLongValue();
        this.budget = (int) Math.min(Integer.MAX_VALUE, Math.max(maxBody, limits.webhookBuffering().asLongValue()));
        this.buffering = new Semaphore(budget);
    }

    /** The largest body taken, in bytes. */
    long maxBody() {
        return maxBody;
    }

    /** Bytes of unsigned bodies that may be buffered now (for tests and metrics). */
    int available() {
        return buffering.availablePermits();
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, 1_000);
    }

    private void admit(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST || !PATH.equals(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        long bytes;
        try {
            bytes = length == null ? maxBody : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, Problem.of(400, "Bad Request", "Content-Length is not a number"), null);
            return;
        }
        if (bytes > maxBody) {
            refuse(ctx, Problem.of(413, "Content Too Large", "the body is " + bytes + " bytes; Meta's webhooks are at most " + maxBody), null);
            return;
        }
        int reserved = (int) Math.max(1, bytes);
        if (!buffering.tryAcquire(reserved)) {
            LOG.debugf("webhook refused: %d bytes of unsigned bodies already buffered", budget - buffering.availablePermits());
            refuse(ctx, Problem.of(503, "Service Unavailable", "too many webhook bodies are being received at once; retry later"), "1");
            return;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                buffering.release(reserved);
            }
        };
        ctx.put(RELEASE, release);
        ctx.addEndHandler(ignored -> release.run());
        ctx.next();
    }

    /** The body was read and its signature checked: its reservation goes back. */
    static void release(RoutingContext ctx) {
        if (ctx != null && ctx.get(RELEASE) instanceof Runnable release) {
            release.run();
        }
    }

    private static void refuse(RoutingContext ctx, Problem problem, String retryAfter) {
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close");
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        response.end(io.vertx.core.json.Json.encode(problem));
    }
}
