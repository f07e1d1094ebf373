package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.BatchPlanner;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.broadcast.domain.OverMessagingLimit;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.broadcast.persistence.CampaignWindow;
import dev.sandesh.broadcast.persistence.CampaignWindowStore;
import dev.sandesh.broadcast.persistence.StartEstimate;
import dev.sandesh.contracts.SendBatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * Starts campaigns and releases their recipients as batches.
 *
 * <p>Starting plans the campaign's release windows against its number's messaging limit (one
 * window when it fits; 24 h slices when it is spread; a refusal otherwise) under the campaign row's
 * lock (so a recipient upload either is in the plan or is refused: persistence.CampaignWindowStore#planLocked),
 * moves the campaign to RUNNING (conditionally: of two starts at once, one wins, and only the
 * winner publishes), takes the lease of its first due window and answers; the batches are published
 * in the background. So a campaign whose batches are being published, or were published only in
 * part, says RUNNING, and its answer says how many batches the broker confirmed so far
 * ({@code batches_published}).
 *
 * <p>Publishing is resumable batch by batch: each batch is recorded in the publish ledger after its
 * broker confirm ({@code published_batch}), and a window is published by one process at a time
 * (its lease, renewed with every confirm). When the broker stops confirming, the batches in flight
 * are finished and recorded, no new ones are sent and the lease is given up, with the campaign
 * RUNNING and {@code k} of {@code n} batches published; the scheduler tick (of any replica, also
 * right after a restart) finds the window due and unreleased and resumes with the first batch the
 * ledger does not hold. A process that dies mid-publish leaves a lease that runs out, and then the
 * same. There is no timeout over a whole campaign: each batch's confirm is bounded
 * (BatchPublisher), so a campaign of a million recipients takes as long as it takes.
 *
 * <p>The cutting and numbering of batches, within a window and across windows, is
 * {@link BatchPlanner}'s; this class feeds it pages from the database and publishes what it cuts.
 */
@ApplicationScoped
public class CampaignPublisher {

    private static final Logger LOG = Logger.getLogger(CampaignPublisher.class);

    /** Batches awaiting their broker confirm at once. */
    private static final int IN_FLIGHT = 16;

    /** Recipients read from the database per query while publishing. */
    private static final int PAGE = 5_000;

    /** The lease on a window being published, renewed with every confirmed batch. */
    private final java.time.Duration lease;

    private final CampaignStore store;
    private final CampaignWindowStore windows;
    private final CampaignRepository campaigns;
    private final BatchPublisher publisher;
    private final BroadcastConfig config;
    private final InstantSource clock;

    private final Vertx vertx;
    /** The windows this process is publishing now (their leases): given up at shutdown. */
    private final java.util.Set<Leased> publishing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.atomic.AtomicLong serial = new java.util.concurrent.atomic.AtomicLong();

    /** One background publish of a campaign's due windows (serial: two of one campaign may overlap for a moment). */
    private record Leased(UUID campaignId, long serial) {
    }

    public CampaignPublisher(CampaignStore store, CampaignWindowStore windows, CampaignRepository campaigns, BatchPublisher publisher,
                             BroadcastConfig config, InstantSource clock, Vertx vertx, MeterRegistry registry) {
        this.vertx = vertx;
        Gauge.builder("sandesh.broadcast.publishing", publishing, java.util.Set::size)
                .description("campaign windows this process is publishing now (their batches going out in the background)")
                .register(registry);
        this.store = store;
        this.windows = windows;
        this.campaigns = campaigns;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        // longer than any one confirm may take (BatchPublisher), so a live publish never loses its lease
        this.lease = config.publishTimeout().multipliedBy(2).plusSeconds(30);
    }

    /**
     * The release plan of {@code valid} recipients on {@code phoneNumberId} starting at {@code start};
     * fails with {@link OverMessagingLimit} when they do not fit and {@code mode} is REFUSE.
     */
    public Uni<List<MessagingLimit.Window>> plan(String phoneNumberId, long valid, MessagingLimit.OverLimit mode, Instant start) {
        MessagingLimit limit = MessagingLimit.parse(config.tierOf(phoneNumberId));
        if (limit.unlimited() || valid == 0) {
            return Uni.createFrom().item(List.of(new MessagingLimit.Window(0, start, valid)));
        }
        return windows.used(phoneNumberId, clock.instant().minus(MessagingLimit.WINDOW), clock.instant())
                .map(used -> switch (limit.plan(valid, used, mode, start)) {
                    case MessagingLimit.Windows planned -> planned.windows();
                    case MessagingLimit.Refused refused -> throw new OverMessagingLimit(refused);
                });
    }

    /**
     * Plans the campaign (under its row lock), moves it to RUNNING, and takes up publishing its due
     * windows ({@link #publishDue}): the batches are published in the background, so this answers as
     * soon as the campaign is RUNNING, however many recipients it has.
     *
     * @param estimate what it is expected to cost (api.CampaignEstimates#atStart), stored with the move to RUNNING
     * @return the campaign's state afterwards: RUNNING (its batches being published, {@code batches_published}
     * counting those the broker confirmed), COMPLETED when it had nobody to send to; null when another
     * start of the same campaign won the move (that one publishes).
     * Fails with {@link OverMessagingLimit} when it does not fit the messaging limit (nothing stored).
     */
    public Uni<CampaignState> start(CampaignEntity campaign, StartEstimate estimate) {
        CampaignState from = campaign.state;
        from.moveTo(CampaignState.RUNNING);
        Instant now = clock.instant();
        return windows.planLocked(campaign.id, valid -> plan(campaign.phoneNumberId, valid, campaign.overLimitMode(), now))
                .chain(valid -> {
                    if (valid < 0) {
                        return Uni.createFrom().item(false);
                    }
                    campaign.valid = (int) (long) valid; // as it was under the lock: an upload that got in first counts
                    return campaigns.start(campaign.id, from, clock.instant(), estimate);
                })
                .chain(won -> {
                    if (!won) {
                        return Uni.createFrom().<CampaignState>nullItem();
                    }
                    campaign.state = CampaignState.RUNNING;
                    if (campaign.valid == 0) {
                        return campaigns.move(campaign.id, CampaignState.RUNNING, CampaignState.COMPLETED, clock.instant())
                                .replaceWith(CampaignState.COMPLETED);
                    }
                    return publishDue(campaign, now).replaceWith(CampaignState.RUNNING);
                });
    }

    /**
     * Takes up publishing the campaign's due, unreleased windows: claims the first one's lease here
     * (so the caller knows whether this process publishes it) and publishes it, then any later due
     * window, in the background on a context of its own. A window another process holds the lease
     * of is left to it. When the broker stops confirming, what it confirmed is recorded, the lease is
     * given up and the scheduler tick resumes from the ledger; a process that dies mid-publish
     * leaves a lease that runs out, and the next tick (of any replica) resumes.
     *
     * @return true when this call took up a window
     */
    public Uni<Boolean> publishDue(CampaignEntity campaign, Instant now) {
        return claimNextDue(campaign, now).map(claimed -> {
            claimed.ifPresent(window -> inBackground(campaign, window, now));
            return claimed.isPresent();
        });
    }

    /** Windows this process is publishing now (the gauge {@code sandesh.broadcast.publishing}). */
    public int publishing() {
        return publishing.size();
    }

    /**
     * At shutdown (a deploy, Knative scaling in a pod that has no request left while it publishes)
     * the leases of the windows still being published are given up, so the next tick of another
     * replica (or of this one restarted) resumes them from the ledger at once instead of after the
     * lease ran out. A batch confirmed but not yet recorded is published again then; the sender's
     * ledger skips its recipients.
     */
    void giveUpLeases(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        for (Leased leased : List.copyOf(publishing)) {
            try {
                // windows are published in order, so an unreleased window of the campaign is leased by this process if at all
                windows.unclaimUnreleased(leased.campaignId()).await().atMost(java.time.Duration.ofSeconds(5));
                LOG.infof("campaign %s is being published; its lease is given up at shutdown, the next tick resumes it", leased.campaignId());
            } catch (RuntimeException e) {
                LOG.warnf("campaign %s: the lease of its window being published could not be given up at shutdown (it runs out): %s",
                        leased.campaignId(), e.getMessage());
            }
        }
    }

    private void inBackground(CampaignEntity campaign, Claimed claimed, Instant now) {
        Leased leased = new Leased(campaign.id, serial.incrementAndGet());
        publishing.add(leased);
        // not the request's context: the request has answered by the time the batches go out
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> releaseClaimed(campaign, claimed, now)
                .onTermination().invoke(() -> publishing.remove(leased))
                .subscribe().with(
                        released -> LOG.debugf("campaign %s: %d windows published", campaign.id, released),
                        e -> {
                            if (e instanceof Stopped) {
                                LOG.info(e.getMessage());
                            } else {
                                LOG.warnf("campaign %s is RUNNING but not all its batches are published yet, the scheduler tick resumes: %s",
                                        campaign.id, e.getMessage());
                            }
                        }));
    }

    /**
     * Publishes every window of the campaign that is due and not yet released, in order, each under
     * its lease, and waits for it; a window another process is publishing now is left to it. Fails
     * with {@link PublishFailed} when the broker stopped confirming (what it confirmed is recorded).
     *
     * @return windows released
     */
    Uni<Integer> releaseDue(CampaignEntity campaign, Instant now) {
        return claimNextDue(campaign, now).chain(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(0)
                : releaseClaimed(campaign, claimed.get(), now));
    }

    /** A window whose lease this process holds, and the window before it (where its batches start). */
    private record Claimed(CampaignWindow window, CampaignWindow previous) {
    }

    /** The first unreleased window when it is due and its lease could be taken. */
    private Uni<java.util.Optional<Claimed>> claimNextDue(CampaignEntity campaign, Instant now) {
        return windows.windows(campaign.id).chain(list -> {
            CampaignWindow previous = null;
            for (CampaignWindow window : list) {
                if (!window.released()) {
                    if (window.releaseAt().isAfter(now)) {
                        break;
                    }
                    CampaignWindow before = previous;
                    Instant at = clock.instant();
                    return windows.claim(campaign.id, window.number(), at, at.plus(lease))
                            .map(won -> won ? java.util.Optional.of(new Claimed(window, before)) : java.util.Optional.<Claimed>empty());
                }
                previous = window;
            }
            return Uni.createFrom().item(java.util.Optional.<Claimed>empty());
        });
    }

    /** Publishes a claimed window (giving its lease up when that fails), then the next due ones. */
    private Uni<Integer> releaseClaimed(CampaignEntity campaign, Claimed claimed, Instant now) {
        return release(campaign, claimed.window(), claimed.previous(), now)
                .onFailure().call(() -> windows.unclaim(campaign.id, claimed.window().number()))
                .chain(() -> releaseDue(campaign, now)).map(more -> more + 1);
    }

    /**
     * Publishes every released window's batches again, byte for byte (resume; the sender's ledger
     * skips who was sent), and the batches of the first unreleased window up to the last one the
     * ledger holds (published before a pause stopped its publishing: the sender deferred them).
     * The rest of that window is left to {@link #publishDue}. Call it once the campaign's publishing
     * has stopped ({@link #awaitStopped}).
     */
    public Uni<Void> republishReleased(CampaignEntity campaign) {
        return windows.windows(campaign.id).chain(list -> {
            CampaignWindow lastReleased = null;
            CampaignWindow unreleased = null;
            for (CampaignWindow window : list) {
                if (!window.released()) {
                    unreleased = window;
                    break;
                }
                lastReleased = window;
            }
            Uni<Void> released = Multi.createFrom().iterable(list)
                    .filter(CampaignWindow::released)
                    .onItem().transformToUniAndConcatenate(w -> publish(campaign, new BatchPlanner.Cursor(w.afterSequence(), w.firstBatch()),
                            w.lastSequence(), w.recipients(), null).replaceWithVoid())
                    .collect().last().replaceWithVoid();
            if (unreleased == null) {
                return released;
            }
            BatchPlanner.Cursor windowStart = lastReleased == null
                    ? BatchPlanner.Cursor.START
                    : BatchPlanner.Cursor.after(lastReleased.lastSequence(), lastReleased.firstBatch(), lastReleased.batches());
            // up to the last batch the ledger holds (a gap before it, never confirmed, goes too: the sender's ledger skips repeats)
            return released.chain(() -> windows.published(campaign.id, windowStart.nextBatch())).chain(ledger -> {
                long lastSequence = ledger.stream().mapToLong(CampaignWindowStore.PublishedBatch::lastSequence).max().orElse(-1);
                return lastSequence < 0 ? Uni.createFrom().voidItem()
                        : publish(campaign, windowStart, lastSequence, Long.MAX_VALUE, null).replaceWithVoid();
            });
        });
    }

    /**
     * Waits (up to {@code publish-timeout}) until no window of the campaign is being published: a
     * publish taken up before a pause stops once its batches in flight are confirmed.
     *
     * @return true when it stopped; false when a lease is still held (a process died mid-publish:
     * its lease runs out within {@code 2 × publish-timeout + 30 s})
     */
    public Uni<Boolean> awaitStopped(UUID campaignId) {
        return awaitStopped(campaignId, clock.instant().plus(config.publishTimeout()));
    }

    private Uni<Boolean> awaitStopped(UUID campaignId, Instant deadline) {
        // the delay ends on a timer thread: back to the caller's context (its Hibernate Reactive session lives there)
        Context here = Vertx.currentContext();
        java.util.concurrent.Executor back = here == null ? Runnable::run : task -> here.runOnContext(ignored -> task.run());
        return windows.leased(campaignId, clock.instant()).chain(leased -> {
            if (!leased) {
                return Uni.createFrom().item(true);
            }
            if (clock.instant().isAfter(deadline)) {
                return Uni.createFrom().item(false);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(50)).emitOn(back)
                    .chain(() -> awaitStopped(campaignId, deadline));
        });
    }

    /**
     * Publishes one window from where the ledger says its publishing stopped: after the longest run
     * of recorded batches from the window's first, skipping any later batch recorded with the same
     * recipients (one confirmed while an earlier one was not).
     */
    private Uni<Void> release(CampaignEntity campaign, CampaignWindow window, CampaignWindow previous, Instant now) {
        BatchPlanner.Cursor windowStart = previous == null
                ? BatchPlanner.Cursor.START
                : BatchPlanner.Cursor.after(previous.lastSequence(), previous.firstBatch(), previous.batches());
        return windows.published(campaign.id, windowStart.nextBatch()).chain(ledger -> {
            BatchPlanner.Cursor from = windowStart;
            long done = 0;
            java.util.Map<Integer, CampaignWindowStore.PublishedBatch> later = new java.util.HashMap<>();
            for (CampaignWindowStore.PublishedBatch batch : ledger) {
                if (later.isEmpty() && batch.batchNumber() == from.nextBatch()) {
                    from = new BatchPlanner.Cursor(batch.lastSequence(), batch.batchNumber() + 1);
                    done += batch.recipients();
                } else {
                    later.put(batch.batchNumber(), batch);
                }
            }
            BatchPlanner.Cursor resumeAt = from;
            if (done > 0) {
                LOG.infof("campaign %s: window %d resumes at batch %d (%d batches published before)", campaign.id, window.number(),
                        resumeAt.nextBatch(), resumeAt.nextBatch() - windowStart.nextBatch());
            }
            Ledger record = new Ledger(window.number(), later);
            return publish(campaign, resumeAt, Long.MAX_VALUE, Math.max(0, window.recipients() - done), record)
                    .chain(cut -> {
                        int batches = resumeAt.nextBatch() - windowStart.nextBatch() + cut.batches();
                        return windows.markReleased(campaign.id, window.number(), windowStart.afterSequence(), cut.end().afterSequence(),
                                        windowStart.nextBatch(), batches, now)
                                .invoke(() -> LOG.infof("campaign %s: window %d released, %d batches of up to %d confirmed by the broker",
                                        campaign.id, window.number(), batches, campaign.batchSize));
                    });
        });
    }

    /** Where confirmed batches are recorded, and which later batches are already recorded. */
    private record Ledger(int window, java.util.Map<Integer, CampaignWindowStore.PublishedBatch> recorded) {

        boolean holds(SendBatch batch) {
            CampaignWindowStore.PublishedBatch known = recorded.get(batch.batchNumber());
            return known != null && known.recipients() == batch.recipients().size()
                    && known.firstSequence() == batch.recipients().getFirst().sequence()
                    && known.lastSequence() == batch.recipients().getLast().sequence();
        }
    }

    /**
     * Cuts the valid recipients after {@code from} (up to {@code lastSequence}, at most {@code max})
     * into batches as their keyset pages arrive and publishes them, {@value #IN_FLIGHT} awaiting
     * their confirm at once, each recorded in {@code ledger} (when given) after its confirm. When one
     * is refused, no further batch is sent, those in flight finish (and are recorded), and it fails
     * with {@link PublishFailed}; when recording one finds the campaign no longer RUNNING, the same,
     * failing with {@link Stopped}. @return the finished cut (where it ended, how many batches)
     */
    private Uni<BatchPlanner.Cut> publish(CampaignEntity campaign, BatchPlanner.Cursor from, long lastSequence, long max, Ledger ledger) {
        BatchPlanner.Cut cut = new BatchPlanner(campaign.batchSize).cut(campaign.id, campaign.phoneNumberId, campaign.template(), from);
        java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
        return store.validRecipientPages(campaign.id, from.afterSequence(), lastSequence, max, PAGE)
                // checked again at release: a number opted out after the campaign was created or scheduled is not published
                .onItem().transformToUniAndConcatenate(page -> store.withoutOptedOut(campaign.id, campaign.phoneNumberId,
                        campaign.templateCategory, page))
                .onItem().transformToIterable(cut::add)
                .onCompletion().switchTo(() -> Multi.createFrom().iterable(cut.finish()))
                // once the broker refused one, stop cutting and sending; the batches in flight still finish
                .select().first(batch -> refused.get() == null)
                // each batch's confirm is bounded (BatchPublisher), the campaign's publishing is not
                .onItem().transformToUni(batch -> publishOne(campaign, batch, ledger)
                        .onFailure().recoverWithItem(e -> {
                            refused.compareAndSet(null, e);
                            return null;
                        }))
                .merge(IN_FLIGHT)
                .onItem().ignoreAsUni()
                .chain(() -> refused.get() == null ? Uni.createFrom().item(cut) : Uni.createFrom().failure(refused.get()))
                .onFailure().transform(e -> e instanceof PublishFailed || e instanceof Stopped ? e : new PublishFailed(campaign.id, e));
    }

    private Uni<Void> publishOne(CampaignEntity campaign, SendBatch batch, Ledger ledger) {
        if (ledger == null) {
            return publisher.publish(batch);
        }
        if (ledger.holds(batch)) {
            return Uni.createFrom().voidItem();
        }
        return publisher.publish(batch).chain(() -> windows.recordPublished(campaign.id, ledger.window(),
                        new CampaignWindowStore.PublishedBatch(batch.batchNumber(), batch.recipients().getFirst().sequence(),
                                batch.recipients().getLast().sequence(), batch.recipients().size()),
                        clock.instant(), clock.instant().plus(lease)))
                // paused, cancelled or halted meanwhile: no further batch (a resume takes the publishing up again)
                .invoke(state -> {
                    if (!CampaignState.RUNNING.name().equals(state)) {
                        throw new Stopped(campaign.id, state);
                    }
                })
                .replaceWithVoid();
    }

    /** The campaign left RUNNING while its batches were being published: publishing stops (what was confirmed is recorded). */
    public static class Stopped extends RuntimeException {

        public Stopped(UUID campaignId, String state) {
            super("campaign " + campaignId + " is " + state + ": its publishing stopped (a resume takes it up again)");
        }
    }

    /** The broker did not confirm every batch of a campaign; those it confirmed are recorded. */
    public static class PublishFailed extends RuntimeException {

        public PublishFailed(UUID campaignId, Throwable cause) {
            super("the batches of campaign " + campaignId + " could not all be published: " + cause.getMessage(), cause);
        }
    }
}
