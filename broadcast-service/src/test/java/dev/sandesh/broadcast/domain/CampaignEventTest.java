package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import static dev.sandesh.broadcast.domain.CampaignState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignEventTest {

    @Test
    void runningForTheFirstTimeIsStartedAfterAPauseOrAHaltResumed() {
        assertThat(CampaignEvent.of(DRAFT, RUNNING)).isEqualTo(CampaignEvent.STARTED);
        assertThat(CampaignEvent.of(SCHEDULED, RUNNING)).isEqualTo(CampaignEvent.STARTED);
        assertThat(CampaignEvent.of(PAUSED, RUNNING)).isEqualTo(CampaignEvent.RESUMED);
        assertThat(CampaignEvent.of(HALTED, RUNNING)).isEqualTo(CampaignEvent.RESUMED);
    }

    @Test
    void everyOtherMoveIsNamedAfterItsTarget() {
        assertThat(CampaignEvent.of(DRAFT, SCHEDULED)).isEqualTo(CampaignEvent.SCHEDULED);
        assertThat(CampaignEvent.of(RUNNING, PAUSED)).isEqualTo(CampaignEvent.PAUSED);
        assertThat(CampaignEvent.of(PAUSED, HALTED)).isEqualTo(CampaignEvent.HALTED);
        assertThat(CampaignEvent.of(RUNNING, COMPLETED)).isEqualTo(CampaignEvent.COMPLETED);
        assertThat(CampaignEvent.of(HALTED, CANCELLED)).isEqualTo(CampaignEvent.CANCELLED);
    }

    @Test
    void aMoveTheStateMachineRefusesHasNoEvent() {
        assertThatThrownBy(() -> CampaignEvent.of(COMPLETED, RUNNING)).isInstanceOf(IllegalCampaignTransition.class);
    }
}
