package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.persistence.CampaignControlStore;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * AMQP adapter of campaign controls: reads {@link CampaignControl} (pause, resume, cancel) from
 * {@code sender.control} and applies it to the {@link CampaignControlStore}: the in-memory view at
 * once (the next rate slot of the campaign sees it), the database before the ack. Poison is
 * dead-lettered at once with the reason; a database outage is waited out ({@link Deliveries}): a
 * PAUSE or CANCEL is never dead-lettered, and the in-memory view holds it meanwhile.
 */
@ApplicationScoped
public class ControlConsumer {

    private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

    private final CampaignControlStore controls;
    private final SendLedgerRepository ledger;
    private final SenderConfig config;
    private final Deliveries deliveries;

    public ControlConsumer(CampaignControlStore controls, SendLedgerRepository ledger, SenderConfig config, Deliveries deliveries) {
        this.controls = controls;
        this.ledger = ledger;
        this.config = config;
        this.deliveries = deliveries;
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
            LOG.warnf("dead-lettering a poison control message: %s", poison.getMessage());
            return deliveries.deadLetter(message, Topology.CONTROL, poison);
        }
        return deliveries.settle(message, "control", "campaign " + control.campaignId() + " " + control.command(), () -> apply(control));
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
