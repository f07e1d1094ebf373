package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long broadcast-service takes to take in 100,000 and 1,000,000 recipients streamed as
 * NDJSON into a DRAFT campaign, and how much heap it needs doing it (DESIGN.md §7: 1,000,000 in
 * under 60 s with a heap under 256 MB, time linear in size).
 *
 * <p>Starts broadcast-service from its fast-jar with {@code -Xmx256m} on 127.0.0.1 against the
 * local PostgreSQL and RabbitMQ (database {@code sandesh}, vhost {@code sandesh}), generates the
 * NDJSON on the fly (never held in memory here either) and samples the service's heap from
 * {@code /q/metrics} ({@code jvm_memory_used_bytes{area="heap"}}, summed over pools) every 100 ms.
 * Prints {@code recipient-upload: 100k X s, 1M Y s (ratio Z), peak heap H MB} and writes
 * {@code system-tests/results/recipient-upload.json}.
 *
 * <pre>
 * deploy/local/ensure-infra.sh &amp;&amp; source deploy/local/lib.sh
 * mvnw -pl contracts,service-support install -DskipTests &amp;&amp; mvnw -pl broadcast-service package -DskipTests &amp;&amp; mvnw -pl system-tests compile
 * java -cp "system-tests/target/classes:$(mvnw -q -pl system-tests dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     dev.sandesh.system.bench.RecipientUploadBenchmark
 * </pre>
 */
public final class RecipientUploadBenchmark {

    private static final String KEY = "bench-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecipientUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.root", System.getenv().getOrDefault("SANDESH_ROOT", "."))).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("broadcast-service"))) {
            root = root.getParent();
        }
        Path jar = root.resolve("broadcast-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: mvnw -pl broadcast-service package -DskipTests");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Path log = Files.createTempFile("broadcast-bench", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SANDESH_API_KEYS", KEY);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("RABBITMQ_VIRTUAL_HOST", System.getenv().getOrDefault("RABBITMQ_VIRTUAL_HOST", "sandesh"));
        builder.environment().put("SANDESH_BROADCAST_SCHEDULER_EVERY", "off");
        Process service = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            awaitReady(http, base, service, log);
            // Warm-up: the first upload pays for class loading and JIT, not for size.
            upload(http, base, 20_000, 0);
            HeapSampler sampler = new HeapSampler(http, base);
            Thread sampling = new Thread(sampler, "heap-sampler");
            sampling.setDaemon(true);
            sampling.start();
            double small = upload(http, base, 100_000, 1);
            double large = upload(http, base, 1_000_000, 2);
            sampler.stop = true;
            sampling.join(1_000);
            double ratio = large / small;
            double peakMb = sampler.peak.get() / (1024.0 * 1024.0);
            System.out.printf("recipient-upload: 100k %.1f s, 1M %.1f s (ratio %.1f), peak heap %.0f MB%n", small, large, ratio, peakMb);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "recipient-upload");
            result.put("measuredAt", Instant.now().toString());
            result.put("format", "application/x-ndjson");
            result.put("maxHeap", "-Xmx256m");
            result.put("seconds100k", round(small));
            result.put("seconds1M", round(large));
            result.put("ratio", round(ratio));
            result.put("linearRatio", 10.0);
            result.put("peakHeapMb", Math.round(peakMb));
            result.put("targetSeconds1M", 60);
            result.put("targetHeapMb", 256);
            result.put("meetsTarget", large < 60 && peakMb < 256);
            result.put("cpus", Runtime.getRuntime().availableProcessors());
            Path out = root.resolve("system-tests/results/recipient-upload.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        } finally {
            service.destroy();
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void awaitReady(HttpClient http, String base, Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("broadcast-service exited: see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broadcast-service not ready within 60 s: see " + log);
    }

    /** Creates a DRAFT, streams {@code n} recipients into it, cancels it. @return seconds the upload took */
    private static double upload(HttpClient http, String base, int n, int run) throws Exception {
        String draft = """
                {"name": "upload benchmark %d", "template": {"name": "sandesh_demo", "language": "en", "category": "marketing"}, "start": false}
                """.formatted(n);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/campaigns"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(draft)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the draft answered " + created.statusCode() + ": " + created.body());
        }
        String id = JSON.readTree(created.body()).get("id").asText();
        long started = System.nanoTime();
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/v1/campaigns/" + id + "/recipients").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(64 * 1024);
        connection.setReadTimeout(300_000);
        connection.setRequestProperty("Authorization", "Bearer " + KEY);
        connection.setRequestProperty("Content-Type", "application/x-ndjson");
        try (OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 256 * 1024)) {
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                // Distinct valid Indian mobiles (+91 9x...), one body parameter as sandesh_demo takes.
                line.append("{\"phone\":\"+91 9").append(run + 6).append(String.format("%08d", i))
                        .append("\",\"parameters\":[\"Customer ").append(i).append("\"],\"externalId\":\"b").append(i).append("\"}\n");
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        byte[] body = (status < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (status != 200) {
            throw new IllegalStateException("upload of " + n + " answered " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
        JsonNode answer = JSON.readTree(body);
        if (answer.get("received").asLong() != n || answer.get("valid").asLong() != n) {
            throw new IllegalStateException("upload of " + n + " stored " + answer.get("received") + " (" + answer.get("valid") + " valid)");
        }
        http.send(HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/" + id + "/cancel"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return seconds;
    }

    /** Samples the service's used heap (all heap pools) from its Prometheus endpoint. */
    private static final class HeapSampler implements Runnable {

        final AtomicLong peak = new AtomicLong();
        volatile boolean stop;
        private final HttpClient http;
        private final URI metrics;

        HeapSampler(HttpClient http, String base) {
            this.http = http;
            this.metrics = URI.create(base + "/q/metrics");
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    long used = text.lines()
                            .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                            .sum();
                    peak.accumulateAndGet(used, Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | RuntimeException e) {
                    // a sample missed under load; the next one counts
                }
            }
        }
    }
}
