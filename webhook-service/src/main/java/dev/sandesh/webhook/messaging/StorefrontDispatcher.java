package dev.sandesh.webhook.messaging;

import dev.sandesh.webhook.client.StorefrontClient;
import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.domain.RedeliveryBackoff;
import dev.sandesh.webhook.domain.StorefrontEnvelope;
import dev.sandesh.webhook.persistence.StoredEvent;
import dev.sandesh.webhook.persistence.StorefrontEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts the {@code storefront_event} outbox to {@code sandesh.events.url}, at least once. Every
 * {@code poll-interval} a round takes up to {@code round-size} due events in seq order and posts
 * them one request at a time (one event, or {@code batch-size} of them in batch mode): one request
 * in flight, on a timer and an HTTP client of its own, so the storefront being slow or down never
 * slows ingest or sending. A 2xx marks them delivered; anything else schedules each again
 * ({@link RedeliveryBackoff}: doubling with jitter, for {@code retry-for}, then abandoned with a WARN)
 * and ends the round. When a previously failing event gets through, everything waiting for a
 * backoff is due at once, so the storefront catches up as soon as it is back. State lives in the
 * table, so a restart loses nothing and resumes where it was.
 */
@ApplicationScoped
public class StorefrontDispatcher {

    private static final Logger LOG = Logger.getLogger(StorefrontDispatcher.class);

    private final StorefrontEvents events;
    private final StorefrontClient client;
    private final EventsConfig config;
    private final RedeliveryBackoff backoff;
    private final InstantSource clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter delivered;
    private final Counter failedAttempts;
    private final Counter abandoned;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();
    private long timer = -1;
    private long backlogTimer = -1;

    StorefrontDispatcher(StorefrontEvents events, StorefrontClient client, EventsConfig config, InstantSource clock, Vertx vertx,
                         MeterRegistry registry) {
        this.events = events;
        this.client = client;
        this.config = config;
        this.backoff = new RedeliveryBackoff(config.initialBackoff(), config.maxBackoff(), 0.2, config.retryFor());
        this.clock = clock;
        this.vertx = vertx;
        this.delivered = Counter.builder("sandesh.events.delivered").description("Storefront events delivered (a 2xx)").register(registry);
        this.failedAttempts = Counter.builder("sandesh.events.failed.attempts")
                .description("Requests to the storefront that did not end in a 2xx").register(registry);
        this.abandoned = Counter.builder("sandesh.events.abandoned")
                .description("Storefront events given up after sandesh.events.retry-for").register(registry);
        Gauge.builder("sandesh.events.pending", pending, AtomicLong::get)
                .description("Storefront events neither delivered nor abandoned").register(registry);
        Gauge.builder("sandesh.events.lag.seconds", lagSeconds, AtomicLong::get)
                .description("Age of the oldest storefront event not delivered yet").register(registry);
    }

    void onStart(@Observes StartupEvent start) {
        if (client.configured() && config.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("sandesh.events.url is set but sandesh.events.secret (SANDESH_EVENTS_SECRET) is not: "
                    + "every event is signed with it");
        }
        if (!client.configured()) {
            LOG.info("sandesh.events.url is not set: storefront events are recorded for GET /v1/events, not posted");
            return;
        }
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> dispatch().subscribe().with(n -> { }, f -> { }));
        backlogTimer = vertx.setPeriodic(Math.max(config.pollInterval().toMillis(), 10_000), tick -> refreshBacklog());
        refreshBacklog();
        LOG.infof("posting storefront events to %s every %s (%s)", config.url().orElseThrow(), config.pollInterval(),
                config.batch() ? "batches of " + config.batchSize() : "one per request");
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            vertx.cancelTimer(backlogTimer);
        }
    }

    /** One round: posts what is due, in seq order, until a request fails. @return events delivered */
    public Uni<Integer> dispatch() {
        if (!client.configured() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return events.due(clock.instant(), config.roundSize())
                .chain(due -> {
                    List<List<StoredEvent>> requests = chunks(due, config.batch() ? config.batchSize() : 1);
                    AtomicBoolean failed = new AtomicBoolean();
                    return Multi.createFrom().iterable(requests)
                            .onItem().transformToUniAndConcatenate(request -> failed.get() ? Uni.createFrom().item(0)
                                    : post(request).invoke(ok -> failed.compareAndSet(false, ok == 0)))
                            .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
                })
                .onFailure().invoke(f -> LOG.debugf("storefront dispatch round: %s", f.toString()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> running.set(false));
    }

    /** @return events delivered by this request (0 when it failed) */
    private Uni<Integer> post(List<StoredEvent> request) {
        byte[] body = body(request);
        String type = config.batch() ? StorefrontEnvelope.BATCH_CONTENT_TYPE : StorefrontEnvelope.CONTENT_TYPE;
        List<Long> seqs = request.stream().map(StoredEvent::seq).toList();
        return client.post(body, type).chain(answer -> switch (answer) {
            case StorefrontClient.Delivered ok -> events.markDelivered(seqs, clock.instant())
                    .invoke(() -> delivered.increment(seqs.size()))
                    .chain(() -> request.stream().anyMatch(e -> e.attempts() > 0)
                            ? events.retryNow(clock.instant()).replaceWith(seqs.size()) : Uni.createFrom().item(seqs.size()));
            case StorefrontClient.Refused refused -> failed(request, refused.describe());
            case StorefrontClient.Unreachable unreachable -> failed(request, unreachable.describe());
        });
    }

    private Uni<Integer> failed(List<StoredEvent> request, String error) {
        failedAttempts.increment();
        Instant now = clock.instant();
        List<StorefrontEvents.Failure> failures = new ArrayList<>(request.size());
        for (StoredEvent e : request) {
            switch (backoff.after(e.attempts() + 1, e.recordedAt(), now, ThreadLocalRandom.current().nextDouble())) {
                case RedeliveryBackoff.RetryAt retry -> failures.add(new StorefrontEvents.Failure(e.seq(), retry.at(), error));
                case RedeliveryBackoff.Abandon ignored -> {
                    abandoned.increment();
                    LOG.warnf("storefront event %s (%s, seq %d) abandoned after %d attempts over %s: %s",
                            e.envelope().id(), e.envelope().type(), e.seq(), e.attempts() + 1, config.retryFor(), error);
                    failures.add(new StorefrontEvents.Failure(e.seq(), null, error));
                }
            }
        }
        LOG.debugf("storefront refused %d event(s): %s", request.size(), error);
        return events.markFailed(failures, now).replaceWith(0);
    }

    private byte[] body(List<StoredEvent> request) {
        String source = config.source();
        Object json = config.batch()
                ? request.stream().map(e -> e.envelope().toCloudEvent(source)).toList()
                : request.getFirst().envelope().toCloudEvent(source);
        return Json.encode(json).getBytes(StandardCharsets.UTF_8);
    }

    private void refreshBacklog() {
        events.backlog().subscribe().with(b -> {
            pending.set(b.pending());
            lagSeconds.set(b.oldestRecordedAt() == null ? 0
                    : Math.max(0, Duration.between(b.oldestRecordedAt(), clock.instant()).toSeconds()));
        }, f -> LOG.debugf("storefront backlog: %s", f.toString()));
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }
}
