package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration STALL = Duration.ofMinutes(2);
    private static final Duration DEAD = Duration.ofMinutes(10);

    private static ConsumerProgress progress(boolean connected, long ready, Instant last, Instant backlogSince,
                                             Instant disconnectedSince, Instant waitingSince) {
        return new ConsumerProgress(connected, ready, last, Optional.ofNullable(backlogSince),
                Optional.ofNullable(disconnectedSince), Optional.ofNullable(waitingSince));
    }

    @Test
    void anIdleConsumerOfAnEmptyQueueIsUp() {
        var idle = progress(true, 0, T0, null, null, null);
        assertThat(idle.ready(T0.plus(Duration.ofHours(5)), STALL).up()).isTrue();
        assertThat(idle.live(T0.plus(Duration.ofHours(5)), DEAD, true).up()).isTrue();
    }

    @Test
    void aBacklogJustSeenAfterALongIdleIsNotAStall() {
        var justArrived = progress(true, 12, T0, T0.plus(Duration.ofHours(1)), null, null);
        assertThat(justArrived.ready(T0.plus(Duration.ofHours(1)).plusSeconds(5), STALL).up()).isTrue();
    }

    @Test
    void messagesWaitingWithNothingConsumedMakeItUnreadyThenDead() {
        var stalled = progress(true, 12, T0, T0, null, null);
        assertThat(stalled.ready(T0.plusSeconds(119), STALL).up()).isTrue();
        var unready = stalled.ready(T0.plusSeconds(120), STALL);
        assertThat(unready.up()).isFalse();
        assertThat(unready.reason()).contains("12 message(s) waiting");
        assertThat(stalled.live(T0.plusSeconds(599), DEAD, true).up()).isTrue();
        assertThat(stalled.live(T0.plusSeconds(600), DEAD, true).up()).isFalse();
    }

    @Test
    void progressResetsTheStall() {
        var consuming = progress(true, 500, T0.plusSeconds(590), T0, null, null);
        assertThat(consuming.ready(T0.plusSeconds(600), STALL).up()).isTrue();
        assertThat(consuming.live(T0.plusSeconds(600), DEAD, true).up()).isTrue();
    }

    @Test
    void waitingOutAnOutageIsUnreadyButLive() {
        var waiting = progress(true, 40, T0, T0, null, T0);
        assertThat(waiting.ready(T0.plus(Duration.ofHours(1)), STALL).reason()).contains("waiting out an outage");
        assertThat(waiting.live(T0.plus(Duration.ofHours(1)), DEAD, true).up()).isTrue();
    }

    @Test
    void aDisconnectedChannelIsUnreadyAndDeadOnlyWhileTheBrokerAnswers() {
        var disconnected = progress(false, 0, T0, null, T0, null);
        assertThat(disconnected.ready(T0.plusSeconds(1), STALL).up()).isFalse();
        assertThat(disconnected.live(T0.plus(DEAD), DEAD, false).up()).isTrue();
        assertThat(disconnected.live(T0.plus(DEAD).minusSeconds(1), DEAD, true).up()).isTrue();
        assertThat(disconnected.live(T0.plus(DEAD), DEAD, true).up()).isFalse();
    }
}
