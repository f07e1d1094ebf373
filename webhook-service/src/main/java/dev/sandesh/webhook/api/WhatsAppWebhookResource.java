package dev.sandesh.webhook.api;

import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.domain.WebhookSignature;
import dev.sandesh.webhook.persistence.StatusRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;

/**
 * The endpoint Meta's webhook settings point at: the verification handshake ({@code GET}) and
 * signed notifications ({@code POST}). A POST is answered 200 only once its statuses are
 * committed; any other answer makes Meta retry, for up to 7 days.
 */
@Path("/webhooks/whatsapp")
@Tag(name = "WhatsApp webhook", description = "Called by Meta")
public class WhatsAppWebhookResource {

    private static final Logger LOG = Logger.getLogger(WhatsAppWebhookResource.class);

    private final WebhookConfig config;
    private final WebhookSignature signature;
    private final WebhookPayloadParser parser;
    private final StatusRecorder recorder;
    private final WebhookMetrics metrics;
    private final InstantSource clock;

    WhatsAppWebhookResource(WebhookConfig config, WebhookPayloadParser parser, StatusRecorder recorder,
                            WebhookMetrics metrics, InstantSource clock) {
        this.config = config;
        this.signature = new WebhookSignature(config.appSecret());
        this.parser = parser;
        this.recorder = recorder;
        this.metrics = metrics;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Meta's verification handshake", description = "Echoes hub.challenge when hub.verify_token matches")
    @APIResponse(responseCode = "200", description = "the challenge, as plain text")
    @APIResponse(responseCode = "403", description = "wrong mode or token")
    public Response verify(@QueryParam("hub.mode") String mode,
                           @QueryParam("hub.verify_token") String token,
                           @QueryParam("hub.challenge") String challenge) {
        boolean tokenMatches = token != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), config.verifyToken().getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenMatches || challenge == null) {
            LOG.warn("webhook verification refused: wrong mode, token or no challenge");
            return ProblemMapper.respond(Problem.of(403, "Forbidden", "verification token does not match"));
        }
        LOG.info("webhook verification accepted");
        return Response.ok(challenge, MediaType.TEXT_PLAIN_TYPE).build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A signed notification", description = "Statuses are committed before the 200")
    @APIResponse(responseCode = "200", description = "stored (or a signed body that is not JSON, dropped)")
    @APIResponse(responseCode = "401", description = "X-Hub-Signature-256 missing or wrong; nothing stored")
    public Uni<Response> receive(@HeaderParam("X-Hub-Signature-256") String signatureHeader, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!signature.matches(signatureHeader, raw)) {
            metrics.badSignature();
            throw new ProblemException(Problem.of(401, "Unauthorized",
                    signatureHeader == null ? "X-Hub-Signature-256 is missing" : "X-Hub-Signature-256 does not match the body"));
        }
        WebhookPayloadParser.ParsedWebhook parsed;
        try {
            parsed = parser.parse(raw, clock.instant());
        } catch (WebhookPayloadParser.UnreadableWebhookException e) {
            // signed by Meta yet not JSON: refusing it would only make Meta retry it for 7 days
            metrics.unreadable();
            LOG.warnf("signed webhook body is not JSON (%d bytes), acknowledged and dropped: %s", raw.length, e.getMessage());
            return Uni.createFrom().item(Response.ok().build());
        }
        parsed.statuses().forEach(metrics::received);
        parsed.skipped().forEach(ignored -> metrics.skipped());
        return recorder.recordStatuses(parsed.statuses()).map(changed -> Response.ok().build());
    }
}
