package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.webhook.domain.InboundReply;
import dev.sandesh.webhook.domain.MessageState;
import dev.sandesh.webhook.domain.StatusEvent;
import dev.sandesh.webhook.domain.StatusLattice;
import dev.sandesh.webhook.domain.StorefrontEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two ways facts reach {@code webhook}'s tables, each in one {@code Panache.withTransaction} on
 * a session of its own ({@link Transactions}): a batch of webhooks (raw bodies, their statuses and
 * opt-outs, see {@link IngestBatcher}) and a batch outcome.
 */
@ApplicationScoped
public class StatusRecorder {

    /** What one transaction of webhooks changed: rows written, the opt-outs and template events to publish after the commit. */
    public record Written(int rows, List<OptOut> newOptOuts, List<TemplateEventOutbox.Recorded> newTemplateEvents) {
    }

    private final Transactions transactions;
    private final MessageStatusWriter messageStatuses;
    private final SendFailureRepository sendFailures;
    private final RawEventRepository rawEvents;
    private final OptOutOutbox optOuts;
    private final TemplateEventOutbox templateEvents;
    private final InstantSource clock;
    private final StorefrontEvents storefrontEvents;
    private final Replies replies;

    StatusRecorder(Transactions transactions, MessageStatusWriter messageStatuses, SendFailureRepository sendFailures,
                   RawEventRepository rawEvents, OptOutOutbox optOuts, TemplateEventOutbox templateEvents, InstantSource clock,
                   StorefrontEvents storefrontEvents, Replies replies) {
        this.storefrontEvents = storefrontEvents;
        this.replies = replies;
        this.transactions = transactions;
        this.messageStatuses = messageStatuses;
        this.sendFailures = sendFailures;
        this.rawEvents = rawEvents;
        this.optOuts = optOuts;
        this.templateEvents = templateEvents;
        this.clock = clock;
    }

    /**
     * Archives {@code raw}, merges {@code statuses} (from any number of webhooks, in any order) and
     * records {@code optOutFacts} and {@code templateFacts} in their outboxes and {@code replyFacts}
     * ({@link Replies}), all in one transaction; completes after the commit.
     */
    public Uni<Written> recordWebhooks(List<RawEvent> raw, Collection<StatusEvent> statuses, List<OptOut> optOutFacts,
                                       List<TemplateEvent> templateFacts, List<InboundReply> replyFacts) {
        Instant now = now();
        List<StatusRow> rows = foldByWamid(statuses);
        return transactions.inTransaction(() -> rawEvents.insert(raw)
                .chain(() -> messageStatuses.upsert(rows, now))
                .call(() -> replies.record(replyFacts, now))
                .chain(changed -> optOuts.record(optOutFacts, now)
                        .chain(freshOptOuts -> templateEvents.record(templateFacts, now)
                                .map(freshTemplates -> new Written(changed, freshOptOuts, freshTemplates)))));
    }

    /**
     * Ties each accepted wamid to its campaign recipient (status at least {@code accepted}) and
     * records the sends that never got one. Idempotent: the same outcome again changes nothing.
     * @return rows that changed
     */
    public Uni<Long> recordOutcome(BatchOutcome outcome) {
        Instant now = now();
        Map<String, StatusRow> accepted = new TreeMap<>();
        Map<Long, RecipientOutcome> failures = new LinkedHashMap<>();
        List<String> held = new ArrayList<>();
        for (RecipientOutcome r : outcome.recipients()) {
            if (r.result() == BatchOutcome.Result.ACCEPTED && r.held()) {
                held.add(r.wamid());
            }
            switch (r.result()) {
                case ACCEPTED -> accepted.merge(r.wamid(),
                        new StatusRow(r.wamid(), StatusLattice.start(StatusEvent.accepted(r.wamid(), now)),
                                new RecipientLink(outcome.campaignId(), r.sequence(), r.country(), r.externalId())),
                        (first, second) -> first); // one wamid, one send: the first owner named is kept
                case FAILED, UNKNOWN, HALTED -> failures.put(r.sequence(), r);
                // paused or cancelled before the call: the sender released the claim, nothing happened yet
                case DEFERRED -> {
                }
            }
        }
        // a send Meta refused is a failed message for the storefront too (statuses reach it from the upsert)
        List<StorefrontEvent> refused = failures.values().stream()
                .filter(r -> r.result() == BatchOutcome.Result.FAILED)
                .map(r -> StorefrontEvent.sendFailed(outcome.campaignId(), r.sequence(), r.externalId(), r.errorCode(), r.errorTitle(), now))
                .toList();
        return transactions.inTransaction(() -> messageStatuses.upsert(accepted.values(), now)
                .call(() -> replies.held(held))
                .call(() -> replies.tie(accepted.keySet()))
                .chain(changed -> sendFailures.record(outcome.campaignId(), new ArrayList<>(failures.values()), now)
                        .chain(written -> storefrontEvents.add(refused).replaceWith((long) changed + written))));
    }

    /** One row per message: a batch may carry several statuses of one wamid, and one statement may touch a row once. */
    static List<StatusRow> foldByWamid(Collection<StatusEvent> statuses) {
        Map<String, MessageState> byWamid = new TreeMap<>();
        for (StatusEvent event : statuses) {
            byWamid.compute(event.wamid(), (wamid, state) -> StatusLattice.apply(state, event));
        }
        List<StatusRow> rows = new ArrayList<>(byWamid.size());
        byWamid.forEach((wamid, state) -> rows.add(new StatusRow(wamid, state, null)));
        return rows;
    }

    // PostgreSQL keeps microseconds: truncating here makes a re-read row equal to what was written
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
