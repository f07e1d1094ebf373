package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchPlannerTest {

    private static final TemplateRef TEMPLATE = new TemplateRef("sandesh_demo", "en", "marketing");

    private static List<SendBatch.Recipient> recipients(int n) {
        return LongStream.range(0, n).mapToObj(i -> new SendBatch.Recipient(i * 2, "+9198000" + String.format("%05d", i), "IN", List.of("p" + i))).toList();
    }

    @Test
    void recipientsAreCutIntoNumberedBatchesInSequenceOrder() {
        UUID id = UUID.randomUUID();
        List<SendBatch> batches = new BatchPlanner(100).plan(id, "106540352242922", TEMPLATE, recipients(250));

        assertThat(batches).extracting(SendBatch::batchNumber).containsExactly(0, 1, 2);
        assertThat(batches).extracting(b -> b.recipients().size()).containsExactly(100, 100, 50);
        assertThat(batches.get(1).recipients().getFirst().sequence()).isEqualTo(200);
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.campaignId()).isEqualTo(id);
            assertThat(b.template()).isEqualTo(TEMPLATE);
        });
    }

    @Test
    void batchCountRoundsUp() {
        assertThat(new BatchPlanner(100).batchCount(0)).isZero();
        assertThat(new BatchPlanner(100).batchCount(100)).isEqualTo(1);
        assertThat(new BatchPlanner(100).batchCount(101)).isEqualTo(2);
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new BatchPlanner(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCampaignIsCompleteOnlyWhenEveryValidRecipientIsTerminal() {
        UUID id = UUID.randomUUID();
        CampaignStats someDelivered = new CampaignStats(id, 0, 0, 1, 2, 1, 0, 0, Map.of(), null, null);
        CampaignStats allTerminal = new CampaignStats(id, 0, 0, 0, 2, 1, 0, 1, Map.of(), null, null);

        assertThat(new CampaignProgress(4, someDelivered, false).everyRecipientTerminal()).isFalse();
        assertThat(new CampaignProgress(4, someDelivered, false).queued()).isZero();
        assertThat(new CampaignProgress(4, allTerminal, false).everyRecipientTerminal()).isTrue();
        assertThat(new CampaignProgress(4, CampaignStats.empty(id), true).everyRecipientTerminal()).isFalse();
        assertThat(new CampaignProgress(4, CampaignStats.empty(id), true).queued()).isEqualTo(4);
    }
}
