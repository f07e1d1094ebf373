package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md §8: "database restarted under a webhook flood → every status present afterwards".
 * Messages are sent straight to the simulator, which floods webhook-service with signed status
 * webhooks (sent, delivered, read per message); PostgreSQL is stopped for a few seconds in the
 * middle. webhook-service must answer 503 while it cannot commit (the simulator, like Meta,
 * retries), and 200 only for what is committed: afterwards every message is {@code read} with its
 * sent time, and the simulator abandoned no webhook.
 */
class WebhookDatabaseRestartIT {

    private static final Path PG_CTLCLUSTER = Path.of("/usr/bin/pg_ctlcluster");
    private static final int MESSAGES = 2_400;
    private static final int RATE = 300;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final RunningStack sandesh = new RunningStack(RATE, 100).assuming(() -> Files.isExecutable(PG_CTLCLUSTER),
            "restarting PostgreSQL needs " + PG_CTLCLUSTER + " (Debian's postgresql-common) on this machine");

    @Test
    void everyStatusIsStoredWhenTheDatabaseRestartsDuringAWebhookFlood() throws Exception {
        List<String> wamids = new ArrayList<>();
        ExecutorService senders = Executors.newSingleThreadExecutor();
        Future<List<String>> sent = senders.submit(this::sendAll);
        try {
            Thread.sleep(3_000); // the flood is under way
            pgCtl("stop");
            Thread.sleep(4_000);
            pgCtl("start");
            wamids.addAll(sent.get(3, TimeUnit.MINUTES));
        } finally {
            senders.shutdownNow();
            pgCtl("start"); // whatever happened above, leave the database running
        }
        assertThat(wamids).hasSize(MESSAGES);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(simulatorWebhooks().path("statusesAwaiting").asLong()).isZero());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(simulatorWebhooks().path("postsAttempted").asLong())
                        .isEqualTo(simulatorWebhooks().path("postsDelivered").asLong() + simulatorWebhooks().path("postsFailed").asLong()
                                + simulatorWebhooks().path("postsAbandoned").asLong()));

        JsonNode webhooks = simulatorWebhooks();
        assertThat(webhooks.path("postsAbandoned").asLong()).as("webhooks the simulator gave up on").isZero();
        assertThat(webhooks.path("postsFailed").asLong()).as("webhooks refused while the database was down (503)").isPositive();
        assertThat(readWithSentTime(wamids)).as("messages read, with their sent time, in webhook.message_status").isEqualTo(MESSAGES);
    }

    /** Sends MESSAGES template messages to the simulator at about RATE per second; returns their wamids. */
    private List<String> sendAll() throws Exception {
        List<String> wamids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            long due = start + i * 1_000_000_000L / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            wamids.add(send("9198%08d".formatted(i)));
        }
        return wamids;
    }

    private String send(String to) throws Exception {
        String body = """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"sandesh_demo","language":{"code":"en"},
                   "components":[{"type":"body","parameters":[{"type":"text","text":"Asha"}]}]}}""".formatted(to);
        HttpRequest request = HttpRequest.newBuilder(sandesh.stack().uri(LocalStack.App.SIMULATOR, "/v23.0/" + LocalStack.PHONE_NUMBER_ID + "/messages"))
                .header("Authorization", "Bearer " + sandesh.stack().accessToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return SandeshClient.json().readTree(response.body()).path("messages").path(0).path("id").asText();
            }
            if (attempt == 20) {
                throw new IllegalStateException("the simulator refused a send: " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(50L * attempt); // throughput limit (130429): back off and retry
        }
    }

    private JsonNode simulatorWebhooks() throws Exception {
        return sandesh.client().simulatorAudit().requireStatus(200).body().path("webhooks");
    }

    private long readWithSentTime(List<String> wamids) throws Exception {
        try (var db = sandesh.stack().openDatabase();
             var statement = db.prepareStatement("""
                     SELECT count(*) FROM webhook.message_status
                      WHERE wamid = ANY (?) AND status = 'read' AND sent_at IS NOT NULL AND read_at IS NOT NULL""")) {
            statement.setArray(1, db.createArrayOf("text", wamids.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void pgCtl(String action) throws Exception {
        Process process = new ProcessBuilder(PG_CTLCLUSTER.toString(), "--skip-systemctl-redirect", "15", "main", action)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pg_ctlcluster " + action + " did not finish");
        }
        // "start" on a running cluster exits 2 ("already running"): that is fine
        if (process.exitValue() != 0 && !(action.equals("start") && output.contains("already running"))) {
            throw new IllegalStateException("pg_ctlcluster " + action + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
