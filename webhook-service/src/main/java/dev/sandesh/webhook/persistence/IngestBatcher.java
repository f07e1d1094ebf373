package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.domain.InboundReply;
import dev.sandesh.webhook.domain.StatusEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.hibernate.JDBCException;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for webhooks. Each webhook's facts join a queue; up to {@code max-concurrent-writes}
 * transactions run at once, and while they do, the webhooks arriving meanwhile gather into the next
 * batch (up to {@code max-batch-statuses}). So an idle service writes each webhook at once, and a
 * busy one writes many webhooks with one transaction of a few statements (raw archive, multi-row
 * status upsert, opt-out outbox, template-event outbox, replies): one database round trip serves many webhooks, and the busier it
 * is the larger the batches. Each webhook's {@link Uni} completes only after the commit that holds
 * its facts, or fails (the caller answers 503 and Meta retries) if that transaction failed.
 *
 * <p>Each batch is one {@code Panache.withTransaction} on a session of its own (see
 * {@link StatusRecorder} and {@link Transactions}). Deadlocks and serialisation failures are retried
 * twice: the merge is a join, so re-running a batch is harmless.
 */
@ApplicationScoped
public class IngestBatcher {

    private static final Logger LOG = Logger.getLogger(IngestBatcher.class);

    /** One webhook's (or one replayed event's) facts. {@code raw} is null for a replay: it is archived already. */
    public record Ingest(RawEvent raw, List<StatusEvent> statuses, List<OptOut> optOuts, List<TemplateEvent> templateEvents,
                         List<InboundReply> replies) {

        /** A body with nothing to write but its archive (unreadable, or refused by the database). */
        public static Ingest archiveOnly(RawEvent raw) {
            return new Ingest(raw, List.of(), List.of(), List.of(), List.of());
        }

        int weight() {
            return Math.max(1, statuses.size());
        }
    }

    /** The queue is full: answer 503 so Meta retries later. */
    public static class OverloadedException extends RuntimeException {
        OverloadedException(int queued) {
            super(queued + " statuses are already waiting to be written");
        }
    }

    /**
     * A submitted ingest and where to answer it: on the submitter's Vert.x context (its request's),
     * not the batch's, so that what the submitter chains next (a replay's next page read) runs where
     * its own session lives.
     */
    private record Pending(Ingest ingest, UniEmitter<? super Void> emitter, Context context) {

        void complete() {
            onContext(() -> emitter.complete(null));
        }

        void fail(Throwable failure) {
            onContext(() -> emitter.fail(failure));
        }

        private void onContext(Runnable answer) {
            if (context == null || context == Vertx.currentContext()) {
                answer.run();
            } else {
                context.runOnContext(ignored -> answer.run());
            }
        }
    }

    private final StatusRecorder recorder;
    private final WebhookConfig.Ingest config;
    private final Event<OptOutsRecorded> afterCommit;
    private final Event<TemplateEventsRecorded> templatesAfterCommit;
    private final DistributionSummary batchStatuses;
    private final DistributionSummary batchWebhooks;
    private final Counter failedBatches;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedStatuses;
    private int inFlight;

    IngestBatcher(StatusRecorder recorder, WebhookConfig config, Event<OptOutsRecorded> afterCommit,
                  Event<TemplateEventsRecorded> templatesAfterCommit, MeterRegistry registry) {
        this.recorder = recorder;
        this.config = config.ingest();
        this.afterCommit = afterCommit;
        this.templatesAfterCommit = templatesAfterCommit;
        this.batchStatuses = DistributionSummary.builder("sandesh.webhook.batch.statuses")
                .description("Statuses written per transaction").register(registry);
        this.batchWebhooks = DistributionSummary.builder("sandesh.webhook.batch.webhooks")
                .description("Webhooks (or replayed events) per transaction").register(registry);
        this.failedBatches = Counter.builder("sandesh.webhook.batch.failed")
                .description("Transactions that failed (their webhooks were answered 503)").register(registry);
    }

