package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.persistence.CampaignControlStore;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * AMQP adapter of campaign controls: reads {@link CampaignControl} (pause, resume, cancel) from
 * {@code sender.control} and applies it to the {@link CampaignControlStore}: the in-memory view at
 * once (the next rate slot of the campaign sees it), the database before the ack. Poison goes to the
 * DLQ at once; a database failure after bounded retries too.
 */
@ApplicationScoped
public class ControlConsumer {

    private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

    private final CampaignControlStore controls;
    private final SendLedgerRepository ledger;
    private final SenderConfig config;

    public ControlConsumer(CampaignControlStore controls, SendLedgerRepository ledger, SenderConfig config) {
        this.controls = controls;
        this.ledger = ledger;
        this.config = config;
    }

    private Uni<Void> releaseHalted(CampaignControl control) {
        return ledger.releaseHalted(control.campaignId()).chain(released -> {
            if (released == 0) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("campaign %s: RESUME released %d halted recipient(s) for sending", control.campaignId(), released);
            return control.phoneNumberId() != null && controls.gate().haltedNumbers().containsKey(control.phoneNumberId())
                    ? controls.liftNumber(control.phoneNumberId()).replaceWithVoid()
                    : Uni.createFrom().voidItem();
        });
    }

    @Incoming("control")
    public Uni<Void> consume(Message<byte[]> message) {
        CampaignControl control;
        try {
            control = WireJson.decode(AmqpBody.of(message), CampaignControl.class, CampaignControl.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("rejecting a control message to the dead-letter queue: %s", poison.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(poison));
        }
        return apply(control)
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("campaign %s control %s not stored after retries, rejecting it to the dead-letter queue: %s",
                            control.campaignId(), control.command(), failure.toString());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    /**
     * Shared with the CloudEvent adapter. A RESUME also releases the campaign's HALTED ledger rows,
     * so that the batches broadcast-service publishes after it send who was never sent. When there
     * were any, the operator resumed a halted campaign, which says its cause is fixed (a new token, a
     * paid bill: CLOUD-API-MORE §2), so a halt of its number is lifted too; otherwise every released
     * recipient would be halted again at once. {@code DELETE /internal/numbers/{id}/halt} still lifts
     * a number's halt without resuming anything. Idempotent, so the retries are safe.
     */
    public Uni<Void> apply(CampaignControl control) {
        return Uni.createFrom().deferred(() -> controls.apply(control).chain(() -> control.command() == CampaignControl.Command.RESUME
                        ? releaseHalted(control)
                        : Uni.createFrom().voidItem()))
                .onFailure().retry().withBackOff(config.stepBackoff(), config.stepBackoff().multipliedBy(16))
                .atMost(config.stepRetries());
    }
}
