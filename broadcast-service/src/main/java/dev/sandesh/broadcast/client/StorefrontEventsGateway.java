package dev.sandesh.broadcast.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

/**
 * The fault-tolerant way to webhook-service's storefront events (it keeps the outbox): a slow or
 * failed call, after its retries, is {@link EventPages.Unavailable} — never an empty page, which
 * would read as "nothing happened" and let a storefront skip ahead. The fault-tolerance types stay here.
 */
@ApplicationScoped
public class StorefrontEventsGateway {

    private static final Logger LOG = Logger.getLogger(StorefrontEventsGateway.class);

    private final WebhookEventsClient client;

    public StorefrontEventsGateway(@RestClient WebhookEventsClient client) {
        this.client = client;
    }

    /** A page, or that webhook-service could not give one. */
    public sealed interface EventPages {

        record Page(StorefrontEventPage page) implements EventPages {
        }

        record Unavailable() implements EventPages {
        }
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<EventPages> events(long after, int limit) {
        return client.events(after, limit).map(EventPages.Page::new);
    }

    Uni<EventPages> unavailable(long after, int limit) {
        LOG.debugf("storefront events after %d unavailable", after);
        return Uni.createFrom().item(new EventPages.Unavailable());
    }
}
