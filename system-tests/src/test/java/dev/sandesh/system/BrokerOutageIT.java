package dev.sandesh.system;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.contracts.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, item 1: every consumer comes back after a broker outage, on its own, every time.
 * RabbitMQ is stopped ({@code rabbitmqctl stop_app}) for {@value #OUTAGE_SECONDS} s three times in
 * the middle of one campaign; each time the campaign goes on afterwards, and in the end it completes
 * with every valid recipient processed, nobody messaged twice (the simulator's audit), every DLQ
 * empty, and every service ready again without a restart.
 *
 * <p>Stopping the broker disturbs everything that uses it, so while it is down this test holds every
 * module's test lock ({@code /tmp/sandesh-test-*.lock}) besides the system-test lock its command
 * takes, and it always starts the broker again ({@code finally}).
 */
@EnabledIfSystemProperty(named = "sandesh.faults", matches = "true",
        disabledReason = "a fault scenario (RabbitMQ stopped three times): run with -Dsandesh.faults=true, not in CI by default")
class BrokerOutageIT {

    private static final int VALID = 2_000;
    private static final int OUTAGES = 3;
    private static final int OUTAGE_SECONDS = 8;
    private static final Path RABBITMQCTL = Path.of("/usr/sbin/rabbitmqctl");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final RunningStack sandesh = new RunningStack(60, 50).assuming(() -> Files.isExecutable(RABBITMQCTL),
            "stopping RabbitMQ needs " + RABBITMQCTL + " on this machine");

    @Test
    void theCampaignCompletesAfterEveryOutageAndNobodyIsMessagedTwice() throws Exception {
        sandesh.client().resetSimulatorAudit();
        JsonNode created = sandesh.client().createCampaign(DemoAudience.campaign("broker outage", VALID, 0, 0, 13)).requireStatus(201).body();
        String campaign = created.path("id").asText();
        UUID.fromString(campaign);

        List<Long> processedAtOutage = new ArrayList<>();
        try (AllTestLocks locks = AllTestLocks.take()) {
            for (int outage = 1; outage <= OUTAGES; outage++) {
                long target = (long) VALID * outage / (OUTAGES + 2);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> processed(campaign) >= target);
                long before = processed(campaign);
                processedAtOutage.add(before);
                assertThat(before).as("still mid-campaign at outage " + outage).isLessThan(VALID);
                try {
                    rabbitmqctl("stop_app");
                    Thread.sleep(OUTAGE_SECONDS * 1_000L);
                } finally {
                    rabbitmqctl("start_app");
                }
                // The consumers come back by themselves: the campaign goes on.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> processed(campaign) >= Math.min(VALID, before + VALID / 20));
            }
        }

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> processed(campaign) >= VALID);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "COMPLETED".equals(sandesh.client().campaign(campaign).requireStatus(200).body().path("state").asText()));

        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("recipients").path("duplicated").asLong()).as("recipients messaged more than once").isZero();
        CampaignProgress progress = CampaignProgress.of(sandesh.client().campaign(campaign).requireStatus(200).body());
        assertThat(progress.processed()).isEqualTo(VALID);
        assertThat(progress.unknown()).as("UNKNOWN: only calls in flight when the broker went away, if any").isLessThanOrEqualTo(OUTAGES * 50L);
        long known = progress.accepted() + progress.sent() + progress.delivered() + progress.read();
        assertThat(audit.path("recipients").path("distinct").asLong()).as("recipients the simulator saw")
                .isBetween(known, known + progress.unknown());
        for (Topology.Route route : Topology.ROUTES) {
            assertThat(depth(route.deadLetterQueue())).as(route.deadLetterQueue()).isZero();
        }
        for (LocalStack.App app : List.of(LocalStack.App.SENDER, LocalStack.App.WEBHOOK, LocalStack.App.BROADCAST)) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> ready(app));
        }
        System.out.printf("BrokerOutageIT: %d outages of %d s at %s processed; campaign COMPLETED, %d accepted/sent/read, %d unknown, "
                        + "0 duplicates, DLQs empty%n", OUTAGES, OUTAGE_SECONDS, processedAtOutage,
                progress.processed() - progress.unknown() - progress.failed(), progress.unknown());
    }

    private static long processed(String campaign) throws Exception {
        return CampaignProgress.of(sandesh.client().campaign(campaign).requireStatus(200).body()).processed();
    }

    private static boolean ready(LocalStack.App app) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sandesh.stack().uri(app, "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long depth(String queue) throws Exception {
        Process process = new ProcessBuilder(RABBITMQCTL.toString(), "-q", "list_queues", "-p", sandesh.stack().options().vhost(),
                "name", "messages").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output.lines().map(line -> line.trim().split("\\s+")).filter(cols -> cols.length == 2 && cols[0].equals(queue))
                .mapToLong(cols -> Long.parseLong(cols[1])).findFirst().orElse(0L);
    }

    private static void rabbitmqctl(String action) throws Exception {
        Process process = new ProcessBuilder(RABBITMQCTL.toString(), "-q", action).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("rabbitmqctl " + action + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + action + " failed (" + process.exitValue() + "): " + output);
        }
    }

    /**
     * Every module test lock, held by a {@code flock} chain (the locks are flock(2) locks, which Java's
     * FileChannel locks do not see) until {@link #close()}: no module's tests run against the broker
     * while this test stops it.
     */
    static final class AllTestLocks implements AutoCloseable {
        private final Process holder;

        private AllTestLocks(Process holder) {
            this.holder = holder;
        }

        static AllTestLocks take() throws Exception {
            List<String> command = new ArrayList<>();
            try (Stream<Path> files = Stream.of("broadcast-service", "sender-service", "webhook-service", "cloud-api-simulator", "contracts", "service-support")
                    .map(module -> Path.of("/tmp/sandesh-test-" + module + ".lock"))) {
                for (Path lock : files.toList()) {
                    command.addAll(List.of("flock", "-w", "900", lock.toString()));
                }
            }
            command.addAll(List.of("sh", "-c", "echo locked; read ignored"));
            Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"locked".equals(line)) {
                holder.destroyForcibly();
                throw new IllegalStateException("could not take the module test locks: " + line);
            }
            return new AllTestLocks(holder);
        }

        @Override
        public void close() throws Exception {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }
}
