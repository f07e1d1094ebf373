package dev.sandesh.webhook.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.webhook.config.ReconciliationConfig;
import dev.sandesh.webhook.domain.PricingAnalytics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Asks Meta's Graph API (or the simulator) for one day's {@code pricing_analytics} of the WABA. Every
 * outcome is a {@link Answer}: the points, or why there are none (not configured, a refusal, a network
 * error, a timeout — retried once); nothing here throws.
 */
@ApplicationScoped
public class PricingAnalyticsClient {

    public sealed interface Answer {
    }

    public record Points(List<PricingAnalytics.Point> points) implements Answer {
    }

    public record Unavailable(String reason) implements Answer {
    }

    private final ReconciliationConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    PricingAnalyticsClient(Vertx vertx, ReconciliationConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(2).setConnectTimeout(5_000));
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }

    public boolean configured() {
        return config.graphUrl().isPresent() && config.wabaId().isPresent() && config.accessToken().isPresent();
    }

    public Uni<Answer> day(LocalDate day) {
        if (!configured()) {
            return Uni.createFrom().item(new Unavailable("sandesh.reconciliation.graph-url, waba-id and access-token are not all set"));
        }
        URI base = config.graphUrl().get();
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        String path = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/$", "")) + "/" + config.wabaId().get()
                + "?fields=" + URLEncoder.encode(PricingAnalytics.fields(day), StandardCharsets.UTF_8);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : https ? 443 : 80).setSsl(https).setURI(path)
                .putHeader("Authorization", "Bearer " + config.accessToken().get());
        return http.request(request)
                .chain(req -> req.send())
                .chain(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        return (Answer) new Unavailable("HTTP " + response.statusCode() + ": " + body.toString());
                    }
                    try {
                        return new Points(PricingAnalytics.parse(json.readTree(body.getBytes())));
                    } catch (Exception e) {
                        return new Unavailable("unreadable pricing_analytics: " + e.getMessage());
                    }
                }))
                .ifNoItem().after(config.requestTimeout()).fail()
                .onFailure().retry().atMost(1)
                .onFailure().recoverWithItem(failure -> new Unavailable(failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }
}
