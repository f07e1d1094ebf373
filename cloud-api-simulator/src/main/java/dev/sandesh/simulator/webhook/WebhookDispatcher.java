package dev.sandesh.simulator.webhook;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.config.WebhookTarget;
import dev.sandesh.simulator.domain.RetryBackoff;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusUpdate;
import dev.sandesh.simulator.domain.WebhookAttemptLog;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * POSTs signed notifications with the non-blocking Vert.x web client. Anything but a 200 (or a
 * connect error / timeout) is retried with {@link RetryBackoff}, re-sending the same bytes with
 * the same signature, as Meta does; every attempt is counted in the {@link SendAudit} and
 * written to the {@link WebhookAttemptLog}.
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
    private final WebhookAttemptLog attemptLog;
    private final long timeoutMillis;
    private final AtomicLong postIds = new AtomicLong();

    public WebhookDispatcher(Vertx vertx, SimulatorConfig config, WebhookTarget target, WebhookSignature signature,
                             RetryBackoff backoff, SendAudit audit, WebhookAttemptLog attemptLog) {
        this.vertx = vertx;
        this.target = target;
        this.signature = signature;
        this.backoff = backoff;
        this.audit = audit;
        this.attemptLog = attemptLog;
        this.timeoutMillis = config.webhook().timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(config.webhook().maxConnections())
                .setKeepAlive(true)
                .setUserAgent("facebookexternalua"));
    }

    /** Sends a status notification {@code body} (already serialised) carrying {@code updates}; returns at once. */
    public void dispatch(byte[] body, List<StatusUpdate> updates) {
        List<String> statuses = updates.stream().map(u -> u.status().wire()).toList();
        attempt(new Delivery(postIds.incrementAndGet(), "statuses", body, signature.sign(body), statuses), 1);
    }

    /** Sends an inbound notification ({@code kind} = messages or user_preferences) of one item. */
    public void dispatchInbound(String kind, byte[] body) {
        attempt(new Delivery(postIds.incrementAndGet(), kind, body, signature.sign(body), List.of()), 1);
    }

    /** @param statuses status of each status object (empty for inbound notifications) */
    private record Delivery(long postId, String kind, byte[] body, String signature, List<String> statuses) {
        int items() {
            return statuses.isEmpty() ? 1 : statuses.size();
        }
    }

    private void attempt(Delivery delivery, int attemptNumber) {
        Optional<String> url = target.url();
        if (url.isEmpty()) {
            // Webhooks were switched off while this POST was pending.
            audit.webhookPostAbandoned(delivery.statuses().size());
            attemptLog.record(System.currentTimeMillis(), delivery.postId(), delivery.kind(), delivery.items(),
                    attemptNumber, "abandoned: webhooks off", 0, -1);
            return;
        }
        audit.webhookPostAttempted();
        long started = System.nanoTime();
        client.postAbs(url.get())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(WebhookSignature.HEADER, delivery.signature())
                .timeout(timeoutMillis)
                .sendBuffer(Buffer.buffer(delivery.body()))
                .subscribe().with(
                        response -> answered(delivery, attemptNumber, started, response),
                        failure -> failed(delivery, attemptNumber, started, failure.toString()));
    }

    private void answered(Delivery delivery, int attemptNumber, long started, HttpResponse<Buffer> response) {
        if (response.statusCode() == 200) {
            audit.webhookPostDelivered(delivery.statuses());
            attemptLog.record(System.currentTimeMillis(), delivery.postId(), delivery.kind(), delivery.items(),
                    attemptNumber, "200", tookMillis(started), -1);
        } else {
            failed(delivery, attemptNumber, started, "HTTP " + response.statusCode());
        }
    }

    private void failed(Delivery delivery, int attemptNumber, long started, String reason) {
        audit.webhookPostFailed();
        if (!backoff.mayRetry(attemptNumber)) {
            LOG.warnf("Webhook POST of %d %s abandoned after %d attempts (last: %s)",
                    delivery.items(), delivery.kind(), attemptNumber, reason);
            audit.webhookPostAbandoned(delivery.statuses().size());
            attemptLog.record(System.currentTimeMillis(), delivery.postId(), delivery.kind(), delivery.items(),
                    attemptNumber, reason + " (abandoned)", tookMillis(started), -1);
            return;
        }
        LOG.debugf("Webhook POST attempt %d failed (%s); retrying", attemptNumber, reason);
        long delay = Math.max(1L, backoff.delayAfter(attemptNumber).toMillis());
        attemptLog.record(System.currentTimeMillis(), delivery.postId(), delivery.kind(), delivery.items(),
                attemptNumber, reason, tookMillis(started), delay);
        vertx.setTimer(delay, id -> attempt(delivery, attemptNumber + 1));
    }

    private static long tookMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
