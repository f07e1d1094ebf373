package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook sequences each fate produces (CLOUD-API.md "Webhooks"). */
class StatusFateTest {

    private static final long MS = 1_000_000L;

    private final StatusSchedule schedule = new StatusSchedule(new StatusSchedule.Delays(Duration.ofMillis(50),
            Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(20)));

    private static AcceptedMessage message(AcceptedMessage.Fate fate) {
        return new AcceptedMessage("w1", "106540352242922", "919812345678", "marketing", null, fate);
    }

    @Test
    void marketingFailuresAreReportedAsFailedOnlyWithoutPricing() {
        for (RecipientOutcome outcome : List.of(RecipientOutcome.MARKETING_CAP, RecipientOutcome.STOPPED_MARKETING)) {
            schedule.accepted(message(AcceptedMessage.Fate.of(outcome)), 0);
            List<StatusUpdate> all = schedule.drainDue(10_000 * MS, 1, 100);
            assertThat(statuses(all)).containsExactly(DeliveryStatus.FAILED);
            assertThat(all.get(0).errorCode()).isEqualTo(outcome.failureCode());
            assertThat(all.get(0).carriesPricing()).isFalse();
            assertThat(schedule.awaiting()).isZero();
        }
        assertThat(RecipientOutcome.MARKETING_CAP.failureCode()).isEqualTo(131049);
        assertThat(RecipientOutcome.STOPPED_MARKETING.failureCode()).isEqualTo(131050);
    }

