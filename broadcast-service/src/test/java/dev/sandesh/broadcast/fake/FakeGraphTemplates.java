package dev.sandesh.broadcast.fake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the fake Graph {@code message_templates} endpoint serves ({@link FakeGraphTemplatesResource}):
 * a WABA's templates in pages, or a scripted failure. Starts failing (503), so nothing is served
 * until a test says what Meta holds.
 */
@ApplicationScoped
public class FakeGraphTemplates {

    public static final String ACCESS_TOKEN = "sim-access-token";

    /** A scripted answer instead of a page: this status and body, from the page numbered {@code fromPage} (0-based). */
    public record Failure(int status, String body, int fromPage) {
    }

    /** One request received: the query string and the Authorization header. */
    public record Request(String query, String authorization) {
    }

    private volatile List<ObjectNode> templates = List.of();
    private volatile Failure failure = new Failure(503, "{}", 0);
    private volatile String foreignNext;
    private volatile Duration delay = Duration.ZERO;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public void serve(List<ObjectNode> value) {
        templates = List.copyOf(value);
        failure = null;
        foreignNext = null;
        delay = Duration.ZERO;
        requests.clear();
    }

    public void fail(Failure value) {
        failure = value;
    }

    /** The first page's {@code paging.next} points here instead of under the base URL. */
    public void nextPointsTo(String url) {
        foreignNext = url;
    }

    public void delay(Duration value) {
        delay = value;
    }

    /** The requests received since the last {@link #serve}, in order (a method: the bean is reached through its proxy). */
    public List<Request> requests() {
        return requests;
    }

    void received(Request request) {
        requests.add(request);
    }

    List<ObjectNode> templates() {
        return templates;
    }

    Failure failure() {
        return failure;
    }

    String foreignNext() {
        return foreignNext;
    }

    Duration delay() {
        return delay;
    }

    /** A template as Meta lists it (CLOUD-API-MORE §2.1). */
    public static ObjectNode template(String id, String name, String language, String status, String category, String format) {
        ObjectNode t = JsonNodeFactory.instance.objectNode().put("id", id).put("name", name).put("language", language)
                .put("status", status).put("category", category);
        if (format != null) {
            t.put("parameter_format", format);
        }
        t.putArray("components").addObject().put("type", "BODY").put("text",
                "NAMED".equals(format) ? "Hi {{customer}}, your code {{coupon}}" : "Hi {{1}}");
        return t;
    }

    public static List<ObjectNode> list(ObjectNode... templates) {
        return new ArrayList<>(List.of(templates));
    }
}
