package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.SendBatch;

/**
 * The sender is shutting down ({@link SenderDrain}) and did not finish the batch: what it sent is
 * recorded, the rest released. The batch goes back to the broker (AMQP: nack with requeue; the
 * CloudEvents adapter: 503), never to a dead-letter queue, and its redelivery reports every recipient.
 */
public final class SenderDrainedException extends RuntimeException {

    private final int released;

    SenderDrainedException(SendBatch batch, int released) {
        super("campaign " + batch.campaignId() + " batch " + batch.batchNumber() + ": the sender is shutting down ("
                + released + " recipients released); hand the batch back for redelivery", null, false, false);
        this.released = released;
    }

    /** Recipients whose claims were released (0: the batch was refused before its claim). */
    public int released() {
        return released;
    }
}
