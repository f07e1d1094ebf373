package dev.sandesh.webhook.client;

import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.domain.EventSignature;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;

/**
 * POSTs signed CloudEvents to the storefront ({@code sandesh.events.url}) on a Vert.x HTTP client of
 * its own (a small pool, so posting never takes a connection or a thread the ingest path needs),
 * each request bounded by {@code sandesh.events.request-timeout}. Every answer comes back as a
 * {@link Delivery}; nothing here throws for a refusal or a network error.
 */
@ApplicationScoped
public class StorefrontClient {

    /** How one request ended. */
    public sealed interface Delivery permits Delivered, Refused, Unreachable {
        /** For {@code last_error}: the status or the error, never the secret. */
        String describe();
    }

    /** A 2xx. */
    public record Delivered(int status) implements Delivery {
        public String describe() {
            return "HTTP " + status;
        }
    }

    /** Any other status: retried later. */
    public record Refused(int status) implements Delivery {
        public String describe() {
            return "HTTP " + status;
        }
    }

    /** No answer: connection refused, timeout, TLS. */
    public record Unreachable(String error) implements Delivery {
        public String describe() {
            return error;
        }
    }

    private final EventsConfig config;
    private final HttpClient http;

    StorefrontClient(EventsConfig config, Vertx vertx) {
        this.config = config;
        URI url = config.url().orElse(null);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(2)
                .setSsl(url != null && "https".equalsIgnoreCase(url.getScheme()))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis())));
    }

    /** Whether a receiver is configured. */
    public boolean configured() {
        return config.url().isPresent();
    }

    /** POSTs {@code body} as {@code contentType}, signed with {@code sandesh.events.secret}. */
    public Uni<Delivery> post(byte[] body, String contentType) {
        URI url = config.url().orElseThrow();
        String secret = config.secret().orElseThrow();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setIdleTimeout(config.requestTimeout().toMillis())
                .putHeader("Content-Type", contentType)
                .putHeader(EventSignature.HEADER, EventSignature.sign(secret, body))
                .putHeader("User-Agent", "Sandesh-Events/1");
        return http.request(request)
                .chain(req -> req.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(ignored -> response.statusCode()))
                .ifNoItem().after(config.requestTimeout()).fail()
                .<Delivery>map(status -> status >= 200 && status < 300 ? new Delivered(status) : new Refused(status))
                .onFailure().recoverWithItem(failure -> new Unreachable(failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }
}
