package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.CampaignStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.broadcast.domain.CampaignState.*;
import static org.assertj.core.api.Assertions.assertThat;

class CampaignProgressTest {

    private static final UUID ID = UUID.randomUUID();

    /** accepted, sent, delivered, read, failed, unknown, halted */
    private static CampaignStats stats(long... counts) {
        return new CampaignStats(ID, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], Map.of(), null, null);
    }

    @Test
    void queuedIsValidMinusEveryOutcomeAndNeverNegative() {
        assertThat(new CampaignProgress(10, stats(1, 1, 1, 1, 1, 1, 1), false).queued()).isEqualTo(3);
        assertThat(new CampaignProgress(2, stats(0, 0, 0, 3, 0, 0, 0), false).queued()).isZero();
    }

    @Test
    void aRunningCampaignCompletesWhenEveryRecipientIsReadFailedOrHalted() {
        assertThat(new CampaignProgress(4, stats(0, 0, 0, 2, 1, 0, 0), false).settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(new CampaignProgress(3, stats(0, 0, 0, 2, 1, 0, 0), false).settle(RUNNING)).isEqualTo(COMPLETED);
    }

    @Test
    void deliveredIsSettledButAcceptedSentAndUnknownWithRecentNewsAreNot() {
        assertThat(new CampaignProgress(3, stats(0, 0, 2, 1, 0, 0, 0), false).settle(RUNNING)).isEqualTo(COMPLETED);
        assertThat(new CampaignProgress(3, stats(0, 0, 0, 2, 0, 1, 0), false).settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(new CampaignProgress(3, stats(1, 0, 0, 2, 0, 0, 0), false).settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(new CampaignProgress(3, stats(0, 1, 0, 2, 0, 0, 0), false).settle(RUNNING)).isEqualTo(RUNNING);
    }

    /** accepted, sent, unknown in total and, of them, quiet since the cutoff; 10 read */
    private static CampaignStats withQuiet(long accepted, long sent, long unknown, long quietAccepted, long quietSent, long quietUnknown) {
        return new CampaignStats(ID, accepted, sent, 0, 10, 0, unknown, 0, Map.of(), null, null, 0, 0, quietAccepted, quietSent, quietUnknown);
    }

    @Test
    void acceptedSentAndUnknownSettleOnceQuietSinceTheCutoff() {
        CampaignProgress allQuiet = new CampaignProgress(16, withQuiet(1, 3, 2, 1, 3, 2), false);

        assertThat(allQuiet.settle(RUNNING)).isEqualTo(COMPLETED);
        assertThat(allQuiet.settledWithoutReport()).isEqualTo(6);
        assertThat(allQuiet.completionReason()).isEqualTo("settled: 6 without a delivery report (1 accepted, 3 sent, 2 unknown)");
    }

    @Test
    void oneRecipientWithRecentNewsKeepsTheCampaignRunning() {
        CampaignProgress oneRecent = new CampaignProgress(16, withQuiet(1, 3, 2, 1, 2, 2), false);

        assertThat(oneRecent.settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(oneRecent.settledWithoutReport()).isEqualTo(5);
    }

    @Test
    void staleCountsNeverCompleteNorCountAsSettledWithoutReport() {
        CampaignProgress stale = new CampaignProgress(0, withQuiet(1, 0, 0, 1, 0, 0), true);

        assertThat(stale.settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(stale.settledWithoutReport()).isZero();
    }

    @Test
    void theCutoffIsSettleAfterBeforeNow() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(new Settlement(java.time.Duration.ofHours(72)).quietBefore(now)).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Settlement(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyHaltedRecipientHaltsARunningOrPausedCampaignEvenWhenEveryoneIsTerminal() {
        CampaignProgress progress = new CampaignProgress(3, stats(0, 0, 0, 2, 0, 0, 1), false);

        assertThat(progress.settle(RUNNING)).isEqualTo(HALTED);
        assertThat(progress.settle(PAUSED)).isEqualTo(HALTED);
        assertThat(progress.haltReason()).startsWith("1 recipient(s) were not sent");
    }

    @Test
    void aPausedCampaignIsNotCompletedAndFinishedOnesStayAsTheyAre() {
        CampaignProgress allRead = new CampaignProgress(3, stats(0, 0, 0, 3, 0, 0, 0), false);
        CampaignProgress halted = new CampaignProgress(3, stats(0, 0, 0, 0, 0, 0, 3), false);

        assertThat(allRead.settle(PAUSED)).isEqualTo(PAUSED);
        for (CampaignState state : new CampaignState[]{DRAFT, SCHEDULED, COMPLETED, CANCELLED, HALTED}) {
            assertThat(halted.settle(state)).as(state.name()).isEqualTo(state);
            assertThat(allRead.settle(state)).as(state.name()).isEqualTo(state);
        }
    }

    @Test
    void staleCountsNeverCompleteOrHalt() {
        assertThat(new CampaignProgress(0, stats(0, 0, 0, 0, 0, 0, 0), true).settle(RUNNING)).isEqualTo(RUNNING);
        assertThat(new CampaignProgress(3, stats(0, 0, 0, 0, 0, 0, 3), true).settle(RUNNING)).isEqualTo(RUNNING);
    }

    @Test
    void aRunningCampaignWithNoValidRecipientCompletesAtOnce() {
        assertThat(new CampaignProgress(0, stats(0, 0, 0, 0, 0, 0, 0), false).settle(RUNNING)).isEqualTo(COMPLETED);
    }

    @Test
    void throughputAndEtaComeFromTheFirstAndLastEvent() {
        CampaignStats s = new CampaignStats(ID, 1, 1, 1, 0, 0, 0, 0, Map.of(), Instant.parse("2025-10-20T06:30:00Z"),
                Instant.parse("2025-10-20T06:30:10Z"));
        CampaignProgress progress = new CampaignProgress(4, s, false);

        assertThat(progress.throughput()).isEqualTo(0.3);
        assertThat(progress.etaSeconds()).hasValue(4);
        assertThat(new CampaignProgress(4, s, true).etaSeconds()).as("stale").isEmpty();
        assertThat(new CampaignProgress(3, s, false).etaSeconds()).as("nothing queued").isEmpty();
        assertThat(new CampaignProgress(4, stats(1, 0, 0, 0, 0, 0, 0), false).throughput()).as("no events yet").isZero();
    }
}
