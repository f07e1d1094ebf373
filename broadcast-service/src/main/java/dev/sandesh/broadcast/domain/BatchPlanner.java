package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cuts a campaign's valid recipients into {@link SendBatch}es of at most {@code batchSize}, in
 * sequence order, with consecutive batch numbers. The same recipients from the same {@link Cursor}
 * always give the same batches, so a campaign published twice produces the same messages (and the
 * sender's ledger skips repeats).
 *
 * <p>A campaign spread over release windows is cut one window at a time: each window's cut starts
 * at the {@link Cursor} where the previous window's ended, so its batch numbers continue those of
 * the window before (a batch never spans two windows, because a window's last batch may be short).
 * The recipients arrive as keyset pages of any size ({@link Cut#add}), so a campaign of any size
 * is cut in memory bounded by one page plus one batch.
 */
public final class BatchPlanner {

    private final int batchSize;

    public BatchPlanner(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchCount(int validRecipients) {
        return (validRecipients + batchSize - 1) / batchSize;
    }

    /**
     * Where a cut starts: after recipient {@code afterSequence}, with batch number {@code nextBatch}.
     * A campaign's first window starts at {@link #START}; every later one where the previous ended.
     */
    public record Cursor(long afterSequence, int nextBatch) {

        /** Before the first recipient (sequences start at 0), batch 0. */
        public static final Cursor START = new Cursor(-1, 0);

        /** The cursor after a released window that ended at {@code lastSequence} with {@code batches} batches from {@code firstBatch}. */
        public static Cursor after(long lastSequence, int firstBatch, int batches) {
            return new Cursor(lastSequence, firstBatch + batches);
        }
    }

    /** Starts cutting one window's (or a whole campaign's) recipients at {@code from}. */
    public Cut cut(UUID campaignId, String phoneNumberId, TemplateRef template, Cursor from) {
        return new Cut(campaignId, phoneNumberId, template, from);
    }

    /** All batches of {@code valid} recipients at once, numbered from 0: {@link #cut} for a list in memory. */
    public List<SendBatch> plan(UUID campaignId, String phoneNumberId, TemplateRef template, List<SendBatch.Recipient> valid) {
        Cut cut = cut(campaignId, phoneNumberId, template, Cursor.START);
        List<SendBatch> batches = new ArrayList<>(batchCount(valid.size()));
        batches.addAll(cut.add(valid));
        batches.addAll(cut.finish());
        return batches;
    }

    /**
     * One cut in progress. Not thread-safe: feed it pages in sequence order, one at a time, then
     * call {@link #finish()} once.
     */
    public final class Cut {

        private final UUID campaignId;
        private final String phoneNumberId;
        private final TemplateRef template;
        private final int firstBatch;
        private List<SendBatch.Recipient> pending = new ArrayList<>();
        private long lastSequence;
        private int nextBatch;
        private boolean finished;

        private Cut(UUID campaignId, String phoneNumberId, TemplateRef template, Cursor from) {
            this.campaignId = campaignId;
            this.phoneNumberId = phoneNumberId;
            this.template = template;
            this.firstBatch = from.nextBatch();
            this.lastSequence = from.afterSequence();
            this.nextBatch = from.nextBatch();
        }

        /** The batches this page completes; recipients short of a full batch wait for the next page or {@link #finish()}. */
        public List<SendBatch> add(List<SendBatch.Recipient> page) {
            if (finished) {
                throw new IllegalStateException("the cut is finished");
            }
            List<SendBatch> full = new ArrayList<>(page.size() / batchSize + 1);
            for (SendBatch.Recipient recipient : page) {
                if (recipient.sequence() <= lastSequence) {
                    throw new IllegalArgumentException("recipient " + recipient.sequence() + " is not after " + lastSequence);
                }
                lastSequence = recipient.sequence();
                pending.add(recipient);
                if (pending.size() == batchSize) {
                    full.add(batch());
                }
            }
            return full;
        }

        /** The last, short batch, if recipients are left over; the cut takes no more pages afterwards. */
        public List<SendBatch> finish() {
            finished = true;
            return pending.isEmpty() ? List.of() : List.of(batch());
        }

        /** Where the next window's cut starts: after the last recipient cut, with the next batch number. */
        public Cursor end() {
            return new Cursor(lastSequence, nextBatch);
        }

        /** Batches cut so far. */
        public int batches() {
            return nextBatch - firstBatch;
        }

        private SendBatch batch() {
            SendBatch batch = new SendBatch(campaignId, nextBatch++, phoneNumberId, template, List.copyOf(pending));
            pending = new ArrayList<>(batchSize);
            return batch;
        }
    }

    public static SendBatch.Recipient toRecipient(ScreenedRecipient recipient) {
        if (!recipient.isValid()) {
            throw new IllegalArgumentException("recipient " + recipient.sequence() + " was rejected: " + recipient.rejection());
        }
        return new SendBatch.Recipient(recipient.sequence(), recipient.phoneE164(), recipient.country(), recipient.entry().parameters());
    }
}
