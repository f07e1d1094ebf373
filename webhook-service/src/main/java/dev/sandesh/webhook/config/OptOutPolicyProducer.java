package dev.sandesh.webhook.config;

import dev.sandesh.contracts.OptOut.Scope;
import dev.sandesh.webhook.domain.OptOutPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The opt-out keywords and their scopes of {@code sandesh.webhook.opt-out.*} as the domain's policy. */
public class OptOutPolicyProducer {

    @Produces
    @Singleton
    OptOutPolicy optOutPolicy(WebhookConfig config) {
        WebhookConfig.OptOutKeywords keywords = config.optOut();
        Map<String, Scope> scopes = new HashMap<>();
        keywords.scopes().forEach((word, scope) -> scopes.put(word, scope("sandesh.webhook.opt-out.scopes." + word, scope)));
        return new OptOutPolicy(keywords.stopKeywords(), keywords.startKeywords(), keywords.stopPayloads(), scopes,
                scope("sandesh.webhook.opt-out.default-scope", keywords.defaultScope()));
    }

    /** marketing or all, any case; anything else stops the start with the key named. */
    static Scope scope(String key, String value) {
        try {
            return Scope.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be marketing or all, not '" + value + "'", e);
        }
    }
}
