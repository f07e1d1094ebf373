package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import static dev.sandesh.broadcast.domain.CampaignState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignStateTest {

    @Test
    void aDraftStartsRunsAndCompletes() {
        assertThat(DRAFT.moveTo(RUNNING).moveTo(COMPLETED)).isEqualTo(COMPLETED);
    }

    @Test
    void aRunningCampaignCanPauseAndResume() {
        assertThat(RUNNING.moveTo(PAUSED).moveTo(RUNNING)).isEqualTo(RUNNING);
    }

    @Test
    void aScheduledCampaignStartsOrIsCancelled() {
        assertThat(DRAFT.moveTo(SCHEDULED).next()).containsExactlyInAnyOrder(RUNNING, CANCELLED);
    }

    @Test
    void aHaltedCampaignResumesOrIsCancelledOnceItsCauseIsFixed() {
        assertThat(HALTED.next()).containsExactlyInAnyOrder(RUNNING, CANCELLED);
        assertThat(HALTED.isTerminal()).isFalse();
        assertThat(RUNNING.moveTo(HALTED).moveTo(RUNNING).moveTo(COMPLETED)).isEqualTo(COMPLETED);
    }

    @Test
    void terminalStatesGoNowhere() {
        for (CampaignState end : new CampaignState[]{COMPLETED, CANCELLED}) {
            assertThat(end.isTerminal()).isTrue();
            for (CampaignState any : values()) {
                assertThat(end.canMoveTo(any)).as(end + " -> " + any).isFalse();
            }
        }
        assertThat(RUNNING.isTerminal()).isFalse();
    }

    @Test
    void aDraftCannotCompleteWithoutRunning() {
        assertThatThrownBy(() -> DRAFT.moveTo(COMPLETED))
                .isInstanceOf(IllegalCampaignTransition.class)
                .hasMessageContaining("DRAFT campaign cannot become COMPLETED");
    }

    @Test
    void aCompletedCampaignCannotRunAgain() {
        assertThatThrownBy(() -> COMPLETED.moveTo(RUNNING)).isInstanceOf(IllegalCampaignTransition.class);
        assertThat(RUNNING.canMoveTo(DRAFT)).isFalse();
    }
}
