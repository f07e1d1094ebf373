package dev.sandesh.broadcast.client;

import dev.sandesh.contracts.pricing.CampaignCost;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The fault-tolerant way to a campaign's cost. Unlike progress, cost has no honest fallback value
 * (zeros would read as "free"), so every failure — timeout, open breaker, an error status — is
 * {@link CostReading.Unavailable}, and the API answers 503.
 */
@ApplicationScoped
public class CampaignCostGateway {

    private static final Logger LOG = Logger.getLogger(CampaignCostGateway.class);

    private final WebhookCostClient client;

    public CampaignCostGateway(@RestClient WebhookCostClient client) {
        this.client = client;
    }

    public sealed interface CostReading {

        record Cost(CampaignCost cost) implements CostReading {
        }

        record Unavailable() implements CostReading {
        }
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<CostReading> cost(UUID campaignId) {
        return client.cost(campaignId).map(CostReading.Cost::new);
    }

    Uni<CostReading> unavailable(UUID campaignId) {
        LOG.debugf("cost of campaign %s unavailable", campaignId);
        return Uni.createFrom().item(new CostReading.Unavailable());
    }
}
