package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.webhook.config.WebhookConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Declares, at startup, the route the opt-out outbox publishes to: {@code sandesh.optouts} →
 * {@code broadcast.optouts}, a quorum queue bound with {@code #}, with its dead-letter queue — the
 * declaration every service shares ({@link RouteDeclarer}), the same broadcast-service's consumer
 * makes. Without it, a STOP relayed before broadcast-service's first start would be confirmed by
 * the broker and routed nowhere. A queue that already exists is left as it is; a broker that is
 * down only costs a warning.
 */
@ApplicationScoped
public class OptOutsTopology {

    private static final Logger LOG = Logger.getLogger(OptOutsTopology.class);

    private final WebhookConfig config;
    private final RouteDeclarer.Broker broker;

    public OptOutsTopology(WebhookConfig config, Config settings) {
        this.config = config;
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
    }

    void declareOnStart(@Observes StartupEvent start) {
        if (config.declareOptOutsQueue()) {
            RouteDeclarer.declareOrExplain(broker, "webhook-service-topology", List.of(Topology.OPTOUTS)).ifPresentOrElse(
                    LOG::warn, () -> LOG.infof("declared %s on %s", Topology.OPTOUTS.queue(), broker));
        }
    }
}
