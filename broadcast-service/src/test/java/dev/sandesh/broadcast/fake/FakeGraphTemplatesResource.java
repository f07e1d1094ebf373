package dev.sandesh.broadcast.fake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * A stand-in for Meta's {@code GET /v23.0/{WABA-ID}/message_templates}, served by the test app
 * itself, in Meta's shape: {@code {"data":[…],"paging":{"cursors":{"before","after"},"next":"<absolute url>"}}},
 * {@code next} left out on the last page (CLOUD-API-MORE §2.1); 401 with Meta's OAuth error without the token.
 */
@Path("/v23.0/{wabaId}/message_templates")
public class FakeGraphTemplatesResource {

    private final FakeGraphTemplates fake;
    private final String baseUrl;

    public FakeGraphTemplatesResource(FakeGraphTemplates fake, @ConfigProperty(name = "sandesh.cloud-api.base-url") String baseUrl) {
        this.fake = fake;
        this.baseUrl = baseUrl;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> list(@PathParam("wabaId") String wabaId, @QueryParam("limit") @DefaultValue("25") int limit,
                              @QueryParam("after") @DefaultValue("0") int after, @QueryParam("fields") String fields,
                              @HeaderParam("Authorization") String authorization, @Context UriInfo uri) {
        fake.received(new FakeGraphTemplates.Request(uri.getRequestUri().getRawQuery(), authorization));
        Response answer = answer(wabaId, limit, after, fields, authorization);
        return fake.delay().isZero() ? Uni.createFrom().item(answer)
                : Uni.createFrom().item(answer).onItem().delayIt().by(fake.delay());
    }

    private Response answer(String wabaId, int limit, int after, String fields, String authorization) {
        if (!("Bearer " + FakeGraphTemplates.ACCESS_TOKEN).equals(authorization)) {
            return Response.status(401).type(MediaType.APPLICATION_JSON).entity("""
                    {"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"Atest"}}""").build();
        }
        FakeGraphTemplates.Failure failure = fake.failure();
        int page = after / Math.max(1, limit);
        if (failure != null && page >= failure.fromPage()) {
            return Response.status(failure.status()).type(MediaType.APPLICATION_JSON).entity(failure.body()).build();
        }
        List<ObjectNode> all = fake.templates();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        all.subList(Math.min(after, all.size()), Math.min(after + limit, all.size())).forEach(body.putArray("data")::add);
        if (!body.has("data")) {
            body.putArray("data");
        }
        ObjectNode paging = body.putObject("paging");
        paging.putObject("cursors").put("before", "c" + after).put("after", "c" + (after + limit));
        if (after + limit < all.size()) {
            paging.put("next", fake.foreignNext() != null ? fake.foreignNext()
                    : baseUrl + "/v23.0/" + wabaId + "/message_templates?fields=" + fields + "&limit=" + limit + "&after=" + (after + limit));
        }
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
    }
}
