package dev.sandesh.webhook.messaging;

import com.sun.net.httpserver.HttpServer;
import dev.sandesh.webhook.domain.EventSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A storefront standing in for the brand's: verifies each request's signature and keeps what it was sent. */
final class StorefrontReceiver {

    static final int PORT = 18_793;
    static final String SECRET = "storefront-test-secret";

    /** One request as received. */
    record Request(String contentType, byte[] body, boolean signatureValid, int answered) {

        List<JsonObject> events() {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            if (text.trim().startsWith("[")) {
                List<JsonObject> events = new ArrayList<>();
                new JsonArray(text).forEach(e -> events.add((JsonObject) e));
                return events;
            }
            return List.of(new JsonObject(text));
        }
    }

    private static StorefrontReceiver instance;

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger answer = new AtomicInteger(204);
    private final HttpServer server;

    private StorefrontReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    EventSignature.verify(SECRET, body, exchange.getRequestHeaders().getFirst(EventSignature.HEADER)), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static synchronized StorefrontReceiver get() {
        if (instance == null) {
            instance = new StorefrontReceiver();
        }
        return instance;
    }

    /** Events of the requests answered 2xx (each once per request that carried it). */
    List<JsonObject> accepted() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).flatMap(r -> r.events().stream()).toList();
    }

    void reset() {
        requests.clear();
        answer.set(204);
    }
}
