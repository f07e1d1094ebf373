package dev.sandesh.simulator.webhook;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.config.SimulatorState;
import dev.sandesh.simulator.domain.AcceptedMessage;
import dev.sandesh.simulator.domain.DeliveryStatus;
import dev.sandesh.simulator.domain.HeldMessages;
import dev.sandesh.simulator.domain.RecipientOutcome;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.StatusUpdate;
import dev.sandesh.simulator.domain.WamidGenerator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every {@code flush-interval}, takes the statuses that are due and coalesces them into POSTs of
 * at most {@code max-statuses-per-post} statuses per phone number, as Meta batches several
 * statuses into one notification. A share of POSTs is sent twice ({@code webhook.duplicate-share}),
 * as Meta's retries and concurrency produce duplicates. The same timer releases held messages
 * whose wait is over, and lets users who reply ({@code replies-text}, {@code replies-button}) answer
 * right after their {@code read}, quoting the message ({@code context.id} = its wamid, CLOUD-API-MORE §3.9).
 */
@Singleton
public class StatusFlusher {

    private final Vertx vertx;
    private final StatusSchedule schedule;
    private final StatusWebhookPayload payload;
    private final WebhookDispatcher dispatcher;
    private final InstantSource clock;
    private final SimulatorState state;
    private final SendAudit audit;
    private final long intervalMillis;
    private final int maxPerPost;
    private final HeldMessages held;
    private final InboundWebhookPayload inbound;
    private final WamidGenerator wamids;

    /** What a {@code replies-text} user writes back. */
    static final String REPLY_TEXT = "Thank you, looks delicious!";
    private volatile long timerId = -1;
    /** Each delivery reported with pricing, for pricing_analytics. */
    private final dev.sandesh.simulator.domain.PricingLedger ledger;

    public StatusFlusher(Vertx vertx, StatusSchedule schedule, StatusWebhookPayload payload,
                         WebhookDispatcher dispatcher, InstantSource clock, SimulatorConfig config,
                         SimulatorState state, SendAudit audit, HeldMessages held, InboundWebhookPayload inbound,
                         WamidGenerator wamids, dev.sandesh.simulator.domain.PricingLedger ledger) {
        this.ledger = ledger;
        this.held = held;
        this.inbound = inbound;
        this.wamids = wamids;
        this.state = state;
        this.audit = audit;
        this.vertx = vertx;
        this.schedule = schedule;
        this.payload = payload;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.intervalMillis = Math.max(1L, config.webhook().flushInterval().toMillis());
        this.maxPerPost = Math.max(1, config.webhook().maxStatusesPerPost());
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(intervalMillis, id -> flush());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Posts every status due now; runs on the timer's event loop, the schedule's only consumer. */
    void flush() {
        long now = System.nanoTime();
        for (AcceptedMessage released : held.releaseDue(now)) {
            schedule.accepted(released.withOutcome(RecipientOutcome.READ), now);
        }
        List<StatusUpdate> due;
        do {
            due = schedule.drainDue(System.nanoTime(), clock.instant().getEpochSecond(), maxPerPost);
            if (!due.isEmpty()) {
                byPhoneNumber(due).forEach((phoneNumberId, updates) -> {
                    byte[] body = payload.write(phoneNumberId, updates);
                    dispatcher.dispatch(body, updates);
                    if (state.quirks().drawDuplicate(ThreadLocalRandom.current())) {
                        audit.duplicatePost();
                        dispatcher.dispatch(body, updates);
                    }
                });
                due.forEach(ledger::record);
                due.forEach(this::replyIfTheUserDoes);
            }
        } while (due.size() == maxPerPost);
    }

    private void replyIfTheUserDoes(StatusUpdate update) {
        AcceptedMessage m = update.message();
        if (update.status() != DeliveryStatus.READ || !m.fate().outcome().replies() || m.bsuid()) {
            return;
        }
        boolean button = m.fate().outcome() == RecipientOutcome.REPLIES_BUTTON && m.quickReply() != null;
        byte[] body = inbound.message(new InboundWebhookPayload.InboundMessage(m.phoneNumberId(), m.recipientId(),
                "Test User", wamids.next(), clock.instant().getEpochSecond(), button ? null : REPLY_TEXT,
                button ? m.quickReply().payload() : null, button ? m.quickReply().text() : null, m.wamid()));
        audit.inboundPost();
        dispatcher.dispatchInbound("messages", body);
    }

    private static Map<String, List<StatusUpdate>> byPhoneNumber(List<StatusUpdate> updates) {
        Map<String, List<StatusUpdate>> grouped = new LinkedHashMap<>();
        for (StatusUpdate update : updates) {
            grouped.computeIfAbsent(update.message().phoneNumberId(), id -> new ArrayList<>()).add(update);
        }
        return grouped;
    }
}
