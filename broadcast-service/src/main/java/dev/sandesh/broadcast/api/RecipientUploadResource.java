package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sandesh.broadcast.config.LimitsConfig;
import dev.sandesh.broadcast.domain.AudienceEntry;
import dev.sandesh.broadcast.domain.BoundedLineReader;
import dev.sandesh.broadcast.domain.AudienceScreen;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RecipientCsv;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.domain.CheckedTemplate;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateCheck;
import dev.sandesh.broadcast.domain.TextRules;
import dev.sandesh.broadcast.persistence.RecipientUploadStore;
import dev.sandesh.broadcast.persistence.StoredRejection;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Streams recipients into a DRAFT campaign, NDJSON or CSV, of any size in constant memory: the
 * body is read as it arrives (a worker thread reading Quarkus REST's blocking input stream), each
 * recipient screened alone, written in chunks, duplicates and opt-outs decided in SQL (see
 * {@link RecipientUploadStore}). One transaction: a malformed line anywhere leaves nothing.
 */
@Path("/v1/campaigns/{id}/recipients")
@Tag(name = "Campaigns")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class RecipientUploadResource {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** Rejections listed in the answer; the rest are read from GET .../rejections. */
    private static final int LISTED = 100;

    private final RecipientUploadStore uploads;
    private final dev.sandesh.broadcast.persistence.CampaignStore store;
    private final AudienceScreen screen;
    private final TemplateCatalog templates;
    private final Caller caller;
    private final InstantSource clock;
    private final ObjectReader lineReader;
    private final int maxLineChars;

    public RecipientUploadResource(RecipientUploadStore uploads, dev.sandesh.broadcast.persistence.CampaignStore store, AudienceScreen screen,
                                   TemplateCatalog templates, Caller caller, InstantSource clock, ObjectMapper json, LimitsConfig limits) {
        this.maxLineChars = limits.uploadLineChars();
        this.uploads = uploads;
        this.store = store;
        this.screen = screen;
        this.templates = templates;
        this.caller = caller;
        this.clock = clock;
        this.lineReader = json.readerFor(CreateCampaignRequest.RecipientInput.class);
    }

    @POST
    @Blocking
    @Consumes({NDJSON, CSV})
    @Operation(summary = "Add recipients to a DRAFT campaign (NDJSON or CSV stream, any size)",
            description = "NDJSON: one {\"phone\", \"parameters\", \"externalId\"} object per line. CSV: a header naming phone, "
                    + "external_id and param1, param2, ... Recipients are numbered after those already in the campaign; invalid "
                    + "numbers, duplicates (within the campaign), opted-out numbers and wrong parameter counts are rejected and "
                    + "counted by reason (the first 100 listed; all at GET .../rejections). A line that cannot be read rejects the "
                    + "whole upload (400 naming the line, nothing stored), and so does a line longer than sandesh.limits.upload-line-chars "
                    + "(65,536 characters by default) or a value holding NUL or a lone surrogate. Only a DRAFT campaign takes recipients (409 otherwise).")
    @RequestBody(content = {
            @Content(mediaType = NDJSON, examples = @ExampleObject(name = "ndjson", value = """
                    {"phone": "+91 98123 45678", "parameters": ["Asha"], "externalId": "cust-1001"}
                    {"phone": "098123 45679", "parameters": ["Ravi"], "externalId": "cust-1002"}
                    """)),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = """
                    phone,external_id,param1
                    +91 98123 45678,cust-1001,Asha
                    098123 45679,cust-1002,Ravi
                    """))})
    public CampaignViews.Uploaded upload(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        boolean csv = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(CSV);
        // every line is bounded before it is buffered: an endless line is refused, not held (REFERENCE.md "Limits")
        InputStreamReader decoded = new InputStreamReader(body, StandardCharsets.UTF_8);
        CheckedTemplate[] spec = {null};
        RecipientUploadStore.Uploaded uploaded;
        try {
            // an NDJSON record is one line: the line bound is its whole bound (BoundedLineReader.lines)
            RecipientUploadStore.Source source = csv ? csvSource(decoded) : ndjsonSource(new BufferedReader(
                    BoundedLineReader.lines(decoded, maxLineChars), 64 * 1024));
            uploaded = uploads.upload(id, target -> {
                caller.requireAccess(target.phoneNumberId());
                if (!CampaignState.DRAFT.name().equals(target.state())) {
                    throw ProblemException.conflict("recipients can only be added to a DRAFT campaign; this one is " + target.state());
                }
                if (target.startAttempted()) {
                    throw ProblemException.conflict("this campaign's start has begun (its batches may be published): its audience is fixed");
                }
                spec[0] = checkedTemplate(target);
            }, (sequence, entry) -> spec[0] == null
                    ? screen.normalise(List.of(entry)).screen(java.util.Set.of()).recipients().getFirst().withSequence(sequence)
                    : screen.screenAlone(sequence, entry, spec[0]), source, clock.instant());
        } catch (RecipientCsv.FormatError e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("line " + e.line(), e.getMessage())));
        }
        if (uploaded == null) {
            throw ProblemException.notFound("no campaign " + id);
        }
        CampaignViews.AudienceCounts campaign = CampaignCreator.audienceCounts(store.counts(id).await().indefinitely());
        List<StoredRejection> listed = store.rejections(id, uploaded.firstSequence() - 1, LISTED + 1).await().indefinitely();
        List<CampaignViews.Rejection> rejections = listed.stream().limit(LISTED)
                .map(r -> new CampaignViews.Rejection(r.sequence(), r.input(), r.externalId(), RejectionReason.valueOf(r.reason()), r.detail()))
                .toList();
        Map<RejectionReason, Long> byReason = new EnumMap<>(uploaded.rejected());
        long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new CampaignViews.Uploaded(id, uploaded.firstSequence(), uploaded.received(), uploaded.valid(),
                new CampaignViews.Rejected(rejected, byReason), campaign, rejections,
                listed.size() > LISTED ? rejections.getLast().index() : null);
    }

    private RecipientUploadStore.Source ndjsonSource(BufferedReader reader) {
        long[] line = {0};
        return () -> {
            String text;
            do {
                text = reader.readLine();
                if (text == null) {
                    return null;
                }
                line[0]++;
            } while (text.isBlank());
            CreateCampaignRequest.RecipientInput input;
            try {
                input = lineReader.readValue(text);
            } catch (JsonProcessingException e) {
                throw new RecipientCsv.FormatError(line[0], "not a recipient object: " + e.getOriginalMessage());
            }
            if (input == null) {
                throw new RecipientCsv.FormatError(line[0], "not a recipient object");
            }
            if (input.parameters() != null && input.parameters().contains(null)) {
                throw new RecipientCsv.FormatError(line[0], "parameters must not contain null");
            }
            if (input.variables() != null && input.variables().containsValue(null)) {
                throw new RecipientCsv.FormatError(line[0], "variables must be strings, not null");
            }
            AudienceEntry entry = new AudienceEntry(input.phone(), input.parameters(), input.externalId(), input.variables());
            java.util.Optional<String> unstorable = TextRules.problem(entry);
            if (unstorable.isPresent()) {
                throw new RecipientCsv.FormatError(line[0], unstorable.get());
            }
            return entry;
        };
    }

    /**
     * The campaign's template as stored, checked again against today's catalogue: a template paused or
     * changed since the campaign was created refuses the upload (409), nothing stored.
     */
    private CheckedTemplate checkedTemplate(RecipientUploadStore.Target target) {
        com.fasterxml.jackson.databind.JsonNode components;
        try {
            components = target.templateComponents() == null ? null : lineReader.readTree(target.templateComponents());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign " + target.id() + ": stored template components are not JSON", e);
        }
        return switch (TemplateCheck.campaign(templates, target.templateName(), target.templateLanguage(), null, components)) {
            case TemplateCheck.Accepted accepted -> accepted.template();
            case TemplateCheck.Refused refused -> throw ProblemException.conflict("the campaign's template no longer passes the check: "
                    + String.join("; ", refused.problems().stream().map(p -> p.field() + " " + p.reason()).toList()));
        };
    }

    private RecipientUploadStore.Source csvSource(java.io.Reader reader) throws IOException {
        RecipientCsv csv = new RecipientCsv(reader, maxLineChars);
        return csv::read;
    }
}
