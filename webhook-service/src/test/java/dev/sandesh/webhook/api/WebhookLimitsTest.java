package dev.sandesh.webhook.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code POST /webhooks/whatsapp} takes before its signature is known: Meta's 3 MB at most (413 before
 * the body is read), and only {@code sandesh.limits.webhook-buffering} bytes of unsigned bodies at once (503
 * with Retry-After beyond it, so Meta retries). Here the budget is one 3 MB body.
 */
@QuarkusTest
@TestProfile(WebhookLimitsTest.OneBodyAtATime.class)
class WebhookLimitsTest {

    public static final class OneBodyAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandesh.limits.webhook-buffering", "3M");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void clean() {
        cleanTables();
    }

    private static int postSigned(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp").then().extract().statusCode();
    }

    @Test
    void aBodyOverMetasThreeMegabytesIsRefusedBeforeItIsReadAndNothingIsStored() throws IOException {
        String answer;
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            answer = exchange(socket, "POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Hub-Signature-256: sha256=00\r\nContent-Length: " + (3L * 1024 * 1024 + 1) + "\r\n\r\n{");
        }
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json");
        assertThat(count("raw_event")).isZero();
    }

    @Test
    void unsignedBodiesBeingReceivedBeyondTheBudgetAre503UntilOneEnds() throws IOException {
        String webhook = webhook(status("wamid." + UUID.randomUUID(), "sent", 1_750_030_073L));
        assertThat(postSigned(webhook)).isEqualTo(200);
        try (Socket slow = new Socket(root.getHost(), root.getPort())) {
            // a client that announces 3 MB and sends them slowly holds the whole budget while it is read
            OutputStream out = slow.getOutputStream();
            out.write(("POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: " + (3L * 1024 * 1024) + "\r\n\r\n{\"object\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = 0;
            for (int attempt = 0; attempt < 50 && status != 503; attempt++) {
                status = given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(webhook.getBytes(StandardCharsets.UTF_8), APP_SECRET))
                        .body(webhook.getBytes(StandardCharsets.UTF_8)).when().post("/webhooks/whatsapp").then().extract().statusCode();
            }
            assertThat(status).as("the slow body's reservation leaves no room").isEqualTo(503);
            given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(webhook.getBytes(StandardCharsets.UTF_8), APP_SECRET))
                    .body(webhook.getBytes(StandardCharsets.UTF_8)).when().post("/webhooks/whatsapp")
                    .then().statusCode(503).header("Retry-After", "1");
        }
        // the slow exchange ended (its connection closed): the budget is back
        int status = 0;
        for (int attempt = 0; attempt < 100 && status != 200; attempt++) {
            status = postSigned(webhook);
        }
        assertThat(status).isEqualTo(200);
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        StringBuilder answer = new StringBuilder();
        int n;
        while ((n = in.read(buffer)) > 0) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
                break;
            }
        }
        return answer.toString();
    }
}
