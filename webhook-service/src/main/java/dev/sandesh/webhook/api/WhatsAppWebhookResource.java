package dev.sandesh.webhook.api;

import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.domain.WebhookSignature;
import dev.sandesh.webhook.persistence.IngestBatcher;
import dev.sandesh.webhook.persistence.RawEvent;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint Meta's webhook settings point at: the verification handshake ({@code GET}) and
 * signed notifications ({@code POST}). A POST is answered 200 only once its raw body, its statuses
 * and its opt-outs are committed (in a transaction shared with concurrent webhooks, see
 * {@link IngestBatcher}); when they cannot be (database down, overloaded) it is answered 503, and
 * Meta retries, for up to 7 days: nothing is lost, and the lattice makes the retry harmless.
 */
@Path("/webhooks/whatsapp")
@Tag(name = "WhatsApp webhook", description = "Called by Meta")
public class WhatsAppWebhookResource {

    private static final Logger LOG = Logger.getLogger(WhatsAppWebhookResource.class);

    private final WebhookConfig config;
    private final WebhookSignature signature;
    private final WebhookPayloadParser parser;
    /** Seconds Meta is asked to wait before retrying a 503 (Meta uses its own back-off anyway). */
    private static final String RETRY_AFTER_SECONDS = "5";

    private final IngestBatcher batcher;
    private final WebhookMetrics metrics;
    private final InstantSource clock;

    private final WebhookIntake intake;

    WhatsAppWebhookResource(WebhookConfig config, WebhookPayloadParser parser, IngestBatcher batcher,
                            WebhookMetrics metrics, InstantSource clock, WebhookIntake intake) {
        this.config = config;
        this.intake = intake;
        List<String> secrets = new ArrayList<>();
        secrets.add(config.appSecret());
        config.previousAppSecrets().ifPresent(previous -> previous.stream().filter(p -> !p.isBlank()).forEach(secrets::add));
        this.signature = new WebhookSignature(secrets);
        this.parser = parser;
        this.batcher = batcher;
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
    @Operation(summary = "A signed notification", description = "Raw body, statuses and opt-outs are committed before the 200")
    @APIResponse(responseCode = "200", description = "stored (a signed body that cannot be read is archived, counted and acknowledged)")
    @APIResponse(responseCode = "401", description = "X-Hub-Signature-256 missing or wrong; nothing stored")
    @APIResponse(responseCode = "413", description = "the body is over sandesh.limits.webhook-body (Meta's 3 MB); nothing read or stored")
    @APIResponse(responseCode = "503", description = "not stored (database unavailable or overloaded, or too many unsigned bodies "
            + "being received at once, sandesh.limits.webhook-buffering): Meta retries")
    public Uni<Response> receive(@HeaderParam("X-Hub-Signature-256") String signatureHeader, byte[] body,
                                 @Context RoutingContext exchange) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > intake.maxBody()) {
            // sent without a Content-Length (chunked): WebhookIntake could only reserve, not refuse, it up front
            WebhookIntake.release(exchange);
            throw new ProblemException(Problem.of(413, "Content Too Large", "the body is " + raw.length + " bytes; Meta's webhooks are at most "
                    + intake.maxBody()));
        }
        // the signature is the first thing looked at in the body: nothing is parsed before it matches
        int key = signature.matchingKey(signatureHeader, raw);
        WebhookIntake.release(exchange);
        if (key == WebhookSignature.NO_MATCH) {
            metrics.badSignature();
            throw new ProblemException(Problem.of(401, "Unauthorized",
                    signatureHeader == null ? "X-Hub-Signature-256 is missing" : "X-Hub-Signature-256 does not match the body"));
        }
        String signedWith = key == 0 ? "current" : "previous-" + key;
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        IngestBatcher.Ingest ingest;
        try {
            WebhookPayloadParser.ParsedWebhook parsed = parser.parse(raw, receivedAt);
            parsed.statuses().forEach(metrics::received);
            parsed.skipped().forEach(ignored -> metrics.skipped());
            ingest = parsed.ingest(new RawEvent(receivedAt, raw, signedWith, parsed.statuses().size(), null));
        } catch (WebhookPayloadParser.UnreadableWebhookException e) {
            // signed by Meta yet unreadable: refusing it would only make Meta retry it for 7 days;
            // it is archived, so a fixed parser can replay it
            metrics.unreadable();
            LOG.warnf("signed webhook body cannot be read (%d bytes), archived and acknowledged: %s", raw.length, e.getMessage());
            ingest = IngestBatcher.Ingest.archiveOnly(new RawEvent(receivedAt, raw, signedWith, 0, e.getMessage()));
        }
        return batcher.submit(ingest)
                .map(committed -> Response.ok().build())
                .onFailure().recoverWithItem(failure -> {
                    metrics.notStored();
                    return Response.fromResponse(ProblemMapper.respond(Problem.of(503, "Service Unavailable",
                                    "the notification could not be stored; retry later")))
                            .header("Retry-After", RETRY_AFTER_SECONDS).build();
                });
    }
}
