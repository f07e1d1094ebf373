package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
    void pagesOfAnySizeGiveTheSameBatchesAsTheWholeList() {
        UUID id = UUID.randomUUID();
        BatchPlanner planner = new BatchPlanner(100);
        List<SendBatch.Recipient> all = recipients(250);
        for (int pageSize : new int[] {1, 7, 99, 100, 101, 250, 1_000}) {
            BatchPlanner.Cut cut = planner.cut(id, "106540352242922", TEMPLATE, BatchPlanner.Cursor.START);
            List<SendBatch> batches = new ArrayList<>();
            for (int from = 0; from < all.size(); from += pageSize) {
                batches.addAll(cut.add(all.subList(from, Math.min(from + pageSize, all.size()))));
            }
            batches.addAll(cut.finish());

            assertThat(batches).as("pages of %d", pageSize).isEqualTo(planner.plan(id, "106540352242922", TEMPLATE, all));
            assertThat(cut.end()).isEqualTo(new BatchPlanner.Cursor(498, 3));
            assertThat(cut.batches()).isEqualTo(3);
        }
    }

    @Test
    void aPageCompletesOnlyFullBatchesAndTheRestWaitsForTheNextPageOrTheFinish() {
        BatchPlanner.Cut cut = new BatchPlanner(100).cut(UUID.randomUUID(), "106540352242922", TEMPLATE, BatchPlanner.Cursor.START);
        List<SendBatch.Recipient> all = recipients(150);

        assertThat(cut.add(all.subList(0, 60))).isEmpty();
        assertThat(cut.add(all.subList(60, 150))).singleElement()
                .satisfies(b -> assertThat(b.recipients()).extracting(SendBatch.Recipient::sequence).startsWith(0L).endsWith(198L));
        assertThat(cut.finish()).singleElement().satisfies(b -> {
            assertThat(b.batchNumber()).isEqualTo(1);
            assertThat(b.recipients()).hasSize(50);
        });
        assertThatThrownBy(() -> cut.add(all.subList(0, 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLaterWindowContinuesTheNumberingWhereThePreviousWindowEnded() {
        // A campaign spread over two 24 h windows of 120 and 130 recipients: each window ends
        // with its own short batch, and the second window's numbers continue the first's.
        UUID id = UUID.randomUUID();
        BatchPlanner planner = new BatchPlanner(100);
        List<SendBatch.Recipient> all = recipients(250);

        BatchPlanner.Cut first = planner.cut(id, "106540352242922", TEMPLATE, BatchPlanner.Cursor.START);
        List<SendBatch> firstWindow = new ArrayList<>(first.add(all.subList(0, 120)));
        firstWindow.addAll(first.finish());
        BatchPlanner.Cursor stored = BatchPlanner.Cursor.after(first.end().afterSequence(), 0, first.batches());
        BatchPlanner.Cut second = planner.cut(id, "106540352242922", TEMPLATE, stored);
        List<SendBatch> secondWindow = new ArrayList<>(second.add(all.subList(120, 250)));
        secondWindow.addAll(second.finish());

        assertThat(firstWindow).extracting(SendBatch::batchNumber).containsExactly(0, 1);
        assertThat(firstWindow).extracting(b -> b.recipients().size()).containsExactly(100, 20);
        assertThat(stored).isEqualTo(first.end()).isEqualTo(new BatchPlanner.Cursor(238, 2));
        assertThat(secondWindow).extracting(SendBatch::batchNumber).containsExactly(2, 3);
        assertThat(secondWindow).extracting(b -> b.recipients().size()).containsExactly(100, 30);
        assertThat(secondWindow.getFirst().recipients().getFirst().sequence()).isEqualTo(240);
        assertThat(second.end()).isEqualTo(new BatchPlanner.Cursor(498, 4));
        assertThat(second.batches()).isEqualTo(2);
    }

    @Test
    void aRepublishedWindowGivesTheSameBatchesFromItsStoredCursor() {
        UUID id = UUID.randomUUID();
        BatchPlanner planner = new BatchPlanner(100);
        List<SendBatch.Recipient> window = recipients(250).subList(120, 250);
        BatchPlanner.Cursor stored = new BatchPlanner.Cursor(238, 2);

        BatchPlanner.Cut once = planner.cut(id, "106540352242922", TEMPLATE, stored);
        List<SendBatch> published = new ArrayList<>(once.add(window));
        published.addAll(once.finish());
        BatchPlanner.Cut again = planner.cut(id, "106540352242922", TEMPLATE, stored);
        List<SendBatch> republished = new ArrayList<>(again.add(window.subList(0, 77)));
        republished.addAll(again.add(window.subList(77, window.size())));
        republished.addAll(again.finish());

        assertThat(republished).isEqualTo(published);
    }

    @Test
    void aWindowWithNobodyLeftCutsNoBatchAndKeepsItsCursor() {
        BatchPlanner.Cursor from = new BatchPlanner.Cursor(238, 2);
        BatchPlanner.Cut cut = new BatchPlanner(100).cut(UUID.randomUUID(), "106540352242922", TEMPLATE, from);

        assertThat(cut.add(List.of())).isEmpty();
        assertThat(cut.finish()).isEmpty();
        assertThat(cut.end()).isEqualTo(from);
        assertThat(cut.batches()).isZero();
    }

    @Test
    void recipientsOutOfSequenceOrderAreRefused() {
        BatchPlanner.Cut cut = new BatchPlanner(100).cut(UUID.randomUUID(), "106540352242922", TEMPLATE, new BatchPlanner.Cursor(10, 0));

        assertThatThrownBy(() -> cut.add(recipients(3))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after 10");
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
    void aCampaignIsCompleteOnlyWhenEveryValidRecipientIsSettled() {
        UUID id = UUID.randomUUID();
        CampaignStats oneStillSent = new CampaignStats(id, 0, 1, 1, 1, 1, 0, 0, Map.of(), null, null);
        CampaignStats allSettled = new CampaignStats(id, 0, 0, 1, 1, 1, 0, 1, Map.of(), null, null);

        assertThat(new CampaignProgress(4, oneStillSent, false).everyRecipientSettled()).isFalse();
        assertThat(new CampaignProgress(4, oneStillSent, false).queued()).isZero();
        assertThat(new CampaignProgress(4, allSettled, false).everyRecipientSettled()).isTrue();
        assertThat(new CampaignProgress(4, CampaignStats.empty(id), true).everyRecipientSettled()).isFalse();
        assertThat(new CampaignProgress(4, CampaignStats.empty(id), true).queued()).isEqualTo(4);
    }
}