    /** Completes once {@code ingest} is committed. */
    public Uni<Void> submit(Ingest ingest) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending> batch;
            synchronized (this) {
                if (queuedStatuses + ingest.weight() > config.maxQueuedStatuses() && !queue.isEmpty()) {
                    emitter.fail(new OverloadedException(queuedStatuses));
                    return;
                }
                queue.add(new Pending(ingest, emitter, Vertx.currentContext()));
                queuedStatuses += ingest.weight();
                batch = takeBatchIfAWriterIsFree();
            }
            if (batch != null) {
                write(batch);
            }
        });
    }

    /** Must hold the lock. */
    private List<Pending> takeBatchIfAWriterIsFree() {
        if (queue.isEmpty() || inFlight >= config.maxConcurrentWrites()) {
            return null;
        }
        List<Pending> batch = new ArrayList<>();
        int statuses = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || statuses + queue.peek().ingest().weight() <= config.maxBatchStatuses())) {
            Pending next = queue.poll();
            statuses += next.ingest().weight();
            batch.add(next);
        }
        queuedStatuses -= statuses;
        inFlight++;
        return batch;
    }

    private void write(List<Pending> batch) {
        List<RawEvent> raw = new ArrayList<>(batch.size());
        List<StatusEvent> statuses = new ArrayList<>();
        List<OptOut> optOuts = new ArrayList<>();
        List<TemplateEvent> templateEvents = new ArrayList<>();
        List<InboundReply> replies = new ArrayList<>();
        for (Pending p : batch) {
            if (p.ingest().raw() != null) {
                raw.add(p.ingest().raw());
            }
            statuses.addAll(p.ingest().statuses());
            optOuts.addAll(p.ingest().optOuts());
            templateEvents.addAll(p.ingest().templateEvents());
            replies.addAll(p.ingest().replies());
        }
        batchStatuses.record(statuses.size());
        batchWebhooks.record(batch.size());
        Uni.createFrom().deferred(() -> recorder.recordWebhooks(raw, statuses, optOuts, templateEvents, replies))
                .onFailure(IngestBatcher::retryable).retry().withBackOff(Duration.ofMillis(20)).atMost(2)
                .ifNoItem().after(config.writeTimeout()).fail()
                .subscribe().with(written -> {
                    batch.forEach(Pending::complete);
                    finished();
                    if (!written.newOptOuts().isEmpty()) {
                        afterCommit.fire(new OptOutsRecorded(written.newOptOuts()));
                    }
                    if (!written.newTemplateEvents().isEmpty()) {
                        templatesAfterCommit.fire(new TemplateEventsRecorded(written.newTemplateEvents()));
                    }
                }, failure -> {
                    failedBatches.increment();
                    if (refusedData(failure) && batch.size() > 1) {
                        isolate(batch);
                        return;
                    }
                    if (refusedData(failure) && batch.getFirst().ingest().raw() != null
                            && batch.getFirst().ingest().raw().unreadable() == null) {
                        quarantine(batch.getFirst(), failure);
                        return;
                    }
                    LOG.warnf("a batch of %d webhooks (%d statuses) was not written, answering 503: %s",
                            batch.size(), statuses.size(), failure.toString());
                    batch.forEach(p -> p.fail(failure));
                    finished();
                });
    }

    /**
     * The database refused the batch's data (say, a NUL character in a text): one webhook must not
     * fail the others it happened to share a transaction with, so each is written on its own.
     */
    private void isolate(List<Pending> batch) {
        synchronized (this) {
            inFlight += batch.size() - 1; // the failed batch's slot is reused by the first
        }
        batch.forEach(p -> write(List.of(p)));
    }

    /**
     * A signed webhook whose facts the database refuses would be retried by Meta for 7 days and
     * never stored: like an unreadable body, it is archived (with the reason), counted and acknowledged.
     */
    private void quarantine(Pending pending, Throwable failure) {
        RawEvent raw = pending.ingest().raw();
        LOG.warnf("a signed webhook's statuses were refused by the database, archived and acknowledged: %s", failure.getMessage());
        RawEvent archived = new RawEvent(raw.receivedAt(), raw.body(), raw.signature(), raw.statuses(),
                "refused by the database: " + failure.getMessage());
        write(List.of(new Pending(Ingest.archiveOnly(archived), pending.emitter(), pending.context())));
    }

    private void finished() {
        List<Pending> next;
        synchronized (this) {
            inFlight--;
            next = takeBatchIfAWriterIsFree();
        }
        if (next != null) {
            write(next);
        }
    }

    /** SQL state class 22, data exception: the same data will be refused again, whatever the retries. */
    private static boolean refusedData(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.startsWith("22");
    }

    /** 40P01 deadlock, 40001 serialisation failure: the same batch again will do. */
    private static boolean retryable(Throwable failure) {
        String state = sqlState(failure);
        return "40P01".equals(state) || "40001".equals(state);
    }

    /** PostgreSQL's SQL state, wherever Hibernate Reactive wrapped the driver's exception. */
    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            if (t instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
