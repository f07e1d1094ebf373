package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The send rate sender-service achieves against the simulator (DESIGN.md §7): a 100,000-recipient
 * campaign through the real stack, measured over a slice ({@code SLICE} seconds after sending has
 * started) at the simulator's audit, at a limit of 80/s and of 1,000/s (achieved ÷ limit, and the
 * count of 130429 the simulator answered), and with no limit (messages/s ÷ what a bare load
 * generator gets from the same simulator in the same run).
 *
 * <p>Run (after {@code ./mvnw package -Dmaven.test.skip=true}):
 * {@code ./mvnw -pl system-tests exec:java -Dexec.mainClass=dev.sandesh.system.bench.SendRateBenchmark}
 * or {@code java -cp ... dev.sandesh.system.bench.SendRateBenchmark [slice-seconds]}. Prints one
 * line and writes {@code system-tests/results/send-rate.json}.
 */
public final class SendRateBenchmark {

    private static final int RECIPIENTS = 100_000;

    private SendRateBenchmark() {
    }

    record Limited(int limit, double achieved, long rejections130429) {
        double ratio() {
            return achieved / limit;
        }
    }

    public static void main(String[] args) throws Exception {
        int slice = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("system-tests"))) {
            root = root.getParent();
        }
        Limited at80 = limited(root, 80, slice);
        Limited at1000 = limited(root, 1_000, slice);
        double[] unlimited = unlimited(root, slice);

        String line = String.format(Locale.ROOT,
                "send-rate: 80/s -> %.1f/s (%.1f %%, %d x 130429); 1000/s -> %.1f/s (%.1f %%, %d x 130429); "
                        + "no limit -> %.0f/s = %.1f %% of a bare load generator (%.0f/s)",
                at80.achieved(), 100 * at80.ratio(), at80.rejections130429(),
                at1000.achieved(), 100 * at1000.ratio(), at1000.rejections130429(),
                unlimited[0], 100 * unlimited[0] / unlimited[1], unlimited[1]);
        System.out.println(line);

        ObjectNode json = SandeshClient.json().createObjectNode();
        json.put("benchmark", "send-rate");
        json.put("at", Instant.now().toString());
        json.put("recipients", RECIPIENTS);
        json.put("sliceSeconds", slice);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        for (Limited l : new Limited[] {at80, at1000}) {
            ObjectNode node = json.putObject("limit" + l.limit());
            node.put("limit", l.limit());
            node.put("achievedPerSecond", round(l.achieved()));
            node.put("ratio", round(l.ratio()));
            node.put("rejections130429", l.rejections130429());
        }
        ObjectNode none = json.putObject("noLimit");
        none.put("senderPerSecond", round(unlimited[0]));
        none.put("bareLoadGeneratorPerSecond", round(unlimited[1]));
        none.put("ratio", round(unlimited[0] / unlimited[1]));
        json.put("target", "at 1,000/s >= 97 % of the limit with zero 130429; no limit >= 50 % of a bare load generator");
        json.put("line", line);
        Path out = root.resolve("system-tests/results/send-rate.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /** A campaign at {@code limit}/s: the simulator meters the number at the same limit. */
    private static Limited limited(Path root, int limit, int slice) throws Exception {
        try (LocalStack stack = stack(root, limit)) {
            SandeshClient client = new SandeshClient(stack);
            double achieved = sendRate(client, slice);
            long rejections = audit(client).path("rejections").path("byCode").path("130429").asLong();
            return new Limited(limit, achieved, rejections);
        }
    }

    /** {sender msgs/s, bare load generator msgs/s}, both against the same unlimited simulator. */
    private static double[] unlimited(Path root, int slice) throws Exception {
        try (LocalStack stack = stack(root, 0)) {
            SandeshClient client = new SandeshClient(stack);
            double sender = sendRate(client, slice);
            // Let the campaign's remaining sends drain off the simulator before the bare generator runs.
            stack.stop(LocalStack.App.BROADCAST);
            stack.stop(LocalStack.App.SENDER);
            double bare = bareLoadGenerator(stack, 64, Math.min(slice, 10));
            return new double[] {sender, bare};
        }
    }

    private static LocalStack stack(Path root, int rate) throws Exception {
        // Overridable so that this benchmark can run beside another one (which would otherwise drop
        // the database and purge the queues under it).
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false,
                rate, 1_000, root.resolve("system-tests/target/stack-logs/send-rate-" + rate)));
        stack.start(Duration.ofSeconds(180));
        return stack;
    }

    /** Creates the campaign, waits until sending is under way, then counts the simulator's accepted sends over the slice. */
    private static double sendRate(SandeshClient client, int slice) throws Exception {
        client.resetSimulatorAudit();
        client.createCampaign(DemoAudience.campaign("send-rate benchmark", RECIPIENTS, 0, 0, 42)).requireStatus(201);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (accepted(client) < 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sending did not start within 3 minutes");
            }
            Thread.sleep(100);
        }
        Thread.sleep(2_000); // past start-up: the pipeline is full
        long before = accepted(client);
        long started = System.nanoTime();
        Thread.sleep(slice * 1_000L);
        long after = accepted(client);
        return (after - before) / ((System.nanoTime() - started) / 1e9);
    }

    private static long accepted(SandeshClient client) throws Exception {
        return audit(client).path("accepted").asLong();
    }

    private static JsonNode audit(SandeshClient client) throws Exception {
        return client.simulatorAudit().requireStatus(200).body();
    }

    /** A closed loop of {@code concurrency} sends in flight against the simulator alone. */
    private static double bareLoadGenerator(LocalStack stack, int concurrency, int seconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = stack.uri(LocalStack.App.SIMULATOR, "/v23.0/" + LocalStack.PHONE_NUMBER_ID + "/messages");
        AtomicLong recipients = new AtomicLong(917_000_000_000L);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stopping = new AtomicBoolean(false);
        LongAdder ok = new LongAdder();
        CountDownLatch drained = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(http, uri, stack.accessToken(), recipients, measuring, stopping, ok, drained);
        }
        Thread.sleep(2_000);
        ok.reset();
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        measuring.set(false);
        double rate = ok.sum() / ((System.nanoTime() - started) / 1e9);
        stopping.set(true);
        drained.await(30, TimeUnit.SECONDS);
        return rate;
    }

    private static void loop(HttpClient http, URI uri, String token, AtomicLong recipients, AtomicBoolean measuring,
                             AtomicBoolean stopping, LongAdder ok, CountDownLatch drained) {
        if (stopping.get()) {
            drained.countDown();
            return;
        }
        String body = """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%d","type":"template",
                 "template":{"name":"sandesh_demo","language":{"code":"en"},
                   "components":[{"type":"body","parameters":[{"type":"text","text":"Asha"}]}]}}"""
                .formatted(recipients.incrementAndGet());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (measuring.get() && error == null && response.statusCode() == 200) {
                ok.increment();
            }
            loop(http, uri, token, recipients, measuring, stopping, ok, drained);
        });
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
