package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.webhook.domain.StatusEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The two ways facts reach {@code webhook}'s tables, each in one transaction: status webhooks and
 * batch outcomes. Rows are taken in wamid order so that concurrent transactions over the same
 * messages queue up instead of deadlocking.
 */
@ApplicationScoped
public class StatusRecorder {

    private final MessageStatusRepository messageStatuses;
    private final SendFailureRepository sendFailures;
    private final InstantSource clock;

    StatusRecorder(MessageStatusRepository messageStatuses, SendFailureRepository sendFailures, InstantSource clock) {
        this.messageStatuses = messageStatuses;
        this.sendFailures = sendFailures;
        this.clock = clock;
    }

    /** Persists the statuses of one webhook POST; completes after commit. @return messages whose row changed */
    public Uni<Long> recordStatuses(List<StatusEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        Map<String, List<StatusEvent>> byWamid = events.stream()
                .collect(Collectors.groupingBy(StatusEvent::wamid, TreeMap::new, Collectors.toList()));
        var now = now();
        return Panache.withTransaction(() -> sequentially(byWamid.entrySet().stream()
                .map(e -> (Supplier<Uni<Boolean>>) () -> messageStatuses.merge(e.getKey(), e.getValue(), null, now))
                .toList()));
    }

    /**
     * Ties each accepted wamid to its campaign recipient (status at least {@code accepted}) and
     * records the sends that never got one. Idempotent: the same outcome again changes nothing.
     * @return rows that changed
     */
    public Uni<Long> recordOutcome(BatchOutcome outcome) {
        var now = now();
        List<Supplier<Uni<Boolean>>> writes = outcome.recipients().stream()
                .sorted(Comparator.comparing((RecipientOutcome r) -> r.wamid() == null ? "" : r.wamid())
                        .thenComparingLong(RecipientOutcome::sequence))
                .map(r -> (Supplier<Uni<Boolean>>) () -> switch (r.result()) {
                    case ACCEPTED -> messageStatuses.merge(r.wamid(), List.of(StatusEvent.accepted(r.wamid(), now)),
                            new RecipientLink(outcome.campaignId(), r.sequence(), r.country()), now);
                    case FAILED, UNKNOWN, HALTED -> sendFailures.record(outcome.campaignId(), r, now);
                    // paused or cancelled before the call: the sender released the claim, nothing happened yet
                    case DEFERRED -> Uni.createFrom().item(false);
                })
                .toList();
        return Panache.withTransaction(() -> sequentially(writes));
    }

    /** One statement at a time: a reactive session is not to be used concurrently. */
    private static Uni<Long> sequentially(List<Supplier<Uni<Boolean>>> writes) {
        return Multi.createFrom().iterable(writes)
                .onItem().transformToUniAndConcatenate(Supplier::get)
                .filter(Boolean::booleanValue)
                .collect().with(Collectors.counting());
    }

    // PostgreSQL keeps microseconds: truncating here makes a re-read row equal to what was written
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
