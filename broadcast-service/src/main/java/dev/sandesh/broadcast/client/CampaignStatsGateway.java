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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The fault-tolerant way to webhook-service's stats: progress must still answer when
 * webhook-service is down or scaled to zero, so a slow or failed call falls back to the last counts
 * this process read for the campaign (zeros if it read none), marked stale, instead of failing the
 * caller's request. The last readings are kept for the {@value #REMEMBERED} campaigns read most
 * recently (a big campaign's stats query can outgrow the timeout under load: its progress then
 * stands still rather than dropping to zero). The breaker stops hammering a service that is down.
 */
@ApplicationScoped
public class CampaignStatsGateway {

    private static final Logger LOG = Logger.getLogger(CampaignStatsGateway.class);

    /** Campaigns whose last good reading is remembered (least recently read forgotten first). */
    static final int REMEMBERED = 10_000;

    private final WebhookStatsClient client;
    private final Map<UUID, CampaignStats> lastReadings = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, CampaignStats> eldest) {
            return size() > REMEMBERED;
        }
    });

    public CampaignStatsGateway(@RestClient WebhookStatsClient client) {
        this.client = client;
    }

    /** @param stats the counts; @param stale true when they are the fallback's: the last reading, or zeros */
    public record StatsReading(CampaignStats stats, boolean stale) {
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "lastReadingOrZeros")
    public Uni<StatsReading> stats(UUID campaignId, Instant quietBefore, Instant haltedSince) {
        return client.stats(campaignId, quietBefore.toString(), haltedSince == null ? null : haltedSince.toString())
                .invoke(stats -> lastReadings.put(campaignId, stats))
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

    Uni<StatsReading> lastReadingOrZeros(UUID campaignId, Instant quietBefore, Instant haltedSince) {
        CampaignStats last = lastReadings.get(campaignId);
        LOG.debugf("stats of campaign %s unavailable; answering %s, stale", campaignId, last == null ? "zeros" : "the last reading");
        return Uni.createFrom().item(new StatsReading(last == null ? CampaignStats.empty(campaignId) : last, true));
    }
}
