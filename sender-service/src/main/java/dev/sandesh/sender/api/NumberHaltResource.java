package dev.sandesh.sender.api;

import dev.sandesh.sender.persistence.CampaignControlStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * Numbers halted by an auth/account error or 131048 (spam/quality): every campaign on them is
 * reported HALTED until an operator, having fixed the cause, lifts the halt here.
 */
@Path("/internal/numbers")
@Tag(name = "Internal", description = "For operators; not on the public route")
@Produces(MediaType.APPLICATION_JSON)
public class NumberHaltResource {

    private final CampaignControlStore controls;

    NumberHaltResource(CampaignControlStore controls) {
        this.controls = controls;
    }

    @GET
    @Path("/halted")
    @Operation(summary = "Halted numbers and why")
    public Map<String, String> halted() {
        return controls.gate().haltedNumbers();
    }

    @DELETE
    @Path("/{phoneNumberId}/halt")
    @Operation(summary = "Lift a number's halt")
    public Uni<Response> lift(@PathParam("phoneNumberId") String phoneNumberId) {
        return controls.liftNumber(phoneNumberId).map(lifted -> lifted
                ? Response.noContent().build()
                : CloudEventResource.problem(404, "Not Found", "this number is not halted"));
    }
}
