package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignStatsGateway;
import dev.sandesh.broadcast.client.RecipientStatePage;
import dev.sandesh.broadcast.domain.AudienceEntry;
import dev.sandesh.broadcast.domain.CampaignProgress;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RetryPolicy;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignHistory;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.broadcast.persistence.NewCampaign;
import dev.sandesh.broadcast.persistence.StoredRecipient;
import dev.sandesh.contracts.CampaignStats;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** What the API reports about a campaign beyond its row: progress with cost, estimate, per-recipient outcomes, retries. */
@ApplicationScoped
public class CampaignReports {

    private static final int OUTCOME_PAGE = 1_000;
    private static final List<String> OUTCOME_STATES = Arrays.stream(RetryPolicy.OutcomeState.values()).map(Enum::name).toList();

    private final CampaignStore store;
    private final CampaignRepository campaigns;
    private final CampaignStatsGateway gateway;
    private final CampaignCreator creator;
    private final InstantSource clock;
    private final CampaignHistory history;
    private final CampaignEstimates estimates;

    public CampaignReports(CampaignStore store, CampaignRepository campaigns, CampaignStatsGateway gateway, CampaignCreator creator,
                           InstantSource clock, CampaignHistory history, CampaignEstimates estimates) {
        this.estimates = estimates;
        this.history = history;
        this.store = store;
        this.campaigns = campaigns;
        this.gateway = gateway;
        this.creator = creator;
        this.clock = clock;
    }

    public Uni<CampaignViews.Progress> progress(CampaignEntity c, CampaignProgress progress) {
        CampaignStats s = progress.stats();
        CampaignViews.AudienceCounts audience = CampaignCreator.audienceCounts(c);
        return history.of(c.id).map(transitions -> {
            CampaignViews.CostLink costSoFar = new CampaignViews.CostLink("/v1/campaigns/" + c.id + "/cost");
            var eta = progress.etaSeconds();
            CampaignViews.Throughput throughput = new CampaignViews.Throughput(Math.round(progress.throughput() * 100) / 100.0,
                    eta.isPresent() ? eta.getAsLong() : null, eta.isPresent() ? clock.instant().plusSeconds(eta.getAsLong()) : null);
            return new CampaignViews.Progress(c.id, c.name, c.template(), c.phoneNumberId, c.state, c.createdAt, c.startedAt, c.completedAt,
                    new CampaignViews.ProgressCounts(audience.recipients(), audience.valid(), audience.rejected(), progress.queued(),
                            s.accepted(), s.sent(), s.delivered(), s.read(), s.failed(), s.unknown(), s.halted(), progress.stale(),
                            progress.settledWithoutReport(), s.replied(), s.held()),
                    c.scheduledAt, c.retryOf, c.stateReason, costSoFar, throughput,
                    transitions.stream().map(t -> new CampaignViews.HistoryEntry(t.at(), t.event(), t.reason())).toList(),
                    publishing(c));
        });
    }

    /** How far publishing the campaign's batches has come; null before its start. */
    static CampaignViews.Publishing publishing(CampaignEntity c) {
        return c.startedAt == null ? null
                : new CampaignViews.Publishing(c.batchesPublished, new dev.sandesh.broadcast.domain.BatchPlanner(c.batchSize).batchCount(c.valid));
    }

    /** @see CampaignEstimates#estimate(CampaignEntity, Double) */
    public Uni<CampaignViews.Estimate> estimate(CampaignEntity c, Double failureShare) {
        return estimates.estimate(c, failureShare);
    }

