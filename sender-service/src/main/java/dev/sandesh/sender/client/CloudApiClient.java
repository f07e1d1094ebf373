package dev.sandesh.sender.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.sender.config.CloudApiConfig;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.SendEndpoint;
import dev.sandesh.sender.domain.SendPolicy;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meta's send endpoints over a Vert.x {@link HttpClient}: Cloud API's {@code /messages} and the
 * Marketing Messages API's {@code /marketing_messages} (CLOUD-API-MORE §5; same body, same error
 * envelope). Not used directly: {@link CloudApiGateway} adds pacing, retries, the timeout and the
 * breaker around it.
 *
 * <p>Built for the send path's rate (REFERENCE.md "Performance"): each number's two paths are
 * encoded once, the headers are pre-encoded constants, the body goes out as the bytes
 * {@link TemplateMessageRequest#json()} wrote, and Meta's 200 answer is read with a streaming parser
 * that picks the first message's {@code id} and {@code message_status}. (The Quarkus REST client it
 * replaces parsed its URI template and looked up readers and writers on every request.)
 *
 * <p>Every non-2xx answer is a {@link CloudApiException} classified on Meta's {@code error.code}
 * ({@link CloudApiError#classify}); the HTTP status is only a fallback for bodies without one (a
 * proxy's 502 page). The transient ones ({@link SendPolicy#retriedByGateway}) are a
 * {@link TransientCloudApiException}, which the gateway retries.
 */
@ApplicationScoped
@Startup // its HttpClient exists before the first send: that one's timeout covers the request alone
public class CloudApiClient {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper(JSON);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence ACCEPT = HttpHeaders.createOptimized("Accept");
    private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");
    private static final Handler<Throwable> IGNORED = failure -> {
    };

    private final HttpClient http;
    private final String host;
    private final int port;
    /** The base URL's own path (a proxy's prefix) and the Graph version: {@code /v23.0/}. */
    private final String prefix;
    private final CharSequence authorization;
    private final long idleTimeoutMillis;
    /** Per phone number id: its path for each {@link SendEndpoint} (by ordinal). */
    private final ConcurrentMap<String, String[]> paths = new ConcurrentHashMap<>();

    public CloudApiClient(Vertx vertx, CloudApiConfig config) {
        URI base = URI.create(config.baseUrl());
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        if (!tls && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("sandesh.cloud-api.base-url must be an http or https URL: " + config.baseUrl());
        }
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.prefix = basePath + "/" + pathSegment(config.version()) + "/";
        this.authorization = HttpHeaders.createOptimized("Bearer " + config.accessToken());
        // The fault-tolerance timeout bounds each answer; this idle timeout only frees a connection
        // whose request nobody waits for any more (the guard resets a timed-out request at once).
        this.idleTimeoutMillis = Math.max(config.timeout().toMillis() * 2, 1_000);
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .setDefaultHost(host)
                .setDefaultPort(port)
                .setSsl(tls)
                .setForceSni(tls)
                .setTcpNoDelay(true);
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.connectionPoolSize()));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * Posts one body to the number's endpoint.
     *
     * @param body     Meta's JSON, as {@link TemplateMessageRequest#json()} wrote it
     * @param exchange told of the request once it exists (so that a timed-out one can be reset)
     * @return Meta's answer; fails with a {@link CloudApiException} for an error answer, with
     *         Vert.x's exception for a request that could not be made or got no answer
     */
    Future<MessageAccepted> send(String phoneNumberId, SendEndpoint endpoint, byte[] body, Exchange exchange) {
        String path = paths.computeIfAbsent(phoneNumberId, this::pathsOf)[endpoint.ordinal()];
        return http.request(HttpMethod.POST, port, host, path).compose(request -> {
            exchange.started(request);
            // Its failures reach the caller through the futures; without a handler Vert.x would also
            // log each one (a reset after a timeout) at ERROR.
            request.exceptionHandler(IGNORED)
                    .idleTimeout(idleTimeoutMillis)
                    .putHeader(CONTENT_TYPE, APPLICATION_JSON)
                    .putHeader(ACCEPT, APPLICATION_JSON)
                    .putHeader(AUTHORIZATION, authorization);
            return request.send(Buffer.buffer(body))
                    .compose(response -> response.body().map(answer -> answer(response.statusCode(), answer)));
        });
    }

    /** The request of one send, for its caller: reset it when nobody waits for its answer any more. */
    static final class Exchange {
        private volatile HttpClientRequest request;
        private volatile boolean abandoned;

        void started(HttpClientRequest request) {
            this.request = request;
            if (abandoned) {
                request.reset();
            }
        }

        /** The guard gave up on the answer (timeout): frees the connection rather than let it wait. */
        void abandon() {
            abandoned = true;
            HttpClientRequest started = request;
            if (started != null) {
                started.reset();
            }
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    private String[] pathsOf(String phoneNumberId) {
        SendEndpoint[] endpoints = SendEndpoint.values();
        String[] byEndpoint = new String[endpoints.length];
        String number = pathSegment(phoneNumberId);
        for (SendEndpoint endpoint : endpoints) {
            byEndpoint[endpoint.ordinal()] = prefix + number + "/" + endpoint.path();
        }
        return byEndpoint;
    }

    /** Meta's answer: the accepted message for a 2xx, else the error it means. */
    static MessageAccepted answer(int status, Buffer body) {
        if (status >= 200 && status < 300) {
            MessageAccepted accepted = accepted(body.getBytes());
            if (accepted.wamid() == null) {
                // 200 without an id: it may well have been sent, so it must not be retried.
                throw new IllegalStateException("Cloud API answered " + status + " without a message id");
            }
            return accepted;
        }
        throw error(status, body.getBytes());
    }

    /** The first message's {@code id} and {@code message_status} of Meta's 200 answer (nulls when it has none). */
    static MessageAccepted accepted(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return MessageAccepted.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("messages".equals(field) && value == JsonToken.START_ARRAY) {
                    return parser.nextToken() == JsonToken.START_OBJECT ? message(parser) : MessageAccepted.NONE;
                }
                parser.skipChildren();
            }
            return MessageAccepted.NONE;
        } catch (IOException notJson) {
            throw new IllegalStateException("Cloud API answered 2xx with a body that is not JSON", notJson);
        }
    }

    private static MessageAccepted message(JsonParser parser) throws IOException {
        String id = null;
        String messageStatus = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
                id = parser.getText();
            } else if (value == JsonToken.VALUE_STRING && "message_status".equals(field)) {
                messageStatus = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return new MessageAccepted(id, messageStatus);
    }

    /**
     * Meta's error envelope {@code {"error":{"message","type","code",…}}} classified on its code;
     * a body that is not Meta's envelope (an HTML error page, an empty body) on the status alone.
     */
    static CloudApiException error(int status, byte[] body) {
        Integer code = null;
        String title = "HTTP " + status;
        try {
            JsonNode error = TREES.readTree(body).path("error");
            if (error.path("code").canConvertToInt()) {
                code = error.path("code").intValue();
            }
            if (error.path("message").isTextual()) {
                title = error.path("message").textValue();
            }
        } catch (IOException | RuntimeException notMetaJson) {
            // classified on the status alone
        }
        CloudApiError error = CloudApiError.classify(code, status, title);
        return SendPolicy.retriedByGateway(error)
                ? new TransientCloudApiException(status, error)
                : new CloudApiException(status, error);
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters (ids are digits, versions {@code v23.0}). */
    private static String pathSegment(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
