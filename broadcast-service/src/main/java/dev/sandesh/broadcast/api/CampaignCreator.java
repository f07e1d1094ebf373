package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.AudienceEntry;
import dev.sandesh.broadcast.domain.AudienceScreen;
import dev.sandesh.broadcast.domain.BatchPlanner;
import dev.sandesh.broadcast.domain.BusinessNumbers;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.domain.ScreenedAudience;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.domain.CheckedTemplate;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateCheck;
import dev.sandesh.broadcast.messaging.CampaignPublisher;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.broadcast.persistence.DuplicateIdempotencyKey;
import dev.sandesh.broadcast.persistence.NewCampaign;
import dev.sandesh.broadcast.persistence.StoredAudienceCounts;
import dev.sandesh.broadcast.persistence.OptOutRepository;
import dev.sandesh.contracts.TemplateRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Creating a campaign, step by step: check the request, screen the audience, store the campaign
 * and all its recipients in one transaction, then publish it (see {@link CampaignPublisher}).
 * An Idempotency-Key seen before returns the campaign it created instead.
 */
@ApplicationScoped
public class CampaignCreator {

    private final AudienceScreen screen;
    private final BatchPlanner planner;
    private final OptOutRepository optOuts;
    private final CampaignStore store;
    private final CampaignRepository campaigns;
    private final CampaignPublisher publisher;
    private final BroadcastConfig config;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final TemplateCatalog templates;
    private final Caller caller;
    private final CampaignEstimates estimates;
    private final BusinessNumbers numbers;

