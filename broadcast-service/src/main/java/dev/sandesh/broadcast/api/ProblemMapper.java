package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.sandesh.broadcast.domain.IllegalCampaignTransition;
import dev.sandesh.broadcast.messaging.CampaignPublisher;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** The app's one error mapper: every failure leaves as RFC 9457 {@code application/problem+json}. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private static final String TYPE_BASE = "https://sandesh.dev/problems/";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), e.errors(), uri);
    }

    // Quarkus ships mappers for these two Jackson types; naming them here keeps our problem+json form.
    @ServerExceptionMapper
    public Response unparsableJson(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : null;
        List<Problem.FieldError> errors = field == null || field.isEmpty()
                ? null
                : List.of(new Problem.FieldError(field, "has the wrong type"));
        return respond(400, "Invalid request", "the body is not valid JSON for this request: " + e.getOriginalMessage(), errors, uri);
    }

    @ServerExceptionMapper
    public Response publishFailed(CampaignPublisher.PublishFailed e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return respond(503, "Broker unavailable",
                "The campaign's batches could not be published again (the broker did not confirm), so its state was not changed; "
                        + "try again.", null, uri);
    }

    @ServerExceptionMapper
    public Response controlFailed(dev.sandesh.broadcast.messaging.ControlPublisher.ControlFailed e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return respond(503, "Broker unavailable",
                "sender-service could not be told (the broker did not confirm), so the campaign's state was not changed; try again", null, uri);
    }

    @ServerExceptionMapper
    public Response overLimit(dev.sandesh.broadcast.domain.OverMessagingLimit e, UriInfo uri) {
        return respond(409, "Over the messaging limit", e.getMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalCampaignTransition e, UriInfo uri) {
        return respond(409, "Conflict", e.getMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return respond(status, title, e.getMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure serving " + uri.getPath(), e);
        return respond(500, "Internal error", "an unexpected error occurred; it has been logged", null, uri);
    }

    static Response respond(int status, String title, String detail, List<Problem.FieldError> errors, UriInfo uri) {
        String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        Problem problem = new Problem(TYPE_BASE + slug, title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
