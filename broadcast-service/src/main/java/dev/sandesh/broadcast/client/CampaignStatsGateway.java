package dev.sandesh.broadcast.client;

import dev.sandesh.contracts.CampaignStats;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The fault-tolerant way to webhook-service's stats: progress must still answer when
 * webhook-service is down or scaled to zero, so a slow or failed call falls back to zeros marked
 * stale instead of failing the caller's request. The breaker stops hammering a service that is down.
 */
@ApplicationScoped
public class CampaignStatsGateway {

    private static final Logger LOG = Logger.getLogger(CampaignStatsGateway.class);

    private final WebhookStatsClient client;

    public CampaignStatsGateway(@RestClient WebhookStatsClient client) {
        this.client = client;
    }

    /** @param stats the counts; @param stale true when they are the fallback's zeros */
    public record StatsReading(CampaignStats stats, boolean stale) {
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "staleZeros")
    public Uni<StatsReading> stats(UUID campaignId, Instant quietBefore, Instant haltedSince) {
        return client.stats(campaignId, quietBefore.toString(), haltedSince == null ? null : haltedSince.toString())
                .map(stats -> new StatsReading(stats, false));
    }

    /**
     * webhook-service's answer to a page of per-recipient states: the page, or that it could not
     * give one. Every failure (timeout, open breaker, an error status, a refused connection) is
     * {@link Unavailable}, after the retries: the fault-tolerance types stay in this class.
     */
    public sealed interface RecipientStates {

        record Page(RecipientStatePage page) implements RecipientStates {
        }

        record Unavailable() implements RecipientStates {
        }
    }

    /**
     * A page of per-recipient states. The fallback is not an empty page, which would read as "no
     * outcomes", but {@link RecipientStates.Unavailable}.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "recipientsUnavailable")
    public Uni<RecipientStates> recipients(UUID campaignId, long after, int limit, String state, Integer errorCode) {
        return client.recipients(campaignId, after, limit, state, errorCode).map(RecipientStates.Page::new);
    }

    Uni<RecipientStates> recipientsUnavailable(UUID campaignId, long after, int limit, String state, Integer errorCode) {
        LOG.debugf("recipient states of campaign %s unavailable", campaignId);
        return Uni.createFrom().item(new RecipientStates.Unavailable());
    }

    Uni<StatsReading> staleZeros(UUID campaignId, Instant quietBefore, Instant haltedSince) {
        LOG.debugf("stats of campaign %s unavailable; answering stale zeros", campaignId);
        return Uni.createFrom().item(new StatsReading(CampaignStats.empty(campaignId), true));
    }
}
