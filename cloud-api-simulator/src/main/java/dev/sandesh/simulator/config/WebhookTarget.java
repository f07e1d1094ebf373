package dev.sandesh.simulator.config;

import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where status webhooks go now: starts from {@code sandesh.simulator.webhook-url} and can be
 * changed at runtime through {@code PUT /_simulator/config}. Empty (or {@code none}) = no webhooks.
 */
@Singleton
public class WebhookTarget {

    private final AtomicReference<Optional<String>> url;

    public WebhookTarget(SimulatorConfig config) {
        this.url = new AtomicReference<>(normalise(config.webhookUrl().orElse(null)));
    }

    public Optional<String> url() {
        return url.get();
    }

    public void change(String newUrl) {
        url.set(normalise(newUrl));
    }

    private static Optional<String> normalise(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }
}
