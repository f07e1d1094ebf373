package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many sends per second the Cloud API simulator answers, so that it is never the bottleneck of
 * a benchmark. Starts the simulator's fast-jar as its own process on a free port with every limit
 * off (rate 0, pair rate off) and webhooks off, drives it with a closed loop of concurrent
 * template sends (each to a new recipient) for a warm-up and a measured window, then stops.
 * Prints {@code simulator-capacity: X sends/s (...)} and writes
 * {@code system-tests/results/simulator-capacity.json}.
 *
 * <pre>deploy/local/bench.sh simulator-capacity   (or java -cp ... dev.sandesh.system.bench.SimulatorCapacityBenchmark [--seconds 15] [--warmup 5] [--concurrency 64])</pre>
 * Run from the checkout (the simulator must be packaged: {@code mvnw -pl cloud-api-simulator package}).
 */
public final class SimulatorCapacityBenchmark {

    private static final String PHONE_NUMBER_ID = "106540352242922";

    private SimulatorCapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 15;
        int warmup = 5;
        int concurrency = 64;
        Path repoRoot = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--repo" -> repoRoot = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException(
                        "usage: SimulatorCapacityBenchmark [--seconds N] [--warmup N] [--concurrency N] [--repo DIR]");
            }
        }
        if (seconds < 1 || warmup < 0 || concurrency < 1 || seconds > 600) {
            throw new IllegalArgumentException("--seconds 1..600, --warmup >= 0, --concurrency >= 1");
        }
        Path jar = repoRoot.resolve("cloud-api-simulator/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: package the simulator first"
                    + " (mvnw -pl cloud-api-simulator package -DskipTests), and run from the checkout or pass --repo");
        }
        int port = freePort();
        String token = "bench-" + Long.toHexString(System.nanoTime());
        Path log = Files.createTempFile("simulator-capacity", ".log");
        Process simulator = start(jar, port, token, log);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            awaitReady(client, port, simulator, log);
            LoadGenerator.Result result = drive(port, token, concurrency, warmup, seconds);
            report(repoRoot, result, concurrency);
        } finally {
            simulator.destroy();
            if (!simulator.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                simulator.destroyForcibly();
            }
        }
    }

    private static Process start(Path jar, int port, String token, Path log) throws IOException {
        String javaBinary = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(javaBinary, "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dsandesh.simulator.rate=0",
                "-Dsandesh.simulator.pair-rate.enabled=false",
                "-Dsandesh.simulator.webhook-url=none",
                "-Dsandesh.simulator.phone-number-ids=" + PHONE_NUMBER_ID,
                "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SANDESH_SIMULATOR_ACCESS_TOKEN", token);
        return builder.start();
    }

    private static void awaitReady(HttpClient client, int port, Process simulator, Path log) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!simulator.isAlive()) {
                throw new IllegalStateException("simulator exited during start-up; see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("simulator not ready within 60 s; see " + log);
    }

    /** A warm-up, then the measured window, of {@code concurrency} sends in flight. */
    private static LoadGenerator.Result drive(int port, String token, int concurrency, int warmupSeconds, int seconds)
            throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v23.0/" + PHONE_NUMBER_ID + "/messages");
        LoadGenerator generator = new LoadGenerator(uri, token, concurrency, 919_000_000_000L);
        if (warmupSeconds > 0) {
            generator.forDuration(Duration.ofSeconds(warmupSeconds));
        }
        return generator.forDuration(Duration.ofSeconds(seconds));
    }

    private static void report(Path repoRoot, LoadGenerator.Result result, int concurrency) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        String line = String.format(java.util.Locale.ROOT,
                "simulator-capacity: %.0f sends/s (%d accepted, %d failed in %.1f s; %d in flight; p50 %.1f ms,"
                        + " p99 %.1f ms; load generator on the same %d-core machine)",
                result.rate(), result.ok(), result.failed(), result.seconds(), concurrency,
                result.p50Micros() / 1000.0, result.p99Micros() / 1000.0, cores);
        System.out.println(line);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sendsPerSecond", Math.round(result.rate()));
        json.put("accepted", result.ok());
        json.put("failed", result.failed());
        json.put("seconds", Math.round(result.seconds() * 10) / 10.0);
        json.put("concurrency", concurrency);
        json.put("latencyP50Millis", result.p50Micros() / 1000.0);
        json.put("latencyP99Millis", result.p99Micros() / 1000.0);
        json.put("machineCores", cores);
        json.put("javaVersion", System.getProperty("java.version"));
        json.put("settings", "rate=0, pair-rate off, webhooks off; load generator (java.net.http) on the same machine");
        json.put("date", OffsetDateTime.now().toString());
        Path out = repoRoot.resolve("system-tests/results/simulator-capacity.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written " + repoRoot.relativize(out));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
