package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusScheduleTest {

    private static final long MS = 1_000_000L;

    private final StatusSchedule schedule =
            new StatusSchedule(Duration.ofMillis(50), Duration.ofMillis(150), Duration.ofMillis(300));

    private static AcceptedMessage message(String wamid, boolean undeliverable) {
        return new AcceptedMessage(wamid, "106540352242922", "919812345678", "marketing", null,
                undeliverable ? AcceptedMessage.Fate.of(RecipientOutcome.UNDELIVERABLE) : AcceptedMessage.Fate.NORMAL);
    }

    @Test
    void reportsSentThenDeliveredThenReadEachAtItsDelay() {
        schedule.accepted(message("w1", false), 0);
        assertThat(schedule.drainDue(49 * MS, 1, 100)).isEmpty();
        assertThat(statuses(schedule.drainDue(50 * MS, 1, 100))).containsExactly(DeliveryStatus.SENT);
        assertThat(schedule.drainDue(149 * MS, 1, 100)).isEmpty();
        assertThat(statuses(schedule.drainDue(150 * MS, 1, 100))).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(schedule.awaiting()).isEqualTo(1);
        assertThat(statuses(schedule.drainDue(300 * MS, 1, 100))).containsExactly(DeliveryStatus.READ);
        assertThat(schedule.awaiting()).isZero();
        assertThat(schedule.drainDue(10_000 * MS, 1, 100)).isEmpty();
    }

    @Test
    void lateDrainKeepsEachMessagesStatusesInOrder() {
        schedule.accepted(message("w1", false), 0);
        List<StatusUpdate> all = schedule.drainDue(1_000 * MS, 1, 100);
        assertThat(statuses(all)).containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    }

    @Test
    void undeliverableRecipientGetsFailedAndNoRead() {
        schedule.accepted(message("w1", true), 0);
        List<StatusUpdate> all = schedule.drainDue(1_000 * MS, 1, 100);
        assertThat(statuses(all)).containsExactly(DeliveryStatus.SENT, DeliveryStatus.FAILED);
        assertThat(all.get(1).carriesPricing()).isFalse();
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void drainsAtMostMaxStatusesAtATime() {
        for (int i = 0; i < 250; i++) {
            schedule.accepted(message("w" + i, false), 0);
        }
        assertThat(schedule.drainDue(60 * MS, 1, 100)).hasSize(100);
        assertThat(schedule.drainDue(60 * MS, 1, 100)).hasSize(100);
        assertThat(schedule.drainDue(60 * MS, 1, 100)).hasSize(50);
        assertThat(schedule.drainDue(60 * MS, 1, 100)).isEmpty();
    }

    @Test
    void pricingRidesOnSentAndDeliveredOnly() {
        AcceptedMessage m = message("w1", false);
        assertThat(new StatusUpdate(m, DeliveryStatus.SENT, 1).carriesPricing()).isTrue();
        assertThat(new StatusUpdate(m, DeliveryStatus.DELIVERED, 1).carriesPricing()).isTrue();
        assertThat(new StatusUpdate(m, DeliveryStatus.READ, 1).carriesPricing()).isFalse();
    }

    private static List<DeliveryStatus> statuses(List<StatusUpdate> updates) {
        return updates.stream().map(StatusUpdate::status).toList();
    }
}
