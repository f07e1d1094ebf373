package dev.sandesh.sender.client;

import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.SendPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Meta's send endpoints: Cloud API's {@code /messages} and the Marketing Messages API's
 * {@code /marketing_messages} (CLOUD-API-MORE §5; same body, same error envelope), the last path
 * segment being {@code SendEndpoint.path()}. Not used directly: {@link CloudApiGateway} adds pacing,
 * retries and the timeout around it.
 */
@RegisterRestClient(configKey = "cloud-api")
@Path("/{version}/{phoneNumberId}/{endpoint}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface CloudApiClient {

    /**
     * @param body a {@link TemplateMessageRequest} as JSON ({@link TemplateMessageRequest#json()}):
     *             written as-is, without the client resolving a Jackson writer per request
     */
    @POST
    Uni<MessageAccepted> send(@PathParam("version") String version,
                              @PathParam("phoneNumberId") String phoneNumberId,
                              @PathParam("endpoint") String endpoint,
                              @HeaderParam("Authorization") String authorization,
                              byte[] body);

    /**
     * Turns every non-2xx answer into a {@link CloudApiException} classified on Meta's
     * {@code error.code}; the HTTP status is only a fallback for bodies without one (a proxy's 502).
     */
    @ClientExceptionMapper
    static CloudApiException toException(Response response) {
        Integer code = null;
        String title = "HTTP " + response.getStatus();
        try {
            MetaErrorBody body = response.readEntity(MetaErrorBody.class);
            if (body != null && body.error() != null) {
                code = body.error().code();
                if (body.error().message() != null) {
                    title = body.error().message();
                }
            }
        } catch (RuntimeException notMetaJson) {
            // Not Meta's envelope (an HTML error page, an empty body): classify on the status alone.
        }
        CloudApiError error = CloudApiError.classify(code, response.getStatus(), title);
        return SendPolicy.retriedByGateway(error)
                ? new TransientCloudApiException(response.getStatus(), error)
                : new CloudApiException(response.getStatus(), error);
    }
}