    @Test
    void deliveredNeverReadStopsAtDelivered() {
        schedule.accepted(message(AcceptedMessage.Fate.of(RecipientOutcome.DELIVERED_NOT_READ)), 0);
        assertThat(statuses(schedule.drainDue(100_000 * MS, 1, 100)))
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void aRulesReadDelayOverridesTheDefault() {
        schedule.accepted(message(new AcceptedMessage.Fate(RecipientOutcome.READ, 5_000 * MS, false, false)), 0);
        assertThat(statuses(schedule.drainDue(4_999 * MS, 1, 100)))
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(schedule.awaiting()).isEqualTo(1);
        assertThat(statuses(schedule.drainDue(5_000 * MS, 1, 100))).containsExactly(DeliveryStatus.READ);
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void skippedDeliveredMovesThePricingToRead() {
        schedule.accepted(message(new AcceptedMessage.Fate(RecipientOutcome.READ, -1, true, false)), 0);
        List<StatusUpdate> all = schedule.drainDue(1_000 * MS, 1, 100);
        assertThat(statuses(all)).containsExactly(DeliveryStatus.SENT, DeliveryStatus.READ);
        assertThat(all.get(0).carriesPricing()).isTrue();
        assertThat(all.get(1).carriesPricing()).as("pricing on read when delivered is skipped").isTrue();
    }

    @Test
    void reorderedMessageReportsSentAfterItsNextStatus() {
        schedule.accepted(message(new AcceptedMessage.Fate(RecipientOutcome.READ, -1, false, true)), 0);
        assertThat(schedule.drainDue(100 * MS, 1, 100)).isEmpty();
        assertThat(statuses(schedule.drainDue(150 * MS, 1, 100))).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(statuses(schedule.drainDue(170 * MS, 1, 100))).containsExactly(DeliveryStatus.SENT);
        assertThat(statuses(schedule.drainDue(300 * MS, 1, 100))).containsExactly(DeliveryStatus.READ);
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void reorderedUndeliverableReportsFailedBeforeSent() {
        schedule.accepted(message(new AcceptedMessage.Fate(RecipientOutcome.UNDELIVERABLE, -1, false, true)), 0);
        List<StatusUpdate> first = schedule.drainDue(150 * MS, 1, 100);
        assertThat(statuses(first)).containsExactly(DeliveryStatus.FAILED);
        assertThat(first.get(0).errorCode()).isEqualTo(131026);
        assertThat(statuses(schedule.drainDue(200 * MS, 1, 100))).containsExactly(DeliveryStatus.SENT);
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void changedDelaysApplyToLaterMessages() {
        schedule.changeDelays(new StatusSchedule.Delays(Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(30), Duration.ofMillis(5)));
        schedule.accepted(message(AcceptedMessage.Fate.NORMAL), 0);
        assertThat(statuses(schedule.drainDue(30 * MS, 1, 100)))
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    }

    private static List<DeliveryStatus> statuses(List<StatusUpdate> updates) {
        return updates.stream().map(StatusUpdate::status).toList();
    }

    @Test
    void blockedUserStaysAtSent() {
        schedule.accepted(message(AcceptedMessage.Fate.of(RecipientOutcome.BLOCKED)), 0);
        assertThat(statuses(schedule.drainDue(100_000 * MS, 1, 100))).containsExactly(DeliveryStatus.SENT);
        assertThat(schedule.awaiting()).isZero();
    }

    @Test
    void failuresAfterSentComeWhereDeliveredWould() {
        for (RecipientOutcome outcome : List.of(RecipientOutcome.FAILED_AFTER_SENT, RecipientOutcome.COUNTRY_RESTRICTED)) {
            schedule.accepted(message(AcceptedMessage.Fate.of(outcome)), 0);
            List<StatusUpdate> all = schedule.drainDue(100_000 * MS, 1, 100);
            assertThat(statuses(all)).containsExactly(DeliveryStatus.SENT, DeliveryStatus.FAILED);
            assertThat(all.get(0).carriesPricing()).isTrue();
            assertThat(all.get(1).errorCode()).isEqualTo(outcome.failureCode());
            assertThat(all.get(1).carriesPricing()).isFalse();
        }
        assertThat(RecipientOutcome.FAILED_AFTER_SENT.failureCode()).isEqualTo(131049);
        assertThat(RecipientOutcome.COUNTRY_RESTRICTED.failureCode()).isEqualTo(130497);
    }

    @Test
    void pacingFailureHasNoSentAndRepliersReadFirst() {
        schedule.accepted(message(AcceptedMessage.Fate.of(RecipientOutcome.PACING_FAILED)), 0);
        List<StatusUpdate> failed = schedule.drainDue(100_000 * MS, 1, 100);
        assertThat(statuses(failed)).containsExactly(DeliveryStatus.FAILED);
        assertThat(failed.get(0).errorCode()).isEqualTo(132015);
        schedule.accepted(message(AcceptedMessage.Fate.of(RecipientOutcome.REPLIES_BUTTON)), 0);
        assertThat(statuses(schedule.drainDue(100_000 * MS, 1, 100)))
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    }

    @Test
    void heldMessagesWaitForTheirReleaseOrAVerdict() {
        HeldMessages held = new HeldMessages(Duration.ofSeconds(2));
        AcceptedMessage a = new AcceptedMessage("wa", "1", "919800000001", "marketing", null,
                AcceptedMessage.Fate.of(RecipientOutcome.HELD), false, "diwali_offer", "en", null);
        AcceptedMessage b = new AcceptedMessage("wb", "1", "919800000002", "marketing", null,
                AcceptedMessage.Fate.of(RecipientOutcome.HELD), false, "sandesh_demo", "en", null);
        held.hold(a, 0);
        held.hold(b, 500 * MS);
        assertThat(held.releaseDue(1_999 * MS)).isEmpty();
        assertThat(held.takeAll("sandesh_demo", "en")).containsExactly(b);
        assertThat(held.releaseDue(2_000 * MS)).containsExactly(a);
        assertThat(held.releaseDue(10_000 * MS)).as("b was taken by its verdict").isEmpty();
        assertThat(held.size()).isZero();
        HeldMessages onDemand = new HeldMessages(null);
        onDemand.hold(a, 0);
        assertThat(onDemand.releaseDue(Long.MAX_VALUE / 2)).isEmpty();
        assertThat(a.withOutcome(RecipientOutcome.READ).fate().outcome()).isEqualTo(RecipientOutcome.READ);
    }

    @Test
    void readReceiptsOffIsDeliveredNotRead() {
        assertThat(RecipientOutcome.parse("read-receipts-off")).isEqualTo(RecipientOutcome.DELIVERED_NOT_READ);
        assertThat(RecipientOutcome.parse("FAILED_AFTER_SENT")).isEqualTo(RecipientOutcome.FAILED_AFTER_SENT);
    }
}