    public CampaignCreator(AudienceScreen screen, BatchPlanner planner, OptOutRepository optOuts, CampaignStore store,
                           CampaignRepository campaigns, CampaignPublisher publisher, BroadcastConfig config,
                           ObjectMapper json, InstantSource clock, TemplateCatalog templates, Caller caller, CampaignEstimates estimates,
                           BusinessNumbers numbers) {
        this.estimates = estimates;
        this.numbers = numbers;
        this.templates = templates;
        this.caller = caller;
        this.screen = screen;
        this.planner = planner;
        this.optOuts = optOuts;
        this.store = store;
        this.campaigns = campaigns;
        this.publisher = publisher;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** @param created true for a new campaign, false for an Idempotency-Key replay */
    public record Outcome(boolean created, CampaignViews.Created campaign) {
    }

    public Uni<Outcome> create(CreateCampaignRequest request, String idempotencyKey) {
        if (request == null) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("body", "must not be empty")));
        }
        List<Problem.FieldError> problems = request.problems();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            problems.add(new Problem.FieldError("Idempotency-Key", "must be 1 to 255 characters"));
        }
        CheckedTemplate checked = null;
        if (problems.isEmpty()) {
            CreateCampaignRequest.TemplateInput t = request.template();
            switch (TemplateCheck.campaign(templates, t.name(), t.language(), TemplateCategory.fromWire(t.category()).orElse(null), t.components())) {
                case TemplateCheck.Accepted accepted -> checked = accepted.template();
                case TemplateCheck.Refused refused -> refused.problems().forEach(p -> problems.add(new Problem.FieldError(p.field(), p.reason())));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        CheckedTemplate template = checked;
        String phoneNumberId = request.phoneNumberId() == null ? config.phoneNumberId() : request.phoneNumberId();
        caller.requireAccess(phoneNumberId);
        if (!numbers.contains(phoneNumberId)) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("phoneNumberId", numbers.refusal(phoneNumberId))));
        }
        String fingerprint = fingerprint(request, phoneNumberId);
        if (idempotencyKey == null) {
            return createNew(request, template, phoneNumberId, null, fingerprint);
        }
        String key = caller.idempotencyKey(idempotencyKey);
        return campaigns.findByIdempotencyKey(key).chain(existing -> existing != null
                ? replay(existing, fingerprint)
                : createNew(request, template, phoneNumberId, key, fingerprint)
                .onFailure(DuplicateIdempotencyKey.class).recoverWithUni(() -> campaigns.findByIdempotencyKey(key)
                        .chain(raced -> replay(raced, fingerprint))));
    }

    private Uni<Outcome> createNew(CreateCampaignRequest request, CheckedTemplate checked, String phoneNumberId, String idempotencyKey,
                                   String fingerprint) {
        List<AudienceEntry> entries = request.recipients() == null ? List.of() : request.recipients().stream()
                .map(r -> new AudienceEntry(r.phone(), r.parameters(), r.externalId(), r.variables()))
                .toList();
        // The catalogue's spelling of the language (Meta wants it exactly, CLOUD-API-MORE §1.9) and its category, which
        // is the one billed — not the caller's.
        TemplateRef template = new TemplateRef(checked.template().name(), checked.template().language(),
                checked.template().category().wire(), checked.effectiveComponents());
        CampaignState state = request.startAt() != null ? CampaignState.SCHEDULED : CampaignState.DRAFT;
        NewCampaign campaign = new NewCampaign(UUID.randomUUID(), request.name().trim(), template, phoneNumberId, idempotencyKey, fingerprint,
                planner.batchSize(), clock.instant(), state, request.startsNow(), request.startAt(), request.overLimitMode(), null);
        return create(campaign, entries);
    }

    /**
     * Screens {@code entries}, refuses a campaign to be started now that does not fit the messaging
     * limit (nothing stored), stores it, and starts it when it is to start now.
     */
    Uni<Outcome> create(NewCampaign campaign, List<AudienceEntry> entries) {
        TemplateRef ref = campaign.template();
        CheckedTemplate spec = switch (TemplateCheck.campaign(templates, ref.name(), ref.language(), null, ref.components())) {
            case TemplateCheck.Accepted accepted -> accepted.template();
            case TemplateCheck.Refused refused -> throw ProblemException.invalid(refused.problems().stream()
                    .map(p -> new Problem.FieldError(p.field(), p.reason())).toList());
        };
        // Parsing a large audience takes a while: off the event loop, then back on this request's context.
        Executor here = requestContext();
        UUID id = campaign.id();
        return Uni.createFrom().item(() -> screen.normalise(entries))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(here)
                .chain(normalised -> optOuts.optedOut(normalised.numbers(), campaign.phoneNumberId(), ref.category())
                        .map(optedOut -> normalised.screen(optedOut, spec)))
                .chain(audience -> (campaign.startRequested() && campaign.state() == CampaignState.DRAFT
                        ? publisher.plan(campaign.phoneNumberId(), audience.validCount(), campaign.overLimit(), campaign.createdAt()).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                        .chain(() -> store.create(campaign, audience))
                        .chain(() -> campaigns.find(id))
                        .chain(stored -> campaign.startRequested() && stored.state == CampaignState.DRAFT
                                ? estimates.atStart(stored).chain(estimate -> publisher.start(stored, estimate)).replaceWithVoid()
                                : Uni.createFrom().voidItem())
                        .chain(() -> campaigns.find(id))
                        .map(stored -> new Outcome(true, view(stored, rejections(audience)))));
    }

    /**
     * The same Idempotency-Key again: the original campaign, no new campaign and no new batches.
     * A campaign whose publishing failed (still DRAFT) is published again, which the sender's
     * ledger makes safe.
     */
    private Uni<Outcome> replay(CampaignEntity existing, String fingerprint) {
        if (existing.requestFingerprint != null && !existing.requestFingerprint.equals(fingerprint)) {
            throw ProblemException.conflict("Idempotency-Key was already used for campaign " + existing.id + " with a different request");
        }
        Uni<CampaignEntity> current = existing.state == CampaignState.DRAFT && existing.startRequested
                ? estimates.atStart(existing).chain(estimate -> publisher.start(existing, estimate)).chain(() -> campaigns.find(existing.id))
                : Uni.createFrom().item(existing);
        return current.chain(this::replayView).map(view -> new Outcome(false, view));
    }

    /** A stored campaign as its create answered, rejections included. */
    Uni<CampaignViews.Created> replayView(CampaignEntity campaign) {
        return store.rejections(campaign.id, -1, Math.max(1, campaign.rejected))
                .map(stored -> stored.stream()
                        .map(r -> new CampaignViews.Rejection(r.sequence(), r.input(), r.externalId(),
                                RejectionReason.valueOf(r.reason()), r.detail()))
                        .toList())
                .map(rejections -> view(campaign, rejections));
    }

    private CampaignViews.Created view(CampaignEntity c, List<CampaignViews.Rejection> rejections) {
        return new CampaignViews.Created(c.id, c.name, c.template(), c.phoneNumberId, c.state, c.createdAt, c.startedAt,
                audienceCounts(c), new BatchPlanner(c.batchSize).batchCount(c.valid), rejections, c.scheduledAt, c.retryOf,
                CampaignReports.publishing(c));
    }

    static CampaignViews.AudienceCounts audienceCounts(StoredAudienceCounts c) {
        return new CampaignViews.AudienceCounts(c.recipients(), c.valid(),
                new CampaignViews.Rejected(c.rejected(), new EnumMap<>(c.rejectedByReason())));
    }

    static CampaignViews.AudienceCounts audienceCounts(CampaignEntity c) {
        Map<RejectionReason, Long> byReason = new EnumMap<>(RejectionReason.class);
        byReason.put(RejectionReason.INVALID_NUMBER, (long) c.rejectedInvalid);
        byReason.put(RejectionReason.DUPLICATE, (long) c.rejectedDuplicate);
        byReason.put(RejectionReason.OPTED_OUT, (long) c.rejectedOptedOut);
        byReason.put(RejectionReason.PARAMETER_COUNT, (long) c.rejectedParameters);
        byReason.put(RejectionReason.MISSING_VARIABLE, (long) c.rejectedMissingVariable);
        byReason.put(RejectionReason.INVALID_PARAMETER, (long) c.rejectedInvalidParameter);
        return new CampaignViews.AudienceCounts(c.recipients, c.valid, new CampaignViews.Rejected(c.rejected, byReason));
    }

    private static List<CampaignViews.Rejection> rejections(ScreenedAudience audience) {
        return audience.rejected().stream()
                .map(r -> new CampaignViews.Rejection(r.sequence(), r.entry().phone(), r.entry().externalId(), r.rejection(), r.detail()))
                .toList();
    }

    /** The same request (after defaults) always gives the same fingerprint; another request another one. */
    private String fingerprint(CreateCampaignRequest request, String phoneNumberId) {
        try {
            byte[] canonical = json.writeValueAsBytes(new CreateCampaignRequest(request.name(), request.template(), phoneNumberId,
                    request.recipients(), request.start(), request.startAt(), request.overLimit()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    private static Executor requestContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> context.runOnContext(ignored -> task.run());
    }

}
