package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignStatsGateway;
import dev.sandesh.broadcast.domain.CampaignProgress;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/v1/campaigns")
@Tag(name = "Campaigns")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    static final String CREATE_EXAMPLE = """
            {"name": "Diwali 2025 offer",
             "template": {"name": "sandesh_demo", "language": "en", "category": "marketing"},
             "recipients": [
               {"phone": "+91 98123 45678", "parameters": ["Asha"], "externalId": "cust-1001"},
               {"phone": "098123 45678", "parameters": ["Asha again"], "externalId": "cust-1002"},
               {"phone": "12345", "parameters": ["Ravi"]}]}
            """;

    static final String CREATED_EXAMPLE = """
            {"id": "0b9f8f8e-5d7c-4f4e-9a55-3f1f2b7c9d10", "name": "Diwali 2025 offer",
             "template": {"name": "sandesh_demo", "language": "en", "category": "marketing"},
             "phoneNumberId": "106540352242922", "state": "RUNNING",
             "createdAt": "2025-10-20T06:30:00.120Z", "startedAt": "2025-10-20T06:30:00.310Z",
             "counts": {"recipients": 3, "valid": 1,
               "rejected": {"total": 2, "byReason": {"INVALID_NUMBER": 1, "DUPLICATE": 1, "OPTED_OUT": 0}}},
             "batches": 1,
             "rejections": [
               {"index": 1, "phone": "098123 45678", "externalId": "cust-1002", "reason": "DUPLICATE", "detail": "same number as recipient 0"},
               {"index": 2, "phone": "12345", "externalId": null, "reason": "INVALID_NUMBER", "detail": "TOO_SHORT: the number has the wrong length for country code +91"}]}
            """;

    private final CampaignCreator creator;
    private final CampaignRepository campaigns;
    private final CampaignStore store;
    private final CampaignLifecycle lifecycle;
    private final CampaignStatsGateway stats;
    private final CampaignReports reports;
    private final Caller caller;
    private final ActionRequest.Reader actions;
    private final LiveTemplateCatalog catalog;

    public CampaignResource(ActionRequest.Reader actions, CampaignCreator creator, CampaignRepository campaigns, CampaignStore store, CampaignLifecycle lifecycle,
                            CampaignStatsGateway stats, CampaignReports reports, Caller caller, LiveTemplateCatalog catalog) {
        this.actions = actions;
        this.catalog = catalog;
        this.creator = creator;
        this.campaigns = campaigns;
        this.store = store;
        this.lifecycle = lifecycle;
        this.stats = stats;
        this.reports = reports;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create and start a campaign",
            description = "Normalises every number to E.164, rejects invalid, duplicate and opted-out ones (listed with their "
                    + "index and reason), stores the campaign and, unless start is false or startAt is given, starts it: it answers "
                    + "once the campaign is RUNNING, and its valid recipients are published in batches in the background "
                    + "(publishing.published of publishing.batches, also in GET /v1/campaigns/{id}). "
                    + "Nothing is stored when the request is invalid.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateCampaignRequest.class),
            examples = @ExampleObject(name = "three recipients", value = CREATE_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created and started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignViews.Created.class),
                    examples = @ExampleObject(name = "created", value = CREATED_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Idempotency-Key seen before: the campaign it created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignViews.Created.class)))
    @APIResponse(responseCode = "400", description = "Invalid request (errors name each field); nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used with a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(
            @Parameter(description = "Makes retries safe: the same key returns the campaign it first created")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            CreateCampaignRequest request,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        Uni<Void> catalogue = request == null || request.template() == null ? Uni.createFrom().voidItem()
                : catalog.refreshIfUnknown(request.template().name(), request.template().language());
        return catalogue.chain(() -> creator.create(request, idempotencyKey)).map(outcome -> outcome.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(outcome.campaign().id().toString()).build())
                .entity(outcome.campaign()).build()
                : Response.ok(outcome.campaign()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A campaign and its progress",
            description = "Message counts come from webhook-service; when it cannot be reached they are zeros and counts.stale is true. "
                    + "A running campaign whose every valid recipient is settled (delivered, read, failed or halted, or accepted, sent or "
                    + "unknown with no news for sandesh.broadcast.settle-after) becomes COMPLETED; counts.settledWithoutReport says how many "
                    + "settled without a delivery report. history lists every transition, oldest first.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignViews.Progress.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignViews.Progress> get(@PathParam("id") UUID id) {
        return existing(id).chain(campaign -> lifecycle.progress(campaign)
                .chain(progress -> lifecycle.settle(campaign, progress).chain(c -> reports.progress(c, progress))));
    }

    @GET
    @Operation(summary = "Campaigns, newest first (keyset paged)",
            description = "A key limited to some phone numbers sees only their campaigns.")
    public Uni<CampaignViews.SummaryPage> list(
            @Parameter(description = "only campaigns in this state") @QueryParam("state") String state,
            @Parameter(description = "the next value of the previous page") @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "must be between 1 and 1000")));
        }
        CampaignState wanted = null;
        if (state != null) {
            try {
                wanted = CampaignState.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("state", "must be one of " + java.util.Arrays.toString(CampaignState.values()))));
            }
        }
        CampaignState filter = wanted;
        Uni<CampaignEntity> cursor = Uni.createFrom().nullItem();
        if (after != null) {
            UUID afterId;
            try {
                afterId = UUID.fromString(after);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("after", "must be the next value of a previous page")));
            }
            cursor = campaigns.find(afterId).onItem().ifNull().failWith(() ->
                    ProblemException.invalid(List.of(new Problem.FieldError("after", "no such campaign"))));
        }
        return cursor.chain(before -> campaigns.page(caller.phoneNumberIds(), filter, before, limit + 1)).map(rows -> {
            List<CampaignViews.Summary> page = rows.stream().limit(limit)
                    .map(c -> new CampaignViews.Summary(c.id, c.name, c.template(), c.phoneNumberId, c.state, c.createdAt, c.startedAt,
                            c.scheduledAt, c.completedAt, c.recipients, c.valid, c.rejected))
                    .toList();
            return new CampaignViews.SummaryPage(page, rows.size() > limit ? page.getLast().id().toString() : null);
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/start")
    @Operation(summary = "Start a DRAFT or SCHEDULED campaign now",
            description = "Plans it against the number's messaging limit (refused with 409, or spread over 24 h windows when "
                    + "overLimit is spread), marks it RUNNING and answers; its batches are published in the background "
                    + "(publishing.published of publishing.batches; an interrupted publish is resumed by the scheduler tick). "
                    + "Also starts a DRAFT campaign whose create failed before its start (as a replay of the create with its "
                    + "Idempotency-Key does). Another state answers 409.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ActionRequest.class), examples = @ExampleObject(name = "spread", value = "{\"overLimit\": \"spread\"}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignViews.Progress.class)))
    @APIResponse(responseCode = "409", description = "Not startable, or over the messaging limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignViews.Progress> start(@PathParam("id") UUID id, @Parameter(hidden = true) String body) {
        ActionRequest action = actions.read(body);
        return existing(id).chain(campaign -> lifecycle.start(campaign, action.overLimitMode())).chain(() -> get(id));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/schedule")
    @Operation(summary = "Schedule a DRAFT campaign", description = "It becomes SCHEDULED and starts when startAt has come "
            + "(POST /internal/v1/scheduler/tick, every few seconds).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActionRequest.class),
            examples = @ExampleObject(name = "tomorrow 9:00 IST", value = "{\"startAt\": \"2025-10-21T03:30:00Z\", \"overLimit\": \"spread\"}")))
    public Uni<CampaignViews.Progress> schedule(@PathParam("id") UUID id, @Parameter(hidden = true) String body) {
        ActionRequest action = actions.read(body);
        if (action.startAt() == null) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("startAt", "must be given (an ISO-8601 instant)")));
        }
        return existing(id).chain(campaign -> lifecycle.schedule(campaign, action.startAt(), action.overLimitMode())).chain(() -> get(id));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/pause")
    @Operation(summary = "Pause a RUNNING campaign", description = "Publishes PAUSE to sender-service (broker-confirmed): recipients "
            + "not yet sent are deferred within the current rate slot. 503 when the broker does not confirm (nothing changed).")
    public Uni<CampaignViews.Progress> pause(@PathParam("id") UUID id, @Parameter(hidden = true) String body) {
        return existing(id).chain(campaign -> lifecycle.pause(campaign, actions.read(body).reason())).chain(() -> get(id));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/resume")
    @Operation(summary = "Resume a PAUSED or HALTED campaign", description = "Publishes RESUME, then the campaign's released batches again: "
            + "the sender's ledger skips everyone already sent, so only deferred recipients go out. On a HALTED campaign (after its cause "
            + "is fixed: a new token, a paid bill, a reinstated template) the sender also lifts the halt and releases the halted "
            + "recipients, so what was never sent goes out; nobody with a wamid or an UNKNOWN send is sent again.")
    public Uni<CampaignViews.Progress> resume(@PathParam("id") UUID id, @Parameter(hidden = true) String body) {
        return existing(id).chain(campaign -> lifecycle.resume(campaign, actions.read(body).reason())).chain(() -> get(id));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a campaign for good", description = "From DRAFT, SCHEDULED, RUNNING or PAUSED. Publishes CANCEL: "
            + "recipients not yet sent are never sent.")
    public Uni<CampaignViews.Progress> cancel(@PathParam("id") UUID id, @Parameter(hidden = true) String body) {
        return existing(id).chain(campaign -> lifecycle.cancel(campaign, actions.read(body).reason())).chain(() -> get(id));
    }

    @GET
    @Path("/{id}/estimate")
    @Operation(summary = "What the campaign will cost and whether it fits the messaging limit",
            description = "Meta's price for the valid recipients less the expected failure share, by country, from the versioned rate "
                    + "card (price in force on the start day), in the reporting currency; each provider's cost for the same campaign and the "
                    + "saving, as GET /cost shows after; the number's messaging-limit budget.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignViews.Estimate.class)))
    public Uni<CampaignViews.Estimate> estimate(@PathParam("id") UUID id,
                                                @Parameter(description = "expected share of failures, 0 to 1; default: the number's last completed campaign")
                                                @QueryParam("failureShare") Double failureShare) {
        return existing(id).chain(c -> reports.estimate(c, failureShare));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("/{id}/retry-failed")
    @Operation(summary = "Send again to the recipients whose failure allows it, as a new campaign",
            description = "Reads per-recipient outcomes from webhook-service and keeps FAILED ones with a transient error, 131049 "
                    + "once 24 h have passed, and UNKNOWN ones only with includeUnknown (they may have arrived). Never 131026, "
                    + "131050 or any other permanent, template or account error. The new campaign (retryOf = this one) is "
                    + "screened again (opt-outs since) and started; answers 200 with campaign null when nobody qualifies. A campaign has "
                    + "one retry child: calling again (even at the same moment) answers 200 with that child, unless force=true makes another.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActionRequest.class),
            examples = @ExampleObject(name = "with unknown", value = "{\"includeUnknown\": true}")))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CampaignViews.RetryResult.class)))
    public Uni<Response> retryFailed(@PathParam("id") UUID id, @HeaderParam("Idempotency-Key") String idempotencyKey, @Parameter(hidden = true) String body,
                                     @Parameter(description = "Make another child although the campaign has one (without it, the existing child is returned, 200)")
                                     @QueryParam("force") @DefaultValue("false") boolean force,
                                     @jakarta.ws.rs.core.Context UriInfo uri) {
        ActionRequest action = actions.read(body);
        return existing(id).chain(parent -> reports.retryFailed(parent, action, caller.idempotencyKey(idempotencyKey), force)).map(result -> result.campaign() == null
                || result.existing()
                ? Response.ok(result).build()
                : Response.created(uri.getBaseUriBuilder().path("v1/campaigns").path(result.campaign().id().toString()).build()).entity(result).build());
    }

    @GET
    @Path("/{id}/outcomes")
    @Operation(summary = "Per-recipient outcomes (keyset paged by index)",
            description = "Recipients with an outcome, from webhook-service, joined with the number and externalId stored here. "
                    + "Filter by state (ACCEPTED, SENT, DELIVERED, READ, FAILED, UNKNOWN, HALTED) and errorCode. "
                    + "With Accept: text/csv, every matching outcome as CSV. 503 when webhook-service cannot answer.")
    public Uni<CampaignViews.OutcomePage> outcomes(@PathParam("id") UUID id, @QueryParam("state") String state,
                                                   @QueryParam("errorCode") Integer errorCode,
                                                   @QueryParam("after") @DefaultValue("-1") long after,
                                                   @QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "must be between 1 and 10000")));
        }
        String wanted = CampaignReports.outcomeState(state);
        return existing(id).chain(campaign -> reports.outcomes(id, wanted, errorCode, after, limit));
    }

    @GET
    @Path("/{id}/outcomes")
    @Produces("text/csv")
    @Operation(summary = "Per-recipient outcomes as CSV (every page)")
    public Multi<String> outcomesCsv(@PathParam("id") UUID id, @QueryParam("state") String state, @QueryParam("errorCode") Integer errorCode) {
        String wanted = CampaignReports.outcomeState(state);
        return existing(id).onItem().transformToMulti(campaign -> reports.outcomesCsv(id, wanted, errorCode));
    }

    @GET
    @Path("/{id}/rejections")
    @Operation(summary = "The recipients kept out of a campaign, with the reason, in request order (keyset paged)")
    public Uni<CampaignViews.RejectionPage> rejections(
            @PathParam("id") UUID id,
            @Parameter(description = "index of the last rejection already read") @QueryParam("after") @DefaultValue("-1") long after,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "must be between 1 and 10000")));
        }
        return existing(id).chain(campaign -> store.rejections(id, after, limit + 1)).map(rows -> {
            List<CampaignViews.Rejection> page = rows.stream().limit(limit)
                    .map(r -> new CampaignViews.Rejection(r.sequence(), r.input(), r.externalId(), RejectionReason.valueOf(r.reason()), r.detail()))
                    .toList();
            Long next = rows.size() > limit ? page.getLast().index() : null;
            return new CampaignViews.RejectionPage(page, next);
        });
    }

    private Uni<CampaignEntity> existing(UUID id) {
        return campaigns.find(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no campaign " + id))
                .invoke(campaign -> caller.requireAccess(campaign.phoneNumberId));
    }

}
