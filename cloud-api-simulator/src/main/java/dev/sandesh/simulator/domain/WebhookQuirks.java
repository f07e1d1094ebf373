package dev.sandesh.simulator.domain;

import java.util.random.RandomGenerator;

/**
 * The delivery quirks Meta documents for status webhooks (CLOUD-API.md "Webhooks"), each as a
 * share of messages or POSTs: a POST delivered twice, a message whose {@code sent} arrives after
 * its next status, a message whose {@code delivered} is skipped because it was read at once.
 */
public record WebhookQuirks(double duplicateShare, double reorderShare, double skipDeliveredShare) {

    public static final WebhookQuirks NONE = new WebhookQuirks(0, 0, 0);

    public WebhookQuirks {
        check("duplicateShare", duplicateShare);
        check("reorderShare", reorderShare);
        check("skipDeliveredShare", skipDeliveredShare);
    }

    public boolean drawDuplicate(RandomGenerator random) {
        return duplicateShare > 0 && random.nextDouble() < duplicateShare;
    }

    public boolean drawReorder(RandomGenerator random) {
        return reorderShare > 0 && random.nextDouble() < reorderShare;
    }

    public boolean drawSkipDelivered(RandomGenerator random) {
        return skipDeliveredShare > 0 && random.nextDouble() < skipDeliveredShare;
    }

    private static void check(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }
}
