package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cuts a campaign's valid recipients into {@link SendBatch}es of at most {@code batchSize},
 * in sequence order, numbered from 0. The same recipients always give the same batches, so a
 * campaign published twice produces the same messages (and the sender's ledger skips repeats).
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

    public List<SendBatch> plan(UUID campaignId, String phoneNumberId, TemplateRef template, List<SendBatch.Recipient> valid) {
        List<SendBatch> batches = new ArrayList<>(batchCount(valid.size()));
        for (int from = 0, number = 0; from < valid.size(); from += batchSize, number++) {
            List<SendBatch.Recipient> slice = valid.subList(from, Math.min(from + batchSize, valid.size()));
            batches.add(new SendBatch(campaignId, number, phoneNumberId, template, slice));
        }
        return batches;
    }

    public static SendBatch.Recipient toRecipient(ScreenedRecipient recipient) {
        if (!recipient.isValid()) {
            throw new IllegalArgumentException("recipient " + recipient.sequence() + " was rejected: " + recipient.rejection());
        }
        return new SendBatch.Recipient(recipient.sequence(), recipient.phoneE164(), recipient.country(), recipient.entry().parameters());
    }
}
