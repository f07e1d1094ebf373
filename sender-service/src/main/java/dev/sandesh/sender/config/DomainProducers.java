package dev.sandesh.sender.config;

import dev.sandesh.sender.domain.BreakerRequeueDelay;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.EarlyHalt;
import dev.sandesh.sender.domain.RateBucketsByNumber;
import dev.sandesh.sender.domain.RateShares;
import dev.sandesh.sender.domain.SendPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Builds the framework-free domain objects from configuration, once. */
public class DomainProducers {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    RateBucketsByNumber rateBuckets(SenderConfig config, InstantSource clock) {
        // Leased: each bucket paces at this pod's share of its number's rate (pacing.RateLeaseRenewer).
        return new RateBucketsByNumber(config.rate(), config.numberRate(), config.rateRecovery(), config.burstWindow(), true, clock);
    }

    @Produces
    @Singleton
    RateShares rateShares(SenderConfig config) {
        return new RateShares(config.lease().ttl(), config.lease().renewEvery(), config.rateRecovery());
    }

    @Produces
    @Singleton
    SendPolicy sendPolicy(SenderConfig config) {
        RandomGenerator jitter = new RandomGenerator() {
            @Override
            public long nextLong() {
                return ThreadLocalRandom.current().nextLong();
            }
        };
        return new SendPolicy(new SendPolicy.Limits(config.throughputRetries(), config.throughputBackoff(),
                config.pairRateRetries(), config.pairRateBackoff(), config.maintenanceRetries(), config.maintenancePause()), jitter);
    }

    @Produces
    @Singleton
    BreakerRequeueDelay breakerRequeueDelay(SenderConfig config) {
        return new BreakerRequeueDelay(config.breakerRequeueDelay(), config.breakerRequeueMaxDelay());
    }

    @Produces
    @Singleton
    CampaignGate campaignGate() {
        return new CampaignGate();
    }

    @Produces
    @Singleton
    EarlyHalt earlyHalt(SenderConfig config) {
        return new EarlyHalt(config.earlyHaltSends());
    }
}
