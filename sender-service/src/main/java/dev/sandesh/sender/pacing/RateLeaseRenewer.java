package dev.sandesh.sender.pacing;

import dev.sandesh.sender.domain.NumberRateBucket;
import dev.sandesh.sender.domain.RateBucketsByNumber;
import dev.sandesh.sender.domain.RateShares;
import dev.sandesh.sender.persistence.RateLeaseStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps this pod's lease on each number it sends for ({@link RateShares}, stored by
 * {@link RateLeaseStore}) and feeds the share into the number's pacing bucket: the first waiter of
 * a number without a share asks for one at once, and while the pod has recipients waiting for the
 * number the lease is renewed every {@code sandesh.sender.lease.renew-every} (sooner while it
 * waits for others to shrink, or right after another pod's lease lapses). A renewal that finds
 * nothing waiting releases the lease; the loop then sleeps until a recipient waits again. A 130429
 * renews at once, halving the number's shared rate in the same transaction.
 *
 * <p>A renewal that fails (database unreachable) or has not answered after a ttl is tried again at the next period; the bucket
 * stops granting by itself when the share's time is up ({@link RateShares#usableUntil}), before
 * the lease expires in the database and another pod may take it. On shutdown every lease is
 * released, so the others take over within one renewal period instead of one ttl.
 *
 * <p>Renewals of one number by this pod never overlap: one is in flight at a time, and a request
 * during it runs right after.
 */
@ApplicationScoped
public class RateLeaseRenewer implements SendSlotQueue.ShareListener {

    private static final Logger LOG = Logger.getLogger(RateLeaseRenewer.class);

    private final RateLeaseStore store;
    private final SendSlotQueue slots;
    private final RateBucketsByNumber buckets;
    private final RateShares shares;
    private final Vertx vertx;
    private final InstantSource clock;
    private final ConcurrentMap<String, NumberLease> leases = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public RateLeaseRenewer(RateLeaseStore store, SendSlotQueue slots, RateBucketsByNumber buckets, RateShares shares, Vertx vertx,
                            InstantSource clock) {
        this.store = store;
        this.slots = slots;
        this.buckets = buckets;
        this.shares = shares;
        this.vertx = vertx;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        if (buckets.leased()) {
            slots.listen(this);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopped = true;
        for (NumberLease lease : leases.values()) {
            synchronized (lease) {
                if (lease.timer >= 0) {
                    vertx.cancelTimer(lease.timer);
                    lease.timer = -1;
                }
            }
        }
        if (leases.isEmpty()) {
            return;
        }
        leases.keySet().forEach(number -> buckets.forNumber(number).withdrawShare()); // stop using them first
        try {
            int released = store.releaseAll().await().atMost(Duration.ofSeconds(3));
            LOG.infof("released %d rate lease(s) of %s", released, store.instanceId());
        } catch (RuntimeException e) {
            LOG.warnf("could not release the rate leases of %s (they expire after %s): %s", store.instanceId(), shares.ttl(),
                    e.toString());
        }
    }

    @Override
    public void wanted(String phoneNumberId) {
        renewNow(phoneNumberId, false);
    }

    @Override
    public void throttled(String phoneNumberId) {
        renewNow(phoneNumberId, true);
    }

    private void renewNow(String number, boolean throttle) {
        if (stopped || buckets.forNumber(number).unlimited()) {
            return;
        }
        NumberLease lease = leases.computeIfAbsent(number, NumberLease::new);
        synchronized (lease) {
            lease.throttlePending |= throttle;
            if (lease.inFlight) {
                // A renewal taking a share is on its way (every waiter arriving meanwhile would ask):
                // run another only for a throttle, or when the one in flight releases the lease.
                lease.again |= throttle || !lease.inFlightWanted;
                return;
            }
            lease.inFlight = true;
            if (lease.timer >= 0) {
                vertx.cancelTimer(lease.timer);
                lease.timer = -1;
            }
        }
        renew(lease);
    }

    private void renew(NumberLease lease) {
        NumberRateBucket bucket = buckets.forNumber(lease.number);
        boolean wanted = slots.wanted(lease.number, shares.renewEvery());
        boolean throttle;
        synchronized (lease) {
            throttle = lease.throttlePending;
            lease.throttlePending = false;
            lease.inFlightWanted = wanted;
        }
        Instant started = clock.instant();
        store.renew(lease.number, buckets.rateOf(lease.number), wanted, throttle, bucket::lowerShare)
                // a renewal that never answers (a connection lost mid-query) would hold inFlight for ever
                // and this pod would never renew again: after a ttl it is a failure, tried again
                .ifNoItem().after(shares.ttl()).fail()
                .subscribe().with(renewal -> {
                    if (wanted) {
                        bucket.grant(renewal.share(), started, shares.usableUntil(started));
                    } else {
                        bucket.withdrawShare();
                    }
                    slots.shareChanged(lease.number);
                    report(lease, renewal, wanted);
                    finished(lease, renewal.nextRenewal(), wanted);
                }, failure -> {
                    if (throttle) {
                        synchronized (lease) {
                            lease.throttlePending = true;
                        }
                    }
                    if (!lease.failing) {
                        LOG.warnf("phone number %s: could not renew this pod's rate lease (it sends until %s at most, then stops): %s",
                                lease.number, shares.usableUntil(started), failure.toString());
                    }
                    lease.failing = true;
                    finished(lease, shares.renewEvery(), true);
                });
    }

    /** Schedules the next renewal, or stops renewing when nothing waits (until a recipient waits again). */
    private void finished(NumberLease lease, Duration next, boolean wanted) {
        boolean now;
        synchronized (lease) {
            lease.inFlight = false;
            // A recipient may have arrived while the lease was being released: it found the share still
            // there, so it did not ask; it is seen here.
            boolean waitingAgain = !wanted && slots.wanted(lease.number, Duration.ZERO);
            if (stopped || (!wanted && !waitingAgain && !lease.again)) {
                return;
            }
            now = lease.again || waitingAgain;
            lease.again = false;
            lease.inFlight = now;
            if (!now) {
                lease.timer = vertx.setTimer(Math.max(1, next.toMillis()), id -> {
                    synchronized (lease) {
                        lease.timer = -1;
                        if (lease.inFlight || stopped) {
                            return;
                        }
                        lease.inFlight = true;
                    }
                    renew(lease);
                });
            }
        }
        if (now) {
            renew(lease);
        }
    }

    /** One INFO line when the number's holders change (a pod came, went or lapsed), none per renewal. */
    private void report(NumberLease lease, RateShares.Renewal renewal, boolean wanted) {
        if (lease.failing) {
            LOG.infof("phone number %s: rate lease renewed again", lease.number);
            lease.failing = false;
        }
        int holders = wanted ? renewal.holders() : 0;
        if (holders != lease.holders) {
            LOG.infof("phone number %s: %s", lease.number, wanted
                    ? String.format(Locale.ROOT, "this pod's share %.1f/s of %.1f/s (%d pod(s) sending; fair share %.1f/s)",
                            renewal.share(), renewal.numberRate(), renewal.holders(), renewal.fairShare())
                    : "nothing waiting, rate lease released");
            lease.holders = holders;
        }
    }

    /** This pod's renewal state for one number. */
    private static final class NumberLease {
        final String number;
        boolean inFlight;
        boolean again;
        boolean throttlePending;
        /** What the renewal in flight asks: a share (true) or the lease's release. */
        boolean inFlightWanted;
        long timer = -1;
        volatile boolean failing;
        volatile int holders;

        NumberLease(String number) {
            this.number = number;
        }
    }
}
