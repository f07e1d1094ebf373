package dev.sandesh.simulator.webhook;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.config.WebhookTarget;
import dev.sandesh.simulator.domain.RetryBackoff;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusUpdate;
import dev.sandesh.simulator.domain.WebhookSignature;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * POSTs signed status notifications with the non-blocking Vert.x web client. Anything but a 200
 * (or a connect error / timeout) is retried with {@link RetryBackoff}, re-sending the same bytes
 * with the same signature, as Meta does; every attempt is counted in the {@link SendAudit}.
 */
@Singleton
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final Vertx vertx;
    private final WebClient client;
    private final WebhookTarget target;
    private final WebhookSignature signature;
    private final RetryBackoff backoff;
    private final SendAudit audit;
    private final long timeoutMillis;

    public WebhookDispatcher(Vertx vertx, SimulatorConfig config, WebhookTarget target, WebhookSignature signature,
                             RetryBackoff backoff, SendAudit audit) {
        this.vertx = vertx;
        this.target = target;
        this.signature = signature;
        this.backoff = backoff;
        this.audit = audit;
        this.timeoutMillis = config.webhook().timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(config.webhook().maxConnections())
                .setKeepAlive(true)
                .setUserAgent("facebookexternalua"));
    }

    /** Sends {@code body} (already serialised) carrying {@code updates}; returns at once. */
    public void dispatch(byte[] body, List<StatusUpdate> updates) {
        List<String> statuses = updates.stream().map(u -> u.status().wire()).toList();
        attempt(new Delivery(body, signature.sign(body), statuses), 1);
    }

    private record Delivery(byte[] body, String signature, List<String> statuses) { }

    private void attempt(Delivery delivery, int attemptNumber) {
        Optional<String> url = target.url();
        if (url.isEmpty()) {
            // Webhooks were switched off while this POST was pending.
            audit.webhookPostAbandoned(delivery.statuses().size());
            return;
        }
        audit.webhookPostAttempted();
        client.postAbs(url.get())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(WebhookSignature.HEADER, delivery.signature())
                .timeout(timeoutMillis)
                .sendBuffer(Buffer.buffer(delivery.body()))
                .subscribe().with(
                        response -> answered(delivery, attemptNumber, response),
                        failure -> failed(delivery, attemptNumber, failure.toString()));
    }

    private void answered(Delivery delivery, int attemptNumber, HttpResponse<Buffer> response) {
        if (response.statusCode() == 200) {
            audit.webhookPostDelivered(delivery.statuses());
        } else {
            failed(delivery, attemptNumber, "HTTP " + response.statusCode());
        }
    }

    private void failed(Delivery delivery, int attemptNumber, String reason) {
        audit.webhookPostFailed();
        if (!backoff.mayRetry(attemptNumber)) {
            LOG.warnf("Webhook POST of %d statuses abandoned after %d attempts (last: %s)",
                    delivery.statuses().size(), attemptNumber, reason);
            audit.webhookPostAbandoned(delivery.statuses().size());
            return;
        }
        LOG.debugf("Webhook POST attempt %d failed (%s); retrying", attemptNumber, reason);
        long delay = Math.max(1L, backoff.delayAfter(attemptNumber).toMillis());
        vertx.setTimer(delay, id -> attempt(delivery, attemptNumber + 1));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
