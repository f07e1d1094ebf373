package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.sender.config.SenderConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * Declares the outcome route at startup: the {@code sandesh.outcomes} exchange and the
 * {@code webhook.outcomes} quorum queue bound with {@code #}, with its dead-letter queue — the
 * declaration every service shares ({@link RouteDeclarer}), the same webhook-service's consumer
 * makes. Without it, outcomes published before webhook-service's first start would be routed
 * nowhere and lost. A queue that already exists is left as it is; a broker that is down only costs
 * a warning (the connector reconnects on its own).
 */
@ApplicationScoped
public class OutcomesTopology {

    private static final Logger LOG = Logger.getLogger(OutcomesTopology.class);

    private final SenderConfig config;
    private final RouteDeclarer.Broker broker;

    public OutcomesTopology(SenderConfig config, Config settings) {
        this.config = config;
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
    }

    void declareOnStart(@Observes StartupEvent start) {
        if (!config.declareOutcomesQueue()) {
            return;
        }
        try {
            RouteDeclarer.declare(broker, "sender-service-topology", List.of(Topology.OUTCOMES));
            LOG.infof("declared %s bound to %s on %s", Topology.OUTCOMES.queue(), Topology.OUTCOMES.exchange(), broker);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not declare the outcome route (%s -> %s) at startup: %s",
                    Topology.OUTCOMES.exchange(), Topology.OUTCOMES.queue(), e.toString());
        }
    }
}
