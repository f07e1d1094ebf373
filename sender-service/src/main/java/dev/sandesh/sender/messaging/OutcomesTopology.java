package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.sender.config.SenderConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Declares, at startup, the routes this service publishes to: {@code sandesh.outcomes} →
 * {@code webhook.outcomes} and {@code sandesh.optouts} → {@code broadcast.optouts} (131050), and the queue it consumes
 * {@code sender.optouts} (bound to {@code sandesh.optouts}, so no opt-out published before its first start is lost), each a
 * quorum queue bound with {@code #}, with its dead-letter queue — the declaration every service
 * shares ({@link RouteDeclarer}), the same the consuming services make. Without it, what is
 * published before the consumer's first start would be routed nowhere and lost. A queue that already
 * exists is left as it is; a broker that is down only costs a warning (the connector reconnects on
 * its own).
 */
@ApplicationScoped
public class OutcomesTopology {

    private static final Logger LOG = Logger.getLogger(OutcomesTopology.class);
    private static final List<Topology.Route> ROUTES = List.of(Topology.OUTCOMES, Topology.OPTOUTS, Topology.SENDER_OPTOUTS);

    private final SenderConfig config;
    private final RouteDeclarer.Broker broker;

    public OutcomesTopology(SenderConfig config, Config settings) {
        this.config = config;
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
    }

    void declareOnStart(@Observes StartupEvent start) {
        if (config.declareOutcomesQueue()) {
            RouteDeclarer.declareOrExplain(broker, "sender-service-topology", ROUTES).ifPresentOrElse(LOG::warn,
                    () -> LOG.infof("declared %s on %s", ROUTES.stream().map(Topology.Route::queue).toList(), broker));
        }
    }
}
