package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the Grafana dashboard (k8s/base/grafana/sandesh-cost.json),
 * evaluated by a real Prometheus (Debian's package, installed by deploy/prometheus/ensure-prometheus.sh
 * when missing) scraping the four running apps and RabbitMQ's Prometheus plugin every second during
 * a campaign of 75 s at the shared stack's rate (100 msg/s: 7,500 recipients; evaluated after 65 s, so
 * the 1-minute rates have a full window); each must return a non-empty result of the right magnitude.
 */
@Order(RunningStack.SHARED)
class OperationsMetricsIT {

    private static final int RATE = RunningStack.SHARED_RATE;
    /** 75 s of sending at RATE: still sending when the expressions are evaluated after 65 s. */
    private static final int RECIPIENTS = RATE * 75;

    @RegisterExtension
    static final RunningStack sandesh = RunningStack.shared();

    @Test
    void everyDashboardExpressionAnswersDuringACampaign() throws Exception {
        Path root = sandesh.stack().options().repoRoot();
        String binary = run(root.resolve("deploy/prometheus/ensure-prometheus.sh").toString()).strip();
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("prometheus-it");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: sandesh
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: {app: broadcast-service}
                      - targets: ["127.0.0.1:%d"]
                        labels: {app: sender-service}
                      - targets: ["127.0.0.1:%d"]
                        labels: {app: webhook-service}
                  - job_name: rabbitmq
                    metrics_path: /metrics/detailed
                    params: {vhost: ["%s"], family: ["queue_coarse_metrics"]}
                    static_configs:
                      - targets: ["127.0.0.1:15692"]
                """.formatted(sandesh.stack().port(LocalStack.App.BROADCAST), sandesh.stack().port(LocalStack.App.SENDER),
                sandesh.stack().port(LocalStack.App.WEBHOOK), sandesh.stack().options().vhost()));
        Process prometheus = new ProcessBuilder(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            sandesh.client().createCampaign(DemoAudience.campaign("operations metrics", RECIPIENTS, 0, 0, 31)).requireStatus(201);
            Thread.sleep(65_000); // mid-campaign (75 s at RATE), a full minute scraped every second

            JsonNode dashboard = SandeshClient.json().readTree(root.resolve("k8s/base/grafana/sandesh-cost.json").toFile());
            Map<String, JsonNode> results = new LinkedHashMap<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("expr")) {
                        results.put(panel.path("id").asInt() + target.path("refId").asText(), query(port, target.path("expr").asText()));
                    }
                }
            }
            results.forEach((key, result) -> System.out.println(key + " " + result));
            assertThat(results).hasSize(7).allSatisfy((key, result) -> assertThat(result).as(key + " is empty").isNotEmpty());

            // send rate: close to the RATE the number is paced at, never above it for long
            assertThat(value(results.get("9A"))).isBetween(RATE * 0.6, RATE * 1.2);
            assertThat(value(results.get("9B"))).isEqualTo(RATE);
            // queue depth: one series per queue of the vhost, counts of messages
            assertThat(results.get("10A").size()).isGreaterThanOrEqualTo(3);
            assertThat(value(results.get("10A"))).isBetween(0.0, 2_000.0);
            // webhook latency: seconds, well under a second on this machine
            assertThat(value(results.get("11A"))).isBetween(0.0, 1.0);
            assertThat(value(results.get("11B"))).isBetween(value(results.get("11A")), 5.0);
            // breaker closed (0); event lag in seconds (0 with nothing pending)
            assertThat(value(results.get("12A"))).as("sandesh_sender_circuit_breaker_state").isZero();
            assertThat(value(results.get("13A"))).isBetween(0.0, 3_600.0);
            // the rest of the campaign is cancelled when the class ends (RunningStack): nothing here waits for it
        } finally {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The instant query's result vector (empty when the series do not exist). */
    private static JsonNode query(int port, String expr) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(expr + ": " + response.body()).isEqualTo(200);
        return SandeshClient.json().readTree(response.body()).path("data").path("result");
    }

    /** The largest value of a result vector. */
    private static double value(JsonNode vector) {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode sample : vector) {
            max = Math.max(max, Double.parseDouble(sample.path("value").path(1).asText()));
        }
        return max;
    }

    private static String run(String command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command).isZero();
        return out;
    }
}