    /** Validates an outcome state filter; null stays null. */
    static String outcomeState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        String wanted = state.trim().toUpperCase(Locale.ROOT);
        if (!OUTCOME_STATES.contains(wanted)) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("state", "must be one of " + String.join(", ", OUTCOME_STATES))));
        }
        return wanted;
    }

    public Uni<CampaignViews.OutcomePage> outcomes(UUID id, String state, Integer errorCode, long after, int limit) {
        return fetch(id, after, limit, state, errorCode).chain(page -> join(id, page)
                .map(outcomes -> new CampaignViews.OutcomePage(outcomes, page.next())));
    }

    public Multi<String> outcomesCsv(UUID id, String state, Integer errorCode) {
        Multi<String> rows = pages(id, state, errorCode)
                .onItem().transformToUniAndConcatenate(page -> join(id, page))
                .onItem().transformToIterable(list -> list.stream().map(CampaignReports::csvRow).toList());
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item("index,phone,country,external_id,state,wamid,error_code,error_title,updated_at,reply_kind,reply_text,reply_payload,replied_at\n"), rows);
    }

    /**
     * Creates the child campaign of the recipients whose failure allows a retry ({@link RetryPolicy}).
     * The same Idempotency-Key again returns the child it created.
     */
    public Uni<CampaignViews.RetryResult> retryFailed(CampaignEntity parent, ActionRequest action, String idempotencyKey) {
        return retryFailed(parent, action, idempotencyKey, false);
    }

    /**
     * {@link #retryFailed(CampaignEntity, ActionRequest, String)}; a parent has one retry child: a
     * second call returns it ({@code existing}), even when two calls race (the database's unique
     * index decides), unless {@code force} makes another one.
     */
    public Uni<CampaignViews.RetryResult> retryFailed(CampaignEntity parent, ActionRequest action, String idempotencyKey, boolean force) {
        if (parent.state == CampaignState.DRAFT || parent.state == CampaignState.SCHEDULED) {
            throw ProblemException.conflict("a " + parent.state + " campaign has sent nothing to retry");
        }
        Uni<CampaignEntity> earlier = idempotencyKey == null ? Uni.createFrom().nullItem() : campaigns.findByIdempotencyKey(idempotencyKey);
        return earlier.chain(found -> found != null || force ? Uni.createFrom().item(found) : campaigns.retryChild(parent.id)).chain(found -> {
            if (found != null) {
                if (!parent.id.equals(found.retryOf)) {
                    throw ProblemException.conflict("Idempotency-Key was already used for campaign " + found.id);
                }
                return existingChild(parent, found);
            }
            return selectRetryable(parent, action).chain(selection -> {
                if (selection.retry().isEmpty()) {
                    return Uni.createFrom().item(new CampaignViews.RetryResult(parent.id, selection.considered(), 0, selection.skipped(), null));
                }
                return load(parent.id, selection.retry()).chain(entries -> {
                    NewCampaign child = new NewCampaign(UUID.randomUUID(), retryName(parent.name), parent.template(), parent.phoneNumberId,
                            idempotencyKey, idempotencyKey == null ? null : "retry-of:" + parent.id, parent.batchSize, clock.instant(),
                            CampaignState.DRAFT, true, null,
                            action.overLimitMode() != null ? action.overLimitMode() : parent.overLimitMode(), parent.id, force);
                    return creator.create(child, entries).map(outcome -> new CampaignViews.RetryResult(parent.id, selection.considered(),
                                    entries.size(), selection.skipped(), outcome.campaign()))
                            // another call created the child first: that one is the answer
                            .onFailure(dev.sandesh.broadcast.persistence.DuplicateRetryChild.class)
                            .recoverWithUni(() -> campaigns.retryChild(parent.id).chain(raced -> existingChild(parent, raced)));
                });
            });
        });
    }

    private Uni<CampaignViews.RetryResult> existingChild(CampaignEntity parent, CampaignEntity child) {
        return creator.replayView(child).map(view -> new CampaignViews.RetryResult(parent.id, 0, view.counts().recipients(), Map.of(), view, true));
    }

    private record Selection(long considered, List<Long> retry, Map<String, Long> skipped) {
    }

    private Uni<Selection> selectRetryable(CampaignEntity parent, ActionRequest action) {
        Instant now = clock.instant();
        List<String> states = action.unknownIncluded() ? List.of("FAILED", "UNKNOWN") : List.of("FAILED");
        List<Long> retry = new ArrayList<>();
        Map<String, Long> skipped = new TreeMap<>();
        long[] considered = {0};
        return Multi.createFrom().iterable(states)
                .onItem().transformToMultiAndConcatenate(state -> pages(parent.id, state, null))
                .invoke(page -> page.recipients().forEach(r -> {
                    considered[0]++;
                    RetryPolicy.OutcomeState state = RetryPolicy.OutcomeState.valueOf(r.state());
                    if (RetryPolicy.retryable(state, r.errorCode(), r.updatedAt(), now, action.unknownIncluded())) {
                        retry.add(r.sequence());
                    } else {
                        skipped.merge(state == RetryPolicy.OutcomeState.FAILED ? "FAILED:" + r.errorCode() : state.name(), 1L, Long::sum);
                    }
                }))
                .collect().last()
                .map(ignored -> new Selection(considered[0], retry.stream().sorted().toList(), skipped));
    }

    private Uni<List<AudienceEntry>> load(UUID campaignId, List<Long> sequences) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i += 5_000) {
            chunks.add(sequences.subList(i, Math.min(i + 5_000, sequences.size())));
        }
        List<AudienceEntry> entries = new ArrayList<>(sequences.size());
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> store.recipients(campaignId, chunk).invoke(found -> chunk.forEach(seq -> {
                    StoredRecipient r = found.get(seq);
                    if (r != null && r.phoneE164() != null) {
                        entries.add(new AudienceEntry(r.phoneE164(), r.parameters(), r.externalId(), r.variables()));
                    }
                })))
                .collect().last().map(ignored -> entries);
    }

    private static String retryName(String name) {
        String retried = name + " (retry)";
        return retried.length() > 200 ? retried.substring(0, 200) : retried;
    }

    private Multi<RecipientStatePage> pages(UUID id, String state, Integer errorCode) {
        long[] after = {-1};
        return Multi.createBy().repeating()
                .uni(() -> fetch(id, after[0], OUTCOME_PAGE, state, errorCode).invoke(page -> {
                    if (page.next() != null) {
                        after[0] = page.next();
                    }
                }))
                .whilst(page -> page.next() != null);
    }

    private Uni<RecipientStatePage> fetch(UUID id, long after, int limit, String state, Integer errorCode) {
        return gateway.recipients(id, after, limit, state, errorCode).map(reading -> switch (reading) {
            case CampaignStatsGateway.RecipientStates.Page(RecipientStatePage page) -> page;
            case CampaignStatsGateway.RecipientStates.Unavailable unavailable -> throw new ProblemException(503, "Outcomes unavailable",
                    "webhook-service, which holds per-recipient outcomes, did not answer; try again shortly", null);
        });
    }

    private Uni<List<CampaignViews.RecipientOutcome>> join(UUID id, RecipientStatePage page) {
        List<Long> sequences = page.recipients().stream().map(RecipientStatePage.RecipientState::sequence).toList();
        return store.recipients(id, sequences).map(found -> page.recipients().stream().map(r -> {
            StoredRecipient stored = found.get(r.sequence());
            return new CampaignViews.RecipientOutcome(r.sequence(), stored == null ? null : stored.phoneE164(),
                    stored == null ? null : stored.country(), stored == null ? null : stored.externalId(), r.state(), r.wamid(),
                    r.errorCode(), r.errorTitle(), r.updatedAt(),
                    r.reply() == null ? null : new CampaignViews.Reply(r.reply().kind(), r.reply().text(), r.reply().payload(), r.reply().at()));
        }).toList());
    }

    private static String csvRow(CampaignViews.RecipientOutcome o) {
        return String.join(",", String.valueOf(o.index()), csvPhone(o.phone()), csv(o.country()), csv(o.externalId()), csv(o.state()),
                csv(o.wamid()), o.errorCode() == null ? "" : o.errorCode().toString(), csv(o.errorTitle()),
                o.updatedAt() == null ? "" : o.updatedAt().toString(),
                o.reply() == null ? "" : csv(o.reply().kind()), o.reply() == null ? "" : csv(o.reply().text()),
                o.reply() == null ? "" : csv(o.reply().payload()), o.reply() == null || o.reply().at() == null ? "" : o.reply().at().toString()) + "\n";
    }

    /** E.164 as broadcast-service normalised it: a plus and up to 15 digits, nothing a spreadsheet could evaluate. */
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{1,14}");

    /**
     * The phone column is written by us (the normalised E.164 number, never the caller's text), so it keeps its
     * leading {@code +}: a user filtering or re-uploading the export expects {@code +919812345678}, and a cell of a
     * plus and digits is a number to a spreadsheet, not a formula. Anything else in that column is neutralised.
     */
    static String csvPhone(String value) {
        return value != null && E164.matcher(value).matches() ? value : csv(value);
    }

    /**
     * A CSV cell that a spreadsheet shows as text, never evaluates (OWASP "CSV Injection"): a value starting with
     * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}; values with a
     * comma, quote or line break are quoted (RFC 4180).
     */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String cell = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r") || !cell.equals(value);
        return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
