package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignStatsGateway;
import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.CampaignProgress;
import dev.sandesh.broadcast.domain.Settlement;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.broadcast.messaging.CampaignPublisher;
import dev.sandesh.broadcast.messaging.ControlPublisher;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignHistory;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignWindowStore;
import dev.sandesh.contracts.CampaignControl;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's moves on a campaign (DESIGN.md §4): start, schedule, pause, resume, cancel, and
 * the scheduler's tick. Every move that affects sending is told to sender-service first as a
 * {@link CampaignControl} confirmed by the broker, and only then written: if the broker does not
 * confirm, the campaign keeps its state and the caller gets 503. RUNNING campaigns move on to
 * COMPLETED or HALTED from webhook-service's stats ({@link #settle}), when read and on each tick.
 */
@ApplicationScoped
public class CampaignLifecycle {

    private static final Logger LOG = Logger.getLogger(CampaignLifecycle.class);

    /** RUNNING campaigns a tick compares with webhook-service's stats: one stats call each. */
    static final int SETTLE_PER_TICK = 50;

    private final CampaignRepository campaigns;
    private final CampaignPublisher publisher;
    private final ControlPublisher control;
    private final CampaignWindowStore windows;
    private final CampaignStatsGateway stats;
    private final TemplateCatalog catalog;
    private final InstantSource clock;
    private final CampaignHistory history;
    private final Settlement settlement;
    private final CampaignEstimates estimates;
    private final java.time.Duration resumeHandover;

