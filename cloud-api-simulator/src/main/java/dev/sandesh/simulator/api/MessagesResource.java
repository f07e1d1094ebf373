package dev.sandesh.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.config.SimulatorState;
import dev.sandesh.simulator.domain.MessageIntake;
import dev.sandesh.simulator.domain.SendOutcome;
import dev.sandesh.simulator.domain.TemplateParameter;
import dev.sandesh.simulator.domain.TemplateSend;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Meta's send endpoint, {@code POST /{version}/{phone-number-id}/messages}, for template messages.
 * Any Graph version ({@code v23.0}, {@code v25.0}...) is accepted and behaves the same. Runs on the
 * event loop: nothing here blocks; injected latency and withheld answers use Vert.x timers.
 */
@Path("/{version: v[0-9]+\\.[0-9]+}/{phoneNumberId}/messages")
public class MessagesResource {

    private static final String BEARER = "Bearer ";

    private final MessageIntake intake;
    private final ObjectMapper mapper;
    private final SimulatorState state;
    private final Vertx vertx;

    public MessagesResource(MessageIntake intake, ObjectMapper mapper, SimulatorState state, Vertx vertx) {
        this.intake = intake;
        this.mapper = mapper;
        this.state = state;
        this.vertx = vertx;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@PathParam("phoneNumberId") String phoneNumberId,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @QueryParam("access_token") String accessTokenParam,
                              @Context HttpServerRequest request,
                              byte[] body) {
        SendOutcome outcome = intake.send(phoneNumberId, token(authorization, accessTokenParam), parse(body));
        if (outcome instanceof SendOutcome.Unanswered) {
            // The message is in (audited, statuses scheduled) but the caller never hears so: hold the
            // request, then drop the connection, as a timed-out gateway would.
            long hold = Math.max(1, state.faults().timeoutHold().toMillis());
            vertx.setTimer(hold, id -> request.connection().close());
            return Uni.createFrom().nothing();
        }
        Response response = switch (outcome) {
            case SendOutcome.Accepted accepted ->
                    Response.ok(SendResponse.accepted(accepted.input(), accepted.waId(), accepted.wamid())).build();
            case SendOutcome.Rejected rejected ->
                    Response.status(rejected.error().httpStatus()).entity(GraphErrorBody.of(rejected.error())).build();
            case SendOutcome.Unanswered unanswered -> throw new IllegalStateException("handled above");
        };
        long latency = state.faults().drawLatencyMillis(ThreadLocalRandom.current());
        if (latency <= 0) {
            return Uni.createFrom().item(response);
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(latency, id -> emitter.complete(response)));
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
        int[] counts = new int[3];
        String invalid = null;
        JsonNode components = template.path("components");
        if (components.isArray()) {
            for (JsonNode component : components) {
                String type = component.path("type").asText("").toLowerCase(java.util.Locale.ROOT);
                int slot = switch (type) {
                    case "header" -> 0;
                    case "body" -> 1;
                    case "button" -> 2;
                    default -> -1;
                };
                JsonNode parameters = component.path("parameters");
                if (slot < 0 || !parameters.isArray()) {
                    continue;
                }
                counts[slot] += parameters.size();
                for (JsonNode parameter : parameters) {
                    String problem = new TemplateParameter(type, stringOrNull(parameter.get("type")),
                            parameterValue(parameter)).problem();
                    if (invalid == null && problem != null) {
                        invalid = problem;
                    }
                }
            }
        }
        return new TemplateSend(
                text(root.get("messaging_product")),
                text(root.get("recipient_type")),
                text(root.get("to")),
                text(root.get("type")),
                text(template.get("name")),
                text(template.path("language").get("code")),
                counts[0], counts[1], counts[2], invalid,
                root.path("biz_opaque_callback_data").isTextual() ? root.get("biz_opaque_callback_data").asText() : null);
    }

    /** The value a parameter carries for its type (see {@link TemplateParameter}). */
    private static String parameterValue(JsonNode parameter) {
        String type = parameter.path("type").asText("");
        JsonNode typed = parameter.get(type);
        return switch (type) {
            case "text", "payload", "coupon_code" -> stringOrNull(typed);
            case "image", "video", "document" -> typed == null ? null
                    : stringOrNull(typed.has("link") ? typed.get("link") : typed.get("id"));
            case "currency", "date_time" -> typed == null ? null : stringOrNull(typed.get("fallback_value"));
            default -> typed == null ? null : typed.toString();
        };
    }

    private static String stringOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.asText() : TemplateSend.MALFORMED;
    }
}
