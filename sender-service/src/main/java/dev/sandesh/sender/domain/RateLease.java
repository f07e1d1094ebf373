package dev.sandesh.sender.domain;

import java.time.Instant;

/**
 * One sender pod's lease on a share of a number's rate (row {@code sender.rate_lease}): the pod may
 * send at {@code share} messages/s until {@code expiresAt} (database time). A pod holds a lease only
 * while it has recipients waiting for the number; a lease of share 0 says "I want some" and makes
 * the others shrink on their next renewal.
 */
public record RateLease(String instanceId, double share, Instant expiresAt) {

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
