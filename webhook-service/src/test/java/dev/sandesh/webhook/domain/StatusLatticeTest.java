package dev.sandesh.webhook.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.sandesh.webhook.domain.DeliveryStatus.ACCEPTED;
import static dev.sandesh.webhook.domain.DeliveryStatus.DELIVERED;
import static dev.sandesh.webhook.domain.DeliveryStatus.FAILED;
import static dev.sandesh.webhook.domain.DeliveryStatus.READ;
import static dev.sandesh.webhook.domain.DeliveryStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

class StatusLatticeTest {

    private static final Instant T0 = Instant.ofEpochSecond(1_750_030_000L);

    private static StatusEvent event(DeliveryStatus status, long secondsAfterT0) {
        return new StatusEvent("wamid.A", status, T0.plusSeconds(secondsAfterT0), "919812345678", null, null);
    }

    private static StatusEvent failure(long secondsAfterT0, int code, String title) {
        return new StatusEvent("wamid.A", FAILED, T0.plusSeconds(secondsAfterT0), "919812345678", null, new StatusError(code, title));
    }

    private static MessageState fold(StatusEvent... events) {
        return StatusLattice.fold(List.of(events));
    }

    @Test
    void statusesMoveForwardThroughSentDeliveredRead() {
        MessageState state = fold(event(ACCEPTED, 0), event(SENT, 1), event(DELIVERED, 2), event(READ, 3));

        assertThat(state.status()).isEqualTo(READ);
        assertThat(state.acceptedAt()).isEqualTo(T0);
        assertThat(state.sentAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(state.deliveredAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(state.readAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void lateSentNeverMovesDeliveredBack() {
        MessageState state = fold(event(DELIVERED, 2), event(SENT, 1));

        assertThat(state.status()).isEqualTo(DELIVERED);
        assertThat(state.sentAt()).as("the late status's own time is still kept").isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void lateDeliveredAfterReadKeepsReadAndRecordsWhenItWasDelivered() {
        MessageState state = fold(event(READ, 5), event(DELIVERED, 3));

        assertThat(state.status()).isEqualTo(READ);
        assertThat(state.deliveredAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void readImpliesDeliveredWhenDeliveredNeverComes() {
        MessageState state = fold(event(SENT, 1), event(READ, 4));

        assertThat(state.delivered()).isTrue();
        assertThat(state.deliveredAt()).as("no delivered webhook, no invented timestamp").isNull();
    }

    @Test
    void failedReplacesAcceptedAndSent() {
        assertThat(fold(event(ACCEPTED, 0), failure(1, 131026, "Message undeliverable")).status()).isEqualTo(FAILED);
        assertThat(fold(event(SENT, 0), failure(1, 131026, "Message undeliverable")).status()).isEqualTo(FAILED);
    }

    @Test
    void failedIsNeverMovedBackBySentOrAccepted() {
        MessageState state = fold(failure(1, 131026, "Message undeliverable"), event(SENT, 0), event(ACCEPTED, 0));

        assertThat(state.status()).isEqualTo(FAILED);
        assertThat(state.error()).isEqualTo(new StatusError(131026, "Message undeliverable"));
    }

    @Test
    void failedNeverDowngradesRead() {
        MessageState state = fold(event(READ, 3), failure(4, 131049, "Marketing cap"));

        assertThat(state.status()).isEqualTo(READ);
        assertThat(state.failedAt()).as("the failure report is kept for audit").isEqualTo(T0.plusSeconds(4));
        assertThat(state.error().code()).isEqualTo(131049);
    }

    @Test
    void failedNeverDowngradesDelivered() {
        assertThat(fold(event(DELIVERED, 3), failure(4, 131026, "x")).status()).isEqualTo(DELIVERED);
    }

    @Test
    void deliveredAfterFailedWinsBecauseArrivalOrderMustNotDecide() {
        assertThat(fold(failure(4, 131026, "x"), event(DELIVERED, 3)).status()).isEqualTo(DELIVERED);
    }

    @Test
    void duplicateWebhookIsANoOp() {
        MessageState once = fold(event(SENT, 1), event(DELIVERED, 2));

        assertThat(StatusLattice.apply(once, event(DELIVERED, 2))).isEqualTo(once);
        assertThat(StatusLattice.apply(once, event(DELIVERED, 9))).as("a retry with a later time keeps the first").isEqualTo(once);
    }

    @Test
    void earliestFailureKeepsItsError() {
        MessageState state = fold(failure(7, 131049, "Marketing cap"), failure(5, 131026, "Message undeliverable"));

        assertThat(state.failedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.error()).isEqualTo(new StatusError(131026, "Message undeliverable"));
    }

    @Test
    void pricingIsJoinedFieldByField() {
        StatusEvent sent = new StatusEvent("wamid.A", SENT, T0, null, new Pricing(true, "PMP", "regular", "marketing"), null);
        StatusEvent delivered = new StatusEvent("wamid.A", DELIVERED, T0.plusSeconds(1), null, new Pricing(null, "PMP", "regular", "marketing"), null);

        assertThat(fold(delivered, sent).pricing()).isEqualTo(new Pricing(true, "PMP", "regular", "marketing"));
    }

    @Test
    void errorsOnlyBelongToFailures() {
        StatusEvent sentWithError = new StatusEvent("wamid.A", SENT, T0, null, null, new StatusError(1, "odd"));

        assertThat(StatusLattice.start(sentWithError).error()).isNull();
    }

    @Test
    void webhookStatusesMetaMayAddAreNotOurs() {
        assertThat(DeliveryStatus.fromWebhook("played")).isEmpty();
        assertThat(DeliveryStatus.fromWebhook("accepted")).as("accepted only comes from the send's answer").isEmpty();
        assertThat(DeliveryStatus.fromWebhook(null)).isEmpty();
        assertThat(DeliveryStatus.fromWebhook("DELIVERED")).contains(DELIVERED);
    }
}
