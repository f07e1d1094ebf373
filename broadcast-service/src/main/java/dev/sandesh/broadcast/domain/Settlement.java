package dev.sandesh.broadcast.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a recipient with no final report counts as settled (DESIGN.md §4): accepted, sent or
 * UNKNOWN with no news for {@code after} ({@code sandesh.broadcast.settle-after}, 72 h by default).
 * Meta keeps trying to deliver for up to 30 days and never reports read for users with read
 * receipts off (CLOUD-API-MORE §3.9), so waiting for read or delivered would leave campaigns
 * RUNNING for ever; 72 h covers the deliveries that come at all in practice.
 *
 * @param after how long without news settles a recipient
 */
public record Settlement(Duration after) {

    public Settlement {
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new IllegalArgumentException("settle-after must not be negative: " + after);
        }
    }

    /** The cutoff webhook-service counts quiet recipients against: news before it is old news. */
    public Instant quietBefore(Instant now) {
        return now.minus(after);
    }
}
