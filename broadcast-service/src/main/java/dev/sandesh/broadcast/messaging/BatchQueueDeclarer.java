package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Declares the batches and control routes from the producing side (DESIGN.md §3: every side
 * declares the queues it uses), so batches published before sender-service ever ran wait in the
 * queue instead of being dropped by an exchange with no binding. The declaration itself is the one
 * every service shares ({@link RouteDeclarer}); an existing queue is left as it is.
 */
@ApplicationScoped
public class BatchQueueDeclarer {

    private static final Logger LOG = Logger.getLogger(BatchQueueDeclarer.class);
    private static final List<Topology.Route> ROUTES = List.of(Topology.BATCHES, Topology.CONTROL);

    private final BroadcastConfig config;
    private final RouteDeclarer.Broker broker;

    public BatchQueueDeclarer(BroadcastConfig config, Config settings) {
        this.config = config;
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.declareBatchQueue()) {
            return;
        }
        // Not fatal: sender-service declares the same queues when it starts.
        RouteDeclarer.declareOrExplain(broker, "broadcast-service-topology", ROUTES).ifPresentOrElse(
                why -> LOG.warnf("%s; batches wait for sender-service to declare them", why),
                () -> LOG.infof("declared routes %s on %s", ROUTES.stream().map(Topology.Route::queue).toList(), broker));
    }
}
