package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.webhook.config.OutcomeConfig;
import dev.sandesh.webhook.persistence.StatusRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Handles one {@link BatchOutcome} body, whichever adapter received it (the AMQP channel here; an
 * HTTP CloudEvent endpoint on Knative). A body that is not a valid outcome fails at once with a
 * {@link WireFormatException} (poison: the adapter dead-letters it); any other failure is retried a
 * bounded number of times with back-off before it is handed back to the adapter.
 */
@ApplicationScoped
public class OutcomeHandler {

    private static final Logger LOG = Logger.getLogger(OutcomeHandler.class);

    private final StatusRecorder recorder;
    private final OutcomeConfig config;

    OutcomeHandler(StatusRecorder recorder, OutcomeConfig config) {
        this.recorder = recorder;
        this.config = config;
    }

    public Uni<Void> handle(byte[] body) {
        BatchOutcome outcome;
        try {
            outcome = decode(body);
        } catch (WireFormatException poison) {
            return Uni.createFrom().failure(poison);
        }
        return Uni.createFrom().deferred(() -> recorder.recordOutcome(outcome))
                .onFailure(failure -> !(failure instanceof WireFormatException))
                .retry().withBackOff(config.initialBackoff()).withJitter(0.3).atMost(config.maxRetries())
                .invoke(changed -> LOG.debugf("outcome of campaign %s batch %d: %d rows changed",
                        outcome.campaignId(), outcome.batchNumber(), changed))
                .replaceWithVoid();
    }

    static BatchOutcome decode(byte[] body) {
        BatchOutcome outcome = WireJson.decode(body, BatchOutcome.class, BatchOutcome.VERSION);
        for (BatchOutcome.RecipientOutcome recipient : outcome.recipients()) {
            if (recipient.result() == BatchOutcome.Result.ACCEPTED && (recipient.wamid() == null || recipient.wamid().isBlank())) {
                throw new WireFormatException("BatchOutcome of campaign " + outcome.campaignId()
                        + ": recipient " + recipient.sequence() + " is ACCEPTED without a wamid");
            }
        }
        return outcome;
    }
}
