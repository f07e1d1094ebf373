package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignStatsGateway;
import dev.sandesh.broadcast.domain.CampaignProgress;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.messaging.CampaignPublisher;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.contracts.CampaignStats;
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

import java.time.InstantSource;
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
    private final CampaignPublisher publisher;
    private final CampaignStatsGateway stats;
    private final InstantSource clock;

    public CampaignResource(CampaignCreator creator, CampaignRepository campaigns, CampaignStore store,
                            CampaignPublisher publisher, CampaignStatsGateway stats, InstantSource clock) {
        this.creator = creator;
        this.campaigns = campaigns;
        this.store = store;
        this.publisher = publisher;
        this.stats = stats;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create and start a campaign",
            description = "Normalises every number to E.164, rejects invalid, duplicate and opted-out ones (listed with their "
                    + "index and reason), stores the campaign and publishes its valid recipients in batches. "
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
    @APIResponse(responseCode = "503", description = "Stored but not started: the broker did not confirm the batches. Retry with the same Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(
            @Parameter(description = "Makes retries safe: the same key returns the campaign it first created")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            CreateCampaignRequest request,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        return creator.create(request, idempotencyKey).map(outcome -> outcome.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(outcome.campaign().id().toString()).build())
                .entity(outcome.campaign()).build()
                : Response.ok(outcome.campaign()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A campaign and its progress",
            description = "Message counts come from webhook-service; when it cannot be reached they are zeros and counts.stale is true. "
                    + "A running campaign whose every valid recipient is read, failed or halted becomes COMPLETED.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignViews.Progress.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignViews.Progress> get(@PathParam("id") UUID id) {
        return existing(id).chain(campaign -> stats.stats(id).chain(reading -> {
            CampaignProgress progress = new CampaignProgress(campaign.valid, reading.stats(), reading.stale());
            if (campaign.state == CampaignState.RUNNING && progress.everyRecipientTerminal()) {
                return campaigns.move(id, CampaignState.RUNNING, CampaignState.COMPLETED, clock.instant())
                        .chain(() -> campaigns.find(id))
                        .map(completed -> progress(completed, progress));
            }
            return Uni.createFrom().item(progress(campaign, progress));
        }));
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Publish a campaign that could not be started",
            description = "For a DRAFT campaign whose create answered 503: publishes its batches again (the sender skips recipients "
                    + "it already claimed) and marks it RUNNING. A campaign past DRAFT answers 409.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignViews.Progress.class)))
    @APIResponse(responseCode = "409", description = "Not a DRAFT campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignViews.Progress> start(@PathParam("id") UUID id) {
        return existing(id).chain(campaign -> {
            campaign.state.moveTo(CampaignState.RUNNING);
            return publisher.start(campaign);
        }).chain(() -> get(id));
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
        return campaigns.find(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no campaign " + id));
    }

    private static CampaignViews.Progress progress(CampaignEntity c, CampaignProgress progress) {
        CampaignStats s = progress.stats();
        CampaignViews.AudienceCounts audience = CampaignCreator.audienceCounts(c);
        return new CampaignViews.Progress(c.id, c.name, c.template(), c.phoneNumberId, c.state, c.createdAt, c.startedAt, c.completedAt,
                new CampaignViews.ProgressCounts(audience.recipients(), audience.valid(), audience.rejected(), progress.queued(),
                        s.accepted(), s.sent(), s.delivered(), s.read(), s.failed(), s.unknown(), s.halted(), progress.stale()));
    }
}
