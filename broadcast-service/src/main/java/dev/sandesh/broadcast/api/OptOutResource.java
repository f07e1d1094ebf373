package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.PhoneNormaliser;
import dev.sandesh.broadcast.persistence.OptOutRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.InstantSource;
import java.util.List;

/**
 * The opt-out list: people who must not receive marketing messages. Filled by webhook-service's
 * OptOut events (STOP keywords, buttons, Meta's user preferences, 131050) and by operators here.
 * Only an unrestricted key may change it (it applies to every number).
 */
@Path("/v1/opt-outs")
@Tag(name = "Opt-outs")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class OptOutResource {

    /** What an operator's additions are recorded as. */
    static final String SOURCE = "API";

    private final OptOutRepository optOuts;
    private final PhoneNormaliser normaliser;
    private final Caller caller;
    private final InstantSource clock;

    public OptOutResource(OptOutRepository optOuts, dev.sandesh.broadcast.config.BroadcastConfig config, Caller caller, InstantSource clock) {
        this.optOuts = optOuts;
        this.normaliser = new PhoneNormaliser(config.defaultRegion());
        this.caller = caller;
        this.clock = clock;
    }

    public record AddOptOut(String phone) {
    }

    @GET
    @Operation(summary = "The opt-out list in number order (keyset paged)")
    public Uni<CampaignViews.OptOutPage> list(@QueryParam("after") String after, @QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "must be between 1 and 10000")));
        }
        return optOuts.page(after, limit + 1).map(rows -> {
            List<CampaignViews.OptOutEntry> page = rows.stream().limit(limit)
                    .map(e -> new CampaignViews.OptOutEntry(e.phone(), e.source(), e.optedOutAt())).toList();
            return new CampaignViews.OptOutPage(page, rows.size() > limit ? page.getLast().phone() : null);
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a number to the opt-out list", description = "Any common format; stored as E.164. Adding a listed number changes nothing.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "one", value = "{\"phone\": \"+91 98123 45678\"}")))
    public Uni<Response> add(AddOptOut body) {
        requireUnrestricted();
        String phone = e164(body == null ? null : body.phone(), "phone");
        return optOuts.add(phone, SOURCE, clock.instant())
                .map(e -> Response.status(201).entity(new CampaignViews.OptOutEntry(e.phone(), e.source(), e.optedOutAt())).build());
    }

    @DELETE
    @Path("/{phone}")
    @Operation(summary = "Remove a number from the opt-out list", description = "404 when it was not on the list.")
    public Uni<Response> remove(@PathParam("phone") String phone) {
        requireUnrestricted();
        String number = e164(phone, "phone");
        return optOuts.remove(number).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound(number + " is not on the opt-out list");
            }
            return Response.noContent().build();
        });
    }

    private String e164(String input, String field) {
        return switch (normaliser.normalise(input)) {
            case PhoneNormaliser.Valid valid -> valid.e164();
            case PhoneNormaliser.Invalid invalid -> throw ProblemException.invalid(List.of(new Problem.FieldError(field, invalid.detail())));
        };
    }

    private void requireUnrestricted() {
        if (!caller.phoneNumberIds().isEmpty()) {
            throw new ProblemException(403, "Forbidden", "the opt-out list applies to every number: only an unrestricted key may change it", null);
        }
    }
}
