package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DESIGN.md §7: "status webhooks persisted ≥ 3 × the send rate, p99 ack < 250 ms". Starts
 * webhook-service from its fast-jar against the local PostgreSQL (database {@code sandesh_bench},
 * recreated) and RabbitMQ, floods {@code POST /webhooks/whatsapp} on 127.0.0.1 with signed status
 * webhooks (sent, delivered, read for each message, one status per POST as Meta mostly sends them)
 * with bounded concurrency, and measures statuses persisted per second (a 200 is only answered
 * after the commit) and the answer latency. In the same run it measures what the same PostgreSQL
 * does with bare multi-row {@code INSERT ... ON CONFLICT} over JDBC into a scratch table, the
 * ceiling any ingest path on this machine works under; the ratio compares the two.
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl webhook-service,system-tests -am
 * java -cp "system-tests/target/classes:$(cat system-tests/target/classpath.txt)" \
 *      dev.sandesh.system.bench.WebhookIngestBenchmark [messages=10000] [concurrency=128]
 * </pre>
 * Prints {@code webhook-ingest: X statuses/s, p50 Y ms, p99 Z ms; raw upsert W rows/s (ratio R)}
 * and writes {@code system-tests/results/webhook-ingest.json}.
 */
public final class WebhookIngestBenchmark {

