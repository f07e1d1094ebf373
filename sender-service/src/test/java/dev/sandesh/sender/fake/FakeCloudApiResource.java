package dev.sandesh.sender.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * A stand-in for Meta's {@code POST /v23.0/{phone-number-id}/messages} and the Marketing Messages API's
 * {@code /marketing_messages} (same answers, CLOUD-API-MORE §5), served by the test app itself on the
 * test port, so the sender's real REST client, fault tolerance and pacing are exercised.
 */
@Path("/v23.0/{phoneNumberId}")
public class FakeCloudApiResource {

    private final FakeCloudApi api;

    public FakeCloudApiResource(FakeCloudApi api) {
        this.api = api;
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@PathParam("phoneNumberId") String phoneNumberId,
                              @HeaderParam("Authorization") String authorization,
                              JsonNode body) {
        return answer("messages", phoneNumberId, authorization, body);
    }

    @POST
    @Path("marketing_messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> sendMarketing(@PathParam("phoneNumberId") String phoneNumberId,
                                       @HeaderParam("Authorization") String authorization,
                                       JsonNode body) {
        return answer("marketing_messages", phoneNumberId, authorization, body);
    }

    private Uni<Response> answer(String endpoint, String phoneNumberId, String authorization, JsonNode body) {
        long at = System.nanoTime();
        String to = body.path("to").asText();
        int n = api.record(new FakeCloudApi.Call(phoneNumberId, endpoint, to, at, authorization, body));
        if (!("Bearer " + FakeCloudApi.ACCESS_TOKEN).equals(authorization)) {
            return Uni.createFrom().item(metaError(401, 190, "Invalid OAuth access token"));
        }
        FakeCloudApi.Script metered = api.meter(phoneNumberId, at);
        return answer(metered != null ? metered : api.scriptFor(to), n, phoneNumberId, to);
    }

    private Uni<Response> answer(FakeCloudApi.Script script, int n, String phoneNumberId, String to) {
        return switch (script) {
            case FakeCloudApi.Script.Accept a -> Uni.createFrom().item(accepted(phoneNumberId, to));
            case FakeCloudApi.Script.Held h -> Uni.createFrom().item(accepted(phoneNumberId, to, "held_for_quality_assessment"));
            case FakeCloudApi.Script.MetaError e -> Uni.createFrom().item(metaError(e.status(), e.code(), e.message()));
            case FakeCloudApi.Script.PlainError e -> Uni.createFrom().item(
                    Response.status(e.status()).type(MediaType.TEXT_HTML).entity("<html>Service Unavailable</html>").build());
            case FakeCloudApi.Script.FailThenAccept f -> n <= f.times() ? answer(f.first(), n, phoneNumberId, to) : Uni.createFrom().item(accepted(phoneNumberId, to));
            case FakeCloudApi.Script.Slow s -> Uni.createFrom().item(accepted(phoneNumberId, to)).onItem().delayIt().by(s.delay());
        };
    }

    private Response accepted(String phoneNumberId, String to) {
        return accepted(phoneNumberId, to, "accepted");
    }

    private Response accepted(String phoneNumberId, String to, String messageStatus) {
        return Response.ok(Map.of(
                "messaging_product", "whatsapp",
                "contacts", List.of(Map.of("input", to, "wa_id", to)),
                "messages", List.of(Map.of("id", api.nextWamid(phoneNumberId, to), "message_status", messageStatus)))).build();
    }

    private static Response metaError(int status, int code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", Map.of(
                "message", message,
                "type", "OAuthException",
                "code", code,
                "error_data", Map.of("messaging_product", "whatsapp", "details", message),
                "fbtrace_id", "AfakeTrace"))).build();
    }
}
