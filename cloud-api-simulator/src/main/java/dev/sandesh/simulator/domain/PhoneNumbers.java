package dev.sandesh.simulator.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The business phone numbers the simulated account owns: id → display number (the
 * {@code metadata.display_phone_number} of webhooks). Numbers can be added at runtime; each has
 * its own throughput limit in the {@link ThroughputLimiter}.
 */
public final class PhoneNumbers {

    private final Map<String, String> displayById = new ConcurrentHashMap<>();
    private final String defaultDisplay;

    public PhoneNumbers(Map<String, String> displayById, String defaultDisplay) {
        this.displayById.putAll(displayById);
        this.defaultDisplay = defaultDisplay;
    }

    public boolean owns(String phoneNumberId) {
        return displayById.containsKey(phoneNumberId);
    }

    public String display(String phoneNumberId) {
        return displayById.getOrDefault(phoneNumberId, defaultDisplay);
    }

    public Optional<String> any() {
        return ids().stream().findFirst();
    }

    public List<String> ids() {
        return displayById.keySet().stream().sorted().toList();
    }

    public void put(String phoneNumberId, String displayOrNull) {
        displayById.put(phoneNumberId, displayOrNull == null ? display(phoneNumberId) : displayOrNull);
    }
}
