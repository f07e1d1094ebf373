package dev.sandesh.broadcast.config;

import dev.sandesh.broadcast.domain.AudienceScreen;
import dev.sandesh.broadcast.domain.BatchPlanner;
import dev.sandesh.broadcast.domain.PhoneNormaliser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the framework-free domain rules from configuration. */
@ApplicationScoped
public class DomainProducer {

    @Produces
    @ApplicationScoped
    AudienceScreen audienceScreen(BroadcastConfig config) {
        return new AudienceScreen(new PhoneNormaliser(config.defaultRegion()));
    }

    @Produces
    @ApplicationScoped
    BatchPlanner batchPlanner(BroadcastConfig config) {
        return new BatchPlanner(config.batchSize());
    }
}
