package dev.sandesh.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.domain.MessageIntake;
import dev.sandesh.simulator.domain.SendOutcome;
import dev.sandesh.simulator.domain.TemplateSend;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * Meta's send endpoint, {@code POST /{version}/{phone-number-id}/messages}, for template messages.
 * Any Graph version ({@code v23.0}, {@code v25.0}...) is accepted and behaves the same. Runs on the
 * event loop: nothing here blocks.
 */
@Path("/{version: v[0-9]+\\.[0-9]+}/{phoneNumberId}/messages")
public class MessagesResource {

    private static final String BEARER = "Bearer ";

    private final MessageIntake intake;
    private final ObjectMapper mapper;

    public MessagesResource(MessageIntake intake, ObjectMapper mapper) {
        this.intake = intake;
        this.mapper = mapper;
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("phoneNumberId") String phoneNumberId,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @QueryParam("access_token") String accessTokenParam,
                         byte[] body) {
        return switch (intake.send(phoneNumberId, token(authorization, accessTokenParam), parse(body))) {
            case SendOutcome.Accepted accepted ->
                    Response.ok(SendResponse.accepted(accepted.input(), accepted.waId(), accepted.wamid())).build();
            case SendOutcome.Rejected rejected ->
                    Response.status(rejected.error().httpStatus()).entity(GraphErrorBody.of(rejected.error())).build();
        };
    }

    /** Graph takes the token from the Authorization header or, like Meta, an access_token query parameter. */
    private static String token(String authorization, String accessTokenParam) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return accessTokenParam;
    }

    /** Tolerant reading: unknown fields are ignored; null means "not a JSON object". */
    private TemplateSend parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode template = root.path("template");
        return new TemplateSend(
                text(root.get("messaging_product")),
                text(root.get("recipient_type")),
                text(root.get("to")),
                text(root.get("type")),
                text(template.get("name")),
                text(template.path("language").get("code")),
                bodyParameterCount(template.path("components")),
                root.path("biz_opaque_callback_data").isTextual() ? root.get("biz_opaque_callback_data").asText() : null);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.asText() : TemplateSend.MALFORMED;
    }

    private static int bodyParameterCount(JsonNode components) {
        if (!components.isArray()) {
            return 0;
        }
        for (JsonNode component : components) {
            if ("body".equalsIgnoreCase(component.path("type").asText())) {
                JsonNode parameters = component.path("parameters");
                return parameters.isArray() ? parameters.size() : 0;
            }
        }
        return 0;
    }
}
