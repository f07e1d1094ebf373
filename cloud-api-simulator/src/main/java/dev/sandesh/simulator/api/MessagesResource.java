package dev.sandesh.simulator.api;

import dev.sandesh.simulator.config.SimulatorState;
import dev.sandesh.simulator.domain.MessageIntake;
import dev.sandesh.simulator.domain.SendEndpoint;
import dev.sandesh.simulator.domain.SendOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.concurrent.ThreadLocalRandom;

/**
 * Meta's endpoints: {@code POST /{version}/{phone-number-id}/messages} and {@code …/marketing_messages}
 * for template messages, and {@code GET /{version}/{waba-id}/message_templates}.
 * Any Graph version ({@code v23.0}, {@code v25.0}...) is accepted and behaves the same. Runs on the
 * event loop: nothing here blocks; injected latency and withheld answers use Vert.x timers.
 */
@Path("/")
public class MessagesResource {

    private static final String BEARER = "Bearer ";
    /** Any Graph version, then the object id (a phone number id, or the WABA id for templates). */
    private static final String GRAPH_OBJECT = "{version: v[0-9]+\\.[0-9]+}/{phoneNumberId}";

    private final MessageIntake intake;
    private final SendBodyReader reader;
    private final TemplateListing listing;
    private final PricingAnalyticsAnswer pricingAnalytics;
    private final SimulatorState state;
    private final Vertx vertx;

    public MessagesResource(MessageIntake intake, SendBodyReader reader, SimulatorState state, Vertx vertx,
                            TemplateListing listing, PricingAnalyticsAnswer pricingAnalytics) {
        this.pricingAnalytics = pricingAnalytics;
        this.listing = listing;
        this.intake = intake;
        this.reader = reader;
        this.state = state;
        this.vertx = vertx;
    }

    @POST
    @Path(GRAPH_OBJECT + "/messages")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@PathParam("phoneNumberId") String phoneNumberId,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @QueryParam("access_token") String accessTokenParam,
                              @Context HttpServerRequest request,
                              byte[] body) {
        return answer(SendEndpoint.MESSAGES, phoneNumberId, authorization, accessTokenParam, request, body);
    }

    /**
     * The Marketing Messages API (CLOUD-API-MORE §5): the same body and answer, marketing templates
     * only, {@code product_policy} and {@code message_activity_sharing} accepted.
     */
    @POST
    @Path(GRAPH_OBJECT + "/marketing_messages")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> sendMarketing(@PathParam("phoneNumberId") String phoneNumberId,
                                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                       @QueryParam("access_token") String accessTokenParam,
                                       @Context HttpServerRequest request,
                                       byte[] body) {
        return answer(SendEndpoint.MARKETING_MESSAGES, phoneNumberId, authorization, accessTokenParam, request, body);
    }

    /**
     * {@code GET /{version}/{WABA-ID}/message_templates}: here because JAX-RS picks one class per
     * root, and this one owns {@code /{version}/{id}}; {@code id} is the WABA id on this path.
     */
    /** {@code GET /{version}/{WABA-ID}?fields=pricing_analytics...}: what was charged (CLOUD-API-MORE §6.5). */
    @GET
    @Path(GRAPH_OBJECT)
    @Produces(MediaType.APPLICATION_JSON)
    public Response wabaFields(@PathParam("phoneNumberId") String wabaId, @QueryParam("fields") String fields) {
        return pricingAnalytics.pricingAnalytics(wabaId, fields);
    }

    @GET
    @Path(GRAPH_OBJECT + "/message_templates")
    @Produces(MediaType.APPLICATION_JSON)
    public Response templates(@PathParam("phoneNumberId") String wabaId,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @QueryParam("access_token") String accessTokenParam,
                              @QueryParam("limit") String limit, @QueryParam("after") String after,
                              @QueryParam("before") String before, @QueryParam("fields") String fields,
                              @QueryParam("name") String name, @QueryParam("status") String status,
                              @QueryParam("category") String category, @QueryParam("language") String language,
                              @QueryParam("summary") String summary, @Context HttpServerRequest request) {
        return listing.list(wabaId, authorization, accessTokenParam, limit, after, before, fields, name, status,
                category, language, summary, request);
    }

    private Uni<Response> answer(SendEndpoint endpoint, String phoneNumberId, String authorization,
                                 String accessTokenParam, HttpServerRequest request, byte[] body) {
        SendOutcome outcome = intake.send(endpoint, phoneNumberId, token(authorization, accessTokenParam),
                reader.read(body));
        if (outcome instanceof SendOutcome.Unanswered) {
            // The message is in (audited, statuses scheduled) but the caller never hears so: hold the
            // request, then drop the connection, as a timed-out gateway would.
            long hold = Math.max(1, state.faults().timeoutHold().toMillis());
            vertx.setTimer(hold, id -> request.connection().close());
            return Uni.createFrom().nothing();
        }
        Response response = switch (outcome) {
            case SendOutcome.Accepted accepted ->
                    Response.ok(SendResponse.accepted(accepted.input(), accepted.waId(), accepted.userId(),
                            accepted.wamid(), accepted.messageStatus())).build();
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
    static String token(String authorization, String accessTokenParam) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return accessTokenParam;
    }

}
