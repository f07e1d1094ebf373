package dev.sandesh.broadcast.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.broadcast.config.CloudApiConfig;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.MessageTemplatesPage;
import dev.sandesh.broadcast.domain.TemplatePaging;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every template of {@code sandesh.cloud-api.waba-id} from Meta's
 * {@code GET /{version}/{WABA-ID}/message_templates}, following {@code paging.next} to the end
 * ({@link TemplatePaging} decides each step). A Vert.x client rather than a REST client interface,
 * because Meta's {@code next} is an absolute URL with its own cursor query to be used as given.
 */
@ApplicationScoped
public class GraphTemplatesClient {

    private static final Logger LOG = Logger.getLogger(GraphTemplatesClient.class);

    private final CloudApiConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final TemplatePaging paging;

    public GraphTemplatesClient(CloudApiConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs())));
        this.paging = new TemplatePaging(config.baseUrl(), config.templatesMaxPages());
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /** Every template of the WABA, in Meta's order; fails with {@link GraphTemplatesException}. */
    public Uni<List<CatalogTemplate>> fetchAll(String wabaId) {
        String token = config.accessToken().orElseThrow(() -> new IllegalStateException(
                "sandesh.cloud-api.access-token is required when sandesh.cloud-api.waba-id is set"));
        return fetchFrom(paging.first(config.version(), wabaId, config.templatesPageSize()), token,
                new ArrayList<>(), new HashSet<>());
    }

    private Uni<List<CatalogTemplate>> fetchFrom(String url, String token, List<CatalogTemplate> read, Set<String> visited) {
        visited.add(url);
        return page(url, token).flatMap(page -> {
            read.addAll(page.templates());
            page.skipped().forEach(reason -> LOG.warnf("template catalogue: left out %s", reason));
            return switch (paging.after(page.next(), visited.size(), visited)) {
                case TemplatePaging.Step.Done d -> Uni.createFrom().item(List.copyOf(read));
                case TemplatePaging.Step.Fetch f -> fetchFrom(f.url(), token, read, visited);
                case TemplatePaging.Step.Refused r -> Uni.createFrom().failure(
                        new GraphTemplatesException(GraphTemplatesException.Kind.BAD_ANSWER, r.reason(), null));
            };
        });
    }

    private Uni<MessageTemplatesPage> page(String url, String token) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(config.timeoutMs())
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Accept", "application/json");
        return http.request(request)
                .flatMap(r -> r.send())
                .flatMap(response -> response.body().map(body -> answer(response.statusCode(), body.toString())))
                .onFailure(f -> !(f instanceof GraphTemplatesException)).transform(f -> new GraphTemplatesException(
                        GraphTemplatesException.Kind.UNREACHABLE, "Meta did not answer at " + config.baseUrl() + ": " + describe(f), f));
    }

    private MessageTemplatesPage answer(int status, String body) {
        if (status / 100 != 2) {
            throw new GraphTemplatesException(GraphTemplatesException.Kind.BAD_ANSWER,
                    "Meta answered " + status + metaError(body), null);
        }
        try {
            return MessageTemplatesPage.parse(json.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw new GraphTemplatesException(GraphTemplatesException.Kind.BAD_ANSWER,
                    "Meta's answer is not a page of templates: " + e.getMessage(), e);
        }
    }

    /** Meta's {@code {"error":{"message","code"}}}, as ": <message> (code <code>)" (CLOUD-API.md, errors). */
    private String metaError(String body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.hasNonNull("message")) {
                return ": " + error.get("message").asText() + (error.has("code") ? " (code " + error.get("code").asText() + ")" : "");
            }
        } catch (IOException | RuntimeException ignored) {
            // not Meta's error shape: the status says enough
        }
        return "";
    }

    private static String describe(Throwable f) {
        return f.getMessage() != null ? f.getMessage() : f.getClass().getSimpleName();
    }
}
