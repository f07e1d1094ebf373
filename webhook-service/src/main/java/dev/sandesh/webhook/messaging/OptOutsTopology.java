package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.webhook.config.WebhookConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares, at startup, the routes the outboxes publish to: {@code sandesh.optouts} →
 * {@code broadcast.optouts} and {@code sandesh.templates} → {@code broadcast.templates}, quorum
 * queues bound with {@code #}, each with its dead-letter queue — the
 * declaration every service shares ({@link RouteDeclarer}), the same broadcast-service's consumer
 * makes. Without it, a STOP (or a template pause) relayed before broadcast-service's first start would be confirmed by
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
        List<Topology.Route> routes = new ArrayList<>();
        if (config.declareOptOutsQueue()) {
            routes.add(Topology.OPTOUTS);
        }
        if (config.declareTemplatesQueue()) {
            routes.add(Topology.TEMPLATES);
        }
        if (!routes.isEmpty()) {
            RouteDeclarer.declareOrExplain(broker, "webhook-service-topology", routes).ifPresentOrElse(
                    LOG::warn, () -> LOG.infof("declared %s on %s", routes.stream().map(Topology.Route::queue).toList(), broker));
        }
    }
}