    private static final String PG_HOST = env("SANDESH_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("SANDESH_PG_PORT", "5432");
    private static final String PG_USER = env("SANDESH_PG_USER", "postgres");
    private static final String PG_PASSWORD = env("SANDESH_PG_PASSWORD", "postgres");
    private static final String DATABASE = "sandesh_bench";
    private static final String[] STATUSES = {"sent", "delivered", "read"};
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    private final Path repoRoot;
    private final int messages;
    private final int concurrency;
    private final String appSecret = secret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WebhookIngestBenchmark(Path repoRoot, int messages, int concurrency) {
        this.repoRoot = repoRoot;
        this.messages = messages;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("webhook-service"))) {
            root = root.getParent();
        }
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        new WebhookIngestBenchmark(root, messages, concurrency).run();
    }

    private void run() throws Exception {
        Path jar = repoRoot.resolve("webhook-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw package -DskipTests -pl webhook-service -am");
        }
        recreateDatabase();
        int port = freePort();
        Path log = repoRoot.resolve("system-tests/target/bench-logs/webhook-service.log");
        Files.createDirectories(log.getParent());
        Process app = start(jar, port, log);
        try {
            awaitReady(port, app, log);
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp");

            flood(endpoint, "warmup", Math.min(2_000, messages / 5));
            Flood result = flood(endpoint, "m", messages);
            long stored = countRead("m");
            if (stored != messages) {
                throw new IllegalStateException("only " + stored + " of " + messages + " messages are read in the database");
            }
            double rawRate = rawUpsertRate(messages * STATUSES.length);

            double ratio = result.statusesPerSecond() / rawRate;
            System.out.printf("webhook-ingest: %.0f statuses/s, p50 %.1f ms, p99 %.1f ms; raw upsert %.0f rows/s (ratio %.2f)%n",
                    result.statusesPerSecond(), result.p50Millis(), result.p99Millis(), rawRate, ratio);
            write(result, rawRate, ratio);
        } finally {
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private record Flood(long statuses, long refused, double seconds, double p50Millis, double p99Millis, double maxMillis) {
        double statusesPerSecond() {
            return statuses / seconds;
        }
    }

    /** {@code count} messages × sent, delivered, read: one signed POST per status, at most {@code concurrency} in flight. */
    private Flood flood(URI endpoint, String prefix, int count) throws Exception {
        int posts = count * STATUSES.length;
        long[] latencies = new long[posts];
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        long start = System.nanoTime();
        int sent = 0;
        // statuses of one message go out in order but far apart, so rows are inserted then updated
        for (int round = 0; round < STATUSES.length; round++) {
            for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                byte[] body = webhook(prefix + "." + i, STATUSES[round]);
                HttpRequest request = HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", sign(body))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                inFlight.acquire();
                int index = sent++;
                long begin = System.nanoTime();
                pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    latencies[index] = System.nanoTime() - begin;
                    if (failure == null && response.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                    inFlight.release();
                }));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] measured = Arrays.copyOf(latencies, sent);
        Arrays.sort(measured);
        if (refused.get() > 0) {
            System.err.printf("%s: %d of %d webhooks were not answered 200%n", prefix, refused.get(), sent);
        }
        return new Flood(ok.get(), refused.get(), seconds, percentile(measured, 0.50), percentile(measured, 0.99),
                measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static byte[] webhook(String wamid, String status) {
        long epoch = Instant.now().getEpochSecond();
        String pricing = status.equals("read") ? ""
                : ",\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"type\":\"regular\",\"category\":\"marketing\"}";
        return ("""
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{\
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},\
                "statuses":[{"id":"wamid.bench.%s","status":"%s","timestamp":"%d","recipient_id":"919812345678"%s}]}}]}]}"""
                .formatted(wamid, status, epoch, pricing)).getBytes(StandardCharsets.UTF_8);
    }

    /** The same PostgreSQL, no service in between: multi-row upserts of 500 rows over JDBC, one connection. */
    private double rawUpsertRate(int rows) throws SQLException {
        try (Connection db = database()) {
            try (var statement = db.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS bench_scratch");
                statement.execute("CREATE TABLE bench_scratch (wamid text PRIMARY KEY, status text NOT NULL, at timestamptz NOT NULL)");
            }
            String upsert = """
                    INSERT INTO bench_scratch (wamid, status, at) SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[])
                    ON CONFLICT (wamid) DO UPDATE SET status = EXCLUDED.status, at = LEAST(bench_scratch.at, EXCLUDED.at)""";
            int batch = 500;
            int keys = rows / STATUSES.length;
            long start = System.nanoTime();
            try (var statement = db.prepareStatement(upsert)) {
                for (int round = 0; round < STATUSES.length; round++) {
                    for (int from = 0; from < keys; from += batch) {
                        int n = Math.min(batch, keys - from);
                        String[] wamid = new String[n];
                        String[] status = new String[n];
                        Timestamp[] at = new Timestamp[n];
                        for (int i = 0; i < n; i++) {
                            wamid[i] = "wamid.raw." + (from + i);
                            status[i] = STATUSES[round];
                            at[i] = Timestamp.from(Instant.now());
                        }
                        statement.setArray(1, db.createArrayOf("text", wamid));
                        statement.setArray(2, db.createArrayOf("text", status));
                        statement.setArray(3, db.createArrayOf("timestamptz", at));
                        statement.executeUpdate();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (var statement = db.createStatement()) {
                statement.execute("DROP TABLE bench_scratch");
            }
            return keys * STATUSES.length / seconds;
        }
    }

    private long countRead(String prefix) throws SQLException {
        try (Connection db = database(); var statement = db.prepareStatement(
                "SELECT count(*) FROM webhook.message_status WHERE wamid LIKE ? AND status = 'read' AND sent_at IS NOT NULL")) {
            statement.setString(1, "wamid.bench." + prefix + ".%");
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void write(Flood result, double rawRate, double ratio) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("benchmark", "webhook-ingest");
        out.put("at", Instant.now().toString());
        out.put("messages", messages);
        out.put("webhooks", result.statuses() + result.refused());
        out.put("statusesPerWebhook", 1);
        out.put("concurrency", concurrency);
        out.put("statusesPersisted", result.statuses());
        out.put("refused", result.refused());
        out.put("seconds", round(result.seconds()));
        out.put("statusesPerSecond", Math.round(result.statusesPerSecond()));
        out.put("p50Millis", round(result.p50Millis()));
        out.put("p99Millis", round(result.p99Millis()));
        out.put("maxMillis", round(result.maxMillis()));
        out.put("rawUpsertRowsPerSecond", Math.round(rawRate));
        out.put("ratio", round(ratio));
        ObjectNode target = out.putObject("target");
        target.put("statusesPerSecond", 3000);
        target.put("p99Millis", 250);
        target.put("met", result.statusesPerSecond() >= 3000 && result.p99Millis() < 250 && result.refused() == 0);
        out.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java "
                + Runtime.version());
        Path file = repoRoot.resolve("system-tests/results/webhook-ingest.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private Process start(Path jar, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.reactive.url=postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DATABASE,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DATABASE,
                "-Dquarkus.datasource.username=" + PG_USER,
                "-Drabbitmq-host=" + env("SANDESH_RABBITMQ_HOST", "127.0.0.1"),
                "-Drabbitmq-virtual-host=sandesh-systest",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", PG_PASSWORD);
        builder.environment().put("SANDESH_WEBHOOK_APP_SECRET", appSecret);
        builder.environment().put("SANDESH_WEBHOOK_VERIFY_TOKEN", secret());
        return builder.start();
    }

    private void awaitReady(int port, Process app, Path log) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("webhook-service exited during start-up; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("webhook-service was not ready in 60 s; see " + log);
    }

    private static void recreateDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres", PG_USER, PG_PASSWORD);
             var statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DATABASE, PG_USER, PG_PASSWORD);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
