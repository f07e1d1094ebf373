package dev.sandesh.webhook.config;

import dev.sandesh.webhook.domain.OptOutPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The opt-out keywords of {@code sandesh.webhook.opt-out.*} as the domain's policy. */
public class OptOutPolicyProducer {

    @Produces
    @Singleton
    OptOutPolicy optOutPolicy(WebhookConfig config) {
        WebhookConfig.OptOutKeywords keywords = config.optOut();
        return new OptOutPolicy(keywords.stopKeywords(), keywords.startKeywords(), keywords.stopPayloads());
    }
}