    public CampaignLifecycle(CampaignRepository campaigns, CampaignPublisher publisher, ControlPublisher control,
                             CampaignWindowStore windows, CampaignStatsGateway stats, TemplateCatalog catalog, InstantSource clock,
                             CampaignHistory history, BroadcastConfig config, CampaignEstimates estimates) {
        this.estimates = estimates;
        this.history = history;
        this.settlement = new Settlement(config.settleAfter());
        this.resumeHandover = config.resumeHandover();
        this.campaigns = campaigns;
        this.publisher = publisher;
        this.control = control;
        this.windows = windows;
        this.stats = stats;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** DRAFT or SCHEDULED → RUNNING now. */
    public Uni<Void> start(CampaignEntity campaign, MessagingLimit.OverLimit overLimit) {
        campaign.state.moveTo(CampaignState.RUNNING);
        Uni<Void> remember = Uni.createFrom().voidItem();
        if (overLimit != null && !overLimit.name().equals(campaign.overLimit)) {
            campaign.overLimit = overLimit.name();
            remember = campaigns.overLimit(campaign.id, overLimit);
        }
        return remember.chain(() -> estimates.atStart(campaign)).chain(estimate -> publisher.start(campaign, estimate)).replaceWithVoid();
    }

    /** DRAFT → SCHEDULED; the tick starts it once {@code startAt} has come. */
    public Uni<Void> schedule(CampaignEntity campaign, Instant startAt, MessagingLimit.OverLimit overLimit) {
        campaign.state.moveTo(CampaignState.SCHEDULED);
        MessagingLimit.OverLimit mode = overLimit != null ? overLimit : campaign.overLimitMode();
        return campaigns.schedule(campaign.id, startAt, mode, clock.instant()).invoke(moved -> requireMoved(moved, campaign, CampaignState.SCHEDULED))
                .replaceWithVoid();
    }

    /**
     * RUNNING → PAUSED: the sender defers every recipient it has not called yet. {@code reason}
     * (the operator's, or Meta's pause of the template: messaging.TemplateEventHandler) becomes the
     * campaign's {@code stateReason}.
     */
    public Uni<Void> pause(CampaignEntity campaign, String reason) {
        campaign.state.moveTo(CampaignState.PAUSED);
        return control.publish(command(campaign, CampaignControl.Command.PAUSE, reason))
                .chain(() -> campaigns.move(campaign.id, CampaignState.RUNNING, CampaignState.PAUSED, clock.instant(), reason))
                .invoke(moved -> requireMoved(moved, campaign, CampaignState.PAUSED))
                .replaceWithVoid();
    }

    /**
     * PAUSED or HALTED → RUNNING: once a publish taken up before the pause has stopped, RESUME, then
     * every batch published before again (released windows, and what the ledger holds of the one
     * being published; the sender's ledger skips who was sent, so only the deferred go out), then
     * the rest of that window and any window that fell due while paused (in the background, as a
     * start's: CampaignPublisher#publishDue).
     * On RESUME the sender also lifts the campaign's halt (and its number's: the operator resuming
     * says the cause, an expired token or an unpaid bill, is fixed) and releases the ledger rows of
     * its HALTED recipients, so the re-published batches send exactly what was never sent: rows with
     * a wamid, FAILED or UNKNOWN stay claimed (under-send rather than double-send, DESIGN.md §4).
     * webhook-service stops counting halts recorded before the resume ({@link #progress}), so the
     * old halts neither halt the campaign again nor settle it.
     * Refused (409) while the catalogue says the campaign's template is not APPROVED: Meta paused
     * or disabled it, and every send would fail with 132015/132016 (CLOUD-API-MORE §3.1). Once
     * Meta reinstates it (a REINSTATED or APPROVED webhook, or a catalogue refresh) it resumes; the
     * pause's reason is cleared.
     */
    public Uni<Void> resume(CampaignEntity campaign, String reason) {
        // taken before RESUME goes out: a halt the sender records after it is a new one (a cause not fixed yet)
        Instant at = clock.instant();
        CampaignState from = campaign.state;
        from.moveTo(CampaignState.RUNNING);
        unsendableTemplate(campaign).ifPresent(template -> {
            throw ProblemException.conflict("campaign " + campaign.id + " cannot resume: its template " + template.name() + "/"
                    + template.language() + " is " + template.status() + " at Meta; it can resume once the template is APPROVED again");
        });
        // a publish taken up before the pause stops with its batches in flight: only then does the ledger say all it published
        return publisher.awaitStopped(campaign.id).invoke(stopped -> {
                    if (!stopped) {
                        throw ProblemException.conflict("campaign " + campaign.id + " cannot resume yet: its batches are still being "
                                + "published by another process (or one that stopped without giving its lease up); try again in a minute");
                    }
                })
                .chain(() -> control.publish(command(campaign, CampaignControl.Command.RESUME, reason)))
                // the sender takes the RESUME before the batches that depend on it (BroadcastConfig.resumeHandover)
                .call(() -> resumeHandover.isPositive()
                        ? Uni.createFrom().voidItem().onItem().delayIt().by(resumeHandover) // Mutiny refuses a zero delay
                        : Uni.createFrom().voidItem())
                .chain(() -> publisher.republishReleased(campaign))
                .chain(() -> campaigns.move(campaign.id, from, CampaignState.RUNNING, at, null, resumeReason(campaign, reason)))
                .invoke(moved -> requireMoved(moved, campaign, CampaignState.RUNNING))
                .chain(() -> publisher.publishDue(campaign, clock.instant()))
                .replaceWithVoid();
    }

    /** What the history says of a resume: the operator's reason, and what it resumed from. */
    private static String resumeReason(CampaignEntity campaign, String reason) {
        String from = campaign.state == CampaignState.HALTED
                ? "halt lifted" + (campaign.stateReason == null ? "" : " (was: " + campaign.stateReason + ")")
                : "pause lifted" + (campaign.stateReason == null ? "" : " (was: " + campaign.stateReason + ")");
        return reason == null || reason.isBlank() ? from : reason + "; " + from;
    }

    /**
     * The campaign's progress now: webhook-service's counts with the settle cutoff
     * ({@code sandesh.broadcast.settle-after} ago) and, after a resume, only the halts recorded since.
     */
    public Uni<CampaignProgress> progress(CampaignEntity campaign) {
        Instant quietBefore = settlement.quietBefore(clock.instant());
        return history.lastResumedAt(campaign.id)
                .chain(resumedAt -> stats.stats(campaign.id, quietBefore, resumedAt))
                .map(reading -> new CampaignProgress(campaign.valid, reading.stats(), reading.stale()));
    }

    /** Any live state → CANCELLED; the sender defers (and never sends) whoever it has not called. */
    public Uni<Void> cancel(CampaignEntity campaign, String reason) {
        CampaignState from = campaign.state;
        from.moveTo(CampaignState.CANCELLED);
        return control.publish(command(campaign, CampaignControl.Command.CANCEL, reason))
                .chain(() -> campaigns.move(campaign.id, from, CampaignState.CANCELLED, clock.instant()))
                .invoke(moved -> requireMoved(moved, campaign, CampaignState.CANCELLED))
                .replaceWithVoid();
    }

    /**
     * Moves a campaign where its progress says it belongs (HALTED, COMPLETED; see
     * {@link CampaignProgress#settle}). The move is conditional on the state it was read in, so a
     * concurrent move wins and this one is a no-op.
     *
     * @return the campaign as it is afterwards
     */
    public Uni<CampaignEntity> settle(CampaignEntity campaign, CampaignProgress progress) {
        CampaignState target = progress.settle(campaign.state);
        if (target == campaign.state) {
            return Uni.createFrom().item(campaign);
        }
        Uni<Boolean> moved = target == CampaignState.HALTED
                ? haltReason(campaign, progress).chain(reason -> campaigns.halt(campaign.id, campaign.state, reason, clock.instant()))
                : campaigns.moveRecording(campaign.id, campaign.state, target, clock.instant(), progress.completionReason());
        return moved.chain(() -> campaigns.find(campaign.id));
    }

    /**
     * The halt's reason with what the sender recorded for the first halted recipient (Meta's code
     * and title, e.g. "number halted: auth error 190 ..."), so the history says what to fix.
     */
    private Uni<String> haltReason(CampaignEntity campaign, CampaignProgress progress) {
        return stats.recipients(campaign.id, -1, 1, "HALTED", null).map(states -> switch (states) {
            case CampaignStatsGateway.RecipientStates.Page(var page) when !page.recipients().isEmpty()
                    && page.recipients().getFirst().errorTitle() != null -> progress.haltReason() + ": " + page.recipients().getFirst().errorTitle()
                    + (page.recipients().getFirst().errorCode() == null ? "" : " (code " + page.recipients().getFirst().errorCode() + ")");
            default -> progress.haltReason();
        });
    }

    /**
     * Starts SCHEDULED campaigns whose time has come, releases the due windows of spread campaigns
     * and resumes the publishing of campaigns whose start was interrupted (a RUNNING campaign with a
     * due window not released: the broker stopped confirming, or the process died mid-publish).
     * Starts and windows are taken up here and published in the background
     * (CampaignPublisher#publishDue), so a tick never waits for a large campaign's batches.
     * Safe with several replicas ticking at once: a start is a conditional move (one tick wins it
     * and only that one publishes), a window is published under a lease (a tick skips a window
     * another process is publishing), and the campaigns to settle are claimed with
     * {@code FOR UPDATE SKIP LOCKED}. A campaign that fails (broker down, over the limit) is logged and left for the
     * next tick; the others go on. Then compares up to {@value #SETTLE_PER_TICK} RUNNING
     * campaigns, least recently checked first, with webhook-service's stats and completes or halts
     * them; when webhook-service cannot answer (stale counts) it stops asking until the next tick.
     */
    public Uni<CampaignViews.Tick> tick() {
        Instant now = clock.instant();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Uni<Void> starts = campaigns.dueScheduled(now).chain(due -> Multi.createFrom().iterable(due)
                // a template Meta paused or disabled: the campaign waits, SCHEDULED, until it is APPROVED again
                .filter(c -> unsendableTemplate(c).isEmpty())
                .onItem().transformToUniAndConcatenate(c -> estimates.atStart(c).chain(estimate -> publisher.start(c, estimate))
                        // null: another replica's tick started it (the conditional move), and publishes it
                        .invoke(state -> {
                            if (state != null) {
                                started.incrementAndGet();
                            }
                        })
                        .onFailure().recoverWithItem(e -> {
                            failed.incrementAndGet();
                            LOG.warnf("scheduled campaign %s could not start: %s", c.id, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid());
        Uni<Void> windowsDue = windows.campaignsWithDueWindows(now).chain(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> campaigns.find(id)
                        .chain(c -> c == null || c.state != CampaignState.RUNNING ? Uni.createFrom().item(false) : publisher.publishDue(c, now))
                        .invoke(took -> {
                            if (took) {
                                released.incrementAndGet();
                            }
                        })
                        .onFailure().recoverWithItem(e -> {
                            failed.incrementAndGet();
                            LOG.warnf("campaign %s: due window could not be released: %s", id, e.getMessage());
                            return false;
                        }))
                .collect().last().replaceWithVoid());
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger halted = new AtomicInteger();
        AtomicBoolean statsDown = new AtomicBoolean();
        Uni<Void> settled = campaigns.claimRunningForCheck(SETTLE_PER_TICK, now).chain(running -> Multi.createFrom().iterable(running)
                .onItem().transformToUniAndConcatenate(c -> statsDown.get() ? Uni.createFrom().voidItem() : progress(c)
                        .chain(progress -> {
                            if (progress.stale()) {
                                statsDown.set(true);
                                return Uni.createFrom().voidItem();
                            }
                            return settle(c, progress).invoke(after -> {
                                if (after != null && after.state == CampaignState.COMPLETED) {
                                    completed.incrementAndGet();
                                } else if (after != null && after.state == CampaignState.HALTED) {
                                    halted.incrementAndGet();
                                }
                            }).replaceWithVoid();
                        })
                        .onFailure().recoverWithItem(e -> {
                            failed.incrementAndGet();
                            LOG.warnf("campaign %s: progress could not be checked: %s", c.id, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid());
        return starts.chain(() -> windowsDue).chain(() -> settled).map(ignored -> new CampaignViews.Tick(started.get(), released.get(),
                completed.get(), halted.get(), failed.get()));
    }

    /** The campaign's template when the catalogue knows it and says it cannot be sent now (PAUSED, DISABLED …). */
    private Optional<CatalogTemplate> unsendableTemplate(CampaignEntity campaign) {
        return catalog.find(campaign.templateName, campaign.templateLanguage).filter(template -> !template.sendable());
    }

    private CampaignControl command(CampaignEntity campaign, CampaignControl.Command command, String reason) {
        return new CampaignControl(campaign.id, campaign.phoneNumberId, command, reason, clock.instant());
    }

    /** Another request moved the campaign first (a race): report the conflict rather than pretend. */
    private static void requireMoved(boolean moved, CampaignEntity campaign, CampaignState to) {
        if (!moved) {
            throw ProblemException.conflict("campaign " + campaign.id + " changed state while it was being moved to " + to + "; read it again");
        }
    }
}
