package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.api.CampaignLifecycle;
import dev.sandesh.broadcast.api.LiveTemplateCatalog;
import dev.sandesh.broadcast.api.ProblemException;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.domain.TemplateReaction;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.TemplateCampaigns;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Applies one {@link TemplateEvent} (Meta changed a template, CLOUD-API-MORE §3.1–§3.4), whichever
 * adapter received it ({@link TemplateEventConsumer}, or the CloudEvents endpoint Knative feeds):
 * the {@link TemplateReaction} decides; this does it. In order: the catalogue row is amended (so a
 * resume is refused at once), RUNNING campaigns on the template are paused through the normal pause
 * ({@link CampaignLifecycle#pause}: PAUSE control to sender-service, confirmed, then the move, with
 * the reason in {@code stateReason}), SCHEDULED ones get the reason (the scheduler does not start
 * them while the template cannot be sent), categories follow; then the catalogue is refreshed from
 * Meta. Idempotent: a redelivery finds nothing RUNNING left to pause.
 *
 * <p>A body that is not a TemplateEvent fails with {@link WireFormatException} at once (poison);
 * other failures are retried a few times here, then by the adapter (requeue or 503), never dead-lettered.
 */
@ApplicationScoped
public class TemplateEventHandler {

    private static final Logger LOG = Logger.getLogger(TemplateEventHandler.class);
    /** How long an event waits for the refresh it starts; the refresh goes on after, in the background. */
    private static final Duration REFRESH_WAIT = Duration.ofSeconds(5);

    private final TemplateCampaigns templates;
    private final CampaignLifecycle lifecycle;
    private final LiveTemplateCatalog catalog;
    private final InstantSource clock;

    public TemplateEventHandler(TemplateCampaigns templates, CampaignLifecycle lifecycle, LiveTemplateCatalog catalog,
                                InstantSource clock) {
        this.templates = templates;
        this.lifecycle = lifecycle;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Uni<TemplateEvent> handle(byte[] body) {
        TemplateEvent event;
        try {
            event = WireJson.decode(body, TemplateEvent.class, TemplateEvent.VERSION);
        } catch (WireFormatException poison) {
            return Uni.createFrom().failure(poison);
        }
        if (otherWaba(event)) {
            LOG.infof("template event for WABA %s ignored: the catalogue is WABA %s's", event.wabaId(), catalog.wabaId().orElseThrow());
            return Uni.createFrom().item(event);
        }
        TemplateReaction reaction = TemplateReaction.of(event);
        return Uni.createFrom().deferred(() -> apply(event, reaction))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .call(() -> refresh(event))
                .replaceWith(event);
    }

    private Uni<Void> apply(TemplateEvent event, TemplateReaction reaction) {
        return switch (reaction) {
            case TemplateReaction.PauseCampaigns pause -> amend(event, pause.status(), null)
                    .chain(() -> pauseRunning(event, pause.stateReason()))
                    .chain(() -> templates.note(event.name(), event.language(), Set.of(CampaignState.SCHEDULED),
                            pause.stateReason() + "; it starts once the template is APPROVED again", clock.instant()))
                    .replaceWithVoid();
            case TemplateReaction.NewStatus status -> amend(event, status.status(), null)
                    .invoke(() -> LOG.infof("template %s/%s is %s at Meta", event.name(), event.language(), status.status()));
            case TemplateReaction.Recategorised recategorised -> amend(event, null, recategorised.category())
                    .chain(() -> templates.recategorise(event.name(), event.language(), recategorised.category(),
                            recategorised.note(), clock.instant()))
                    .invoke(changed -> LOG.infof("%s: %d campaign(s) now priced as %s", recategorised.note(), changed,
                            recategorised.category()))
                    .replaceWithVoid();
            case TemplateReaction.RefreshOnly refresh -> {
                if (refresh.warning() != null) {
                    LOG.warn(refresh.warning());
                }
                yield Uni.createFrom().voidItem();
            }
        };
    }

    /** Pauses the template's RUNNING campaigns one by one; one that moved meanwhile (a race) is left as it is. */
    private Uni<Void> pauseRunning(TemplateEvent event, String reason) {
        return templates.on(event.name(), event.language(), Set.of(CampaignState.RUNNING))
                .onItem().transformToMulti(running -> Multi.createFrom().iterable(running))
                .onItem().transformToUniAndConcatenate((CampaignEntity campaign) -> lifecycle.pause(campaign, reason)
                        .invoke(() -> LOG.infof("campaign %s paused: %s", campaign.id, reason))
                        .onFailure(ProblemException.class).recoverWithItem(failure -> {
                            LOG.infof("campaign %s not paused for its template, it changed state meanwhile: %s",
                                    campaign.id, failure.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> amend(TemplateEvent event, String status, TemplateCategory category) {
        if (catalog.wabaId().isEmpty()) {
            // configured templates (no Graph access) are the operator's word, not Meta's list
            return Uni.createFrom().voidItem();
        }
        return templates.amendCatalogue(catalog.wabaId().get(), event.name(), event.language(), status, category).replaceWithVoid();
    }

    /** Any template event means the catalogue is stale; a refresh that fails or is slow never fails the event. */
    private Uni<Void> refresh(TemplateEvent event) {
        return catalog.refresh()
                .ifNoItem().after(REFRESH_WAIT).recoverWithItem(List.of())
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private boolean otherWaba(TemplateEvent event) {
        return event.wabaId() != null && catalog.wabaId().isPresent() && !catalog.wabaId().get().equals(event.wabaId());
    }
}
