package dev.sandesh.sender.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the sender pods sending for one business number share its rate: each pod holds a
 * {@link RateLease} on a share, renewed every {@code renewEvery}, and each renewal re-divides the
 * number's current rate ({@link NumberRate}) among the pods that have recipients waiting for it.
 * The renewal runs in one transaction holding the number's row lock (persistence.RateLeaseStore),
 * so renewals of one number are serialised and each sees every other pod's lease as committed.
 *
 * <p><b>The sum of the shares in use never exceeds the number's rate</b>, at any instant:
 * <ul>
 *   <li>A pod takes at most what is free: the rate minus every other live lease (even one bigger
 *       than its fair share, whose pod has not yet renewed). A newcomer so first gets a lease of
 *       share 0, which counts it as a holder; each incumbent shrinks to the fair share at its next
 *       renewal, and the newcomer grows into what they freed at its own next one.</li>
 *   <li>A pod that shrinks lowers its local share <em>before</em> its transaction commits
 *       (another pod can take the freed share only after the commit), and grows only after it.</li>
 *   <li>A lease lasts {@code ttl} from the renewal's database time. The pod uses it until
 *       {@link #usableUntil} (the time it <em>started</em> the renewal, plus {@code ttl}, on its
 *       own clock), which is never later than the database's expiry; a pod that cannot renew
 *       (database down, partitioned, stalled) so stops sending before anyone may take its share.</li>
 *   <li>A pod that died without releasing keeps its share until its lease expires; the first
 *       renewal after that drops it, and the others grow into it over their next renewals.</li>
 *   <li>A pod with nothing waiting for the number releases its lease (share 0 locally first).</li>
 * </ul>
 * A lone pod gets the whole rate. The shares are equal among the pods that want to send; a pod
 * with nothing to send takes none. After a 130429 halves the number's current rate, the pod that got
 * it halves its own share at once and the others shrink at their next renewal, at most
 * {@code renewEvery} later; until then their sum stays within the configured rate, not yet within
 * the halved one.
 *
 * <p>Times of leases are the database's clock ({@code now} of the renewal), so the pods' clocks
 * need not agree; only each pod's own clock measures how long it may use its share.
 */
public final class RateShares {

    /** Shares are whole thousandths of a message/s, rounded down, so that they never add up past the rate. */
    private static final double GRAIN = 1000;
    /** A pod waiting for others to shrink renews this often (a fraction of renewEvery) to grow into their share soon. */
    private static final int CATCH_UP_RENEWALS = 4;
    private static final Duration MIN_RENEWAL = Duration.ofMillis(50);
    /** A renewal right after another pod's lease expired: just past the expiry. */
    private static final Duration PAST_EXPIRY = Duration.ofMillis(5);

    private final Duration ttl;
    private final Duration renewEvery;
    private final double recoveryFraction;

    /**
     * @param ttl              how long a lease lasts without renewal
     * @param renewEvery       how often a pod renews (well below {@code ttl}: a few may fail)
     * @param recoveryFraction share of a number's rate regained per second after a 130429 (AIMD)
     */
    public RateShares(Duration ttl, Duration renewEvery, double recoveryFraction) {
        if (!renewEvery.isPositive() || ttl.compareTo(renewEvery) <= 0) {
            throw new IllegalArgumentException("the lease ttl (" + ttl + ") must be longer than its renewal period (" + renewEvery + ")");
        }
        this.ttl = ttl;
        this.renewEvery = renewEvery;
        this.recoveryFraction = recoveryFraction;
    }

    /**
     * What one pod's renewal decides.
     *
     * @param share       what the pod may send at now (messages/s)
     * @param fairShare   its equal part of the number's current rate among the pods that want to send
     * @param numberRate  the number's current rate (after any throttle)
     * @param holders     pods holding a live lease, this one included when it wants to send
     * @param expired     instance ids of leases that expired: to delete
     * @param lease       this pod's lease to write; empty: delete it (nothing to send)
     * @param nextRenewal when to renew again
     */
    public record Renewal(double share, double fairShare, double numberRate, int holders, List<String> expired,
                          Optional<RateLease> lease, Duration nextRenewal) {
    }

    /**
     * Re-divides the number's rate for pod {@code me}.
     *
     * @param wanted  {@code me} has recipients waiting (or had within the last renewal period)
     * @param number  the number's row, read under its lock
     * @param leases  every lease of the number, live or not, {@code me}'s included
     * @param now     the database's time of the renewal
     */
    public Renewal renew(String me, boolean wanted, NumberRate number, List<RateLease> leases, Instant now) {
        double rate = number.current(now, recoveryFraction);
        List<String> expired = new ArrayList<>();
        List<RateLease> others = new ArrayList<>();
        for (RateLease lease : leases) {
            if (lease.instanceId().equals(me)) {
                continue; // replaced or deleted below, live or not
            }
            if (lease.liveAt(now)) {
                others.add(lease);
            } else {
                expired.add(lease.instanceId());
            }
        }
        Duration next = untilFirstExpiry(others, now, renewEvery);
        if (!wanted) {
            return new Renewal(0, 0, rate, others.size(), expired, Optional.empty(), next);
        }
        int holders = others.size() + 1;
        double fair = roundDown(rate / holders);
        double taken = others.stream().mapToDouble(RateLease::share).sum();
        double share = roundDown(Math.min(fair, Math.max(0, rate - taken)));
        if (share < fair) {
            // Others have not shrunk yet: look again soon, and grow into what they free.
            next = min(next, max(MIN_RENEWAL, renewEvery.dividedBy(CATCH_UP_RENEWALS)));
        }
        return new Renewal(share, fair, rate, holders, expired, Optional.of(new RateLease(me, share, now.plus(ttl))), next);
    }

    /** A 130429: the number's shared rate halved (empty when another pod's throttle less than a second ago did it). */
    public Optional<NumberRate> throttle(NumberRate number, Instant now) {
        return number.throttled(now, recoveryFraction);
    }

    /**
     * Until when a pod may use the share a renewal gave it: the moment (its own clock) it
     * <em>started</em> the renewal plus {@code ttl}. The database stamped the lease's expiry later
     * than that start, with the same {@code ttl}, so the pod stops no later than the lease expires.
     */
    public Instant usableUntil(Instant renewalStartedAt) {
        return renewalStartedAt.plus(ttl);
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration renewEvery() {
        return renewEvery;
    }

    /**
     * A lease that is not renewed (its pod died) expires at its time: renew just after it, when that
     * is sooner than the next regular renewal, so its share is taken over at once.
     */
    private static Duration untilFirstExpiry(List<RateLease> others, Instant now, Duration regular) {
        Duration next = regular;
        for (RateLease lease : others) {
            next = min(next, Duration.between(now, lease.expiresAt()).plus(PAST_EXPIRY));
        }
        return max(MIN_RENEWAL, next);
    }

    private static double roundDown(double rate) {
        return Math.floor(rate * GRAIN) / GRAIN;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
