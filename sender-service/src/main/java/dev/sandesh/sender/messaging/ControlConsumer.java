package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.persistence.CampaignControlStore;
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
    private final SenderConfig config;

    public ControlConsumer(CampaignControlStore controls, SenderConfig config) {
        this.controls = controls;
        this.config = config;
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

    /** Shared with the CloudEvent adapter. */
    public Uni<Void> apply(CampaignControl control) {
        return Uni.createFrom().deferred(() -> controls.apply(control))
                .onFailure().retry().withBackOff(config.stepBackoff(), config.stepBackoff().multipliedBy(16))
                .atMost(config.stepRetries());
    }
}
