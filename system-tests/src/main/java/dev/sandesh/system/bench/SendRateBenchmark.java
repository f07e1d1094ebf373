package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The send rate sender-service achieves against the simulator (DESIGN.md §7), through the real
 * stack, counted at the simulator's audit:
 *
 * <ul>
 *   <li><b>80/s</b>: a slice ({@code slice} seconds) of a 100,000-recipient campaign (the whole
 *       of it would take 21 minutes);</li>
 *   <li><b>1,000/s</b>: the whole 100,000-recipient campaign, from its first send to its last; then
 *       a 30,000-recipient campaign with the simulator answering after a log-normal latency (median
 *       100 ms, p99 500 ms: a slower Cloud API, where the sender must keep {@code rate × latency}
 *       requests in flight);</li>
 *   <li>for both, achieved ÷ limit and the count of 130429 the simulator answered over the whole run;</li>
 *   <li><b>no limit</b>: the sender's messages/s over 100,000 sends (two campaigns of 50,000) ÷
 *       what a bare load generator (64 requests in flight, JDK HttpClient) gets for as many sends
 *       from the same simulator in the same run, in the order sender, bare, bare, sender.</li>
 * </ul>
 *
 * Each stack first sends a warm-up campaign of {@value #WARM_UP_SECONDS} seconds' worth, on JVMs
 * just started: its rate is reported as the <em>cold</em> figure (JIT compilation competing with
 * four apps, PostgreSQL and RabbitMQ for two cores). The measured campaigns are created as drafts
 * and then started, so that the upload is not part of the sending.
 *
 * <p>Run: {@code deploy/local/bench.sh send-rate}, or after {@code ./mvnw package -DskipTests}
 * {@code java -cp ... dev.sandesh.system.bench.SendRateBenchmark [slice-seconds]}. Prints one line
 * and writes {@code system-tests/results/send-rate.json}. {@code -Dsandesh.bench.only=1000,none}
 * runs only those scenarios (a limit, or {@code none}) and prints them without writing the file;
 * {@code -Dsandesh.bench.trace=true} prints the sends of every second;
 * {@code -Dsandesh.bench.cold-only=true} stops each scenario after its warm-up.
 */
public final class SendRateBenchmark {

    private static final int RECIPIENTS = 100_000;
    private static final int LATENCY_RECIPIENTS = 30_000;
    private static final int WARM_UP_SECONDS = 20;
    private static final String LATENCY_MEDIAN = "100ms";
    private static final String LATENCY_P99 = "500ms";
    private static final boolean TRACE = Boolean.getBoolean("sandesh.bench.trace");
    private static final boolean COLD_ONLY = Boolean.getBoolean("sandesh.bench.cold-only");

    private SendRateBenchmark() {
    }

    /** A stretch of sending: its rate, and over how long and how many sends it was measured. */
    record Run(double perSecond, double seconds, long sends) {
        static Run of(LoadGenerator.Result result) {
            return new Run(result.rate(), result.seconds(), result.ok());
        }

        static Run combined(Run a, Run b) {
            return new Run((a.sends() + b.sends()) / (a.seconds() + b.seconds()), a.seconds() + b.seconds(), a.sends() + b.sends());
        }

        ObjectNode json(ObjectNode node, double limit) {
            node.put("perSecond", round(perSecond));
            if (limit > 0) {
                node.put("ratio", round(perSecond / limit));
            }
            node.put("seconds", round(seconds));
            node.put("sends", sends);
            return node;
        }
    }

    /** A configured limit: the cold warm-up, the measured campaign, at 1,000/s the latency one, and 130429s. */
    record Limited(int limit, Run cold, Run measured, Run withLatency, long rejections130429) {
        double ratio() {
            return measured.perSecond() / limit;
        }
    }

    /** No limit: the sender's cold warm-up and measured campaign, and the bare load generator. */
    record Unlimited(Run cold, Run measured, double bare) {
        double ratio() {
            return measured.perSecond() / bare;
        }
    }

    public static void main(String[] args) throws Exception {
        int slice = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("system-tests"))) {
            root = root.getParent();
        }
        String only = System.getProperty("sandesh.bench.only", "");
        if (!only.isEmpty()) {
            // A quick look at some scenarios while tuning; prints only, the results file is left alone.
            for (String scenario : only.split(",")) {
                System.out.println(scenario.equals("none") ? describe(unlimited(root)) : describe(limited(root, Integer.parseInt(scenario), slice)));
            }
            return;
        }
        Limited at80 = limited(root, 80, slice);
        Limited at1000 = limited(root, 1_000, slice);
        Unlimited none = unlimited(root);
        String line = "send-rate: " + describe(at80) + "; " + describe(at1000) + "; " + describe(none);
        System.out.println(line);

        ObjectNode json = SandeshClient.json().createObjectNode();
        json.put("benchmark", "send-rate");
        json.put("at", Instant.now().toString());
        json.put("recipients", RECIPIENTS);
        json.put("sliceSeconds", slice);
        json.put("warmUpSeconds", WARM_UP_SECONDS);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        for (Limited l : new Limited[] {at80, at1000}) {
            ObjectNode node = json.putObject("limit" + l.limit());
            node.put("limit", l.limit());
            node.put("measuredOver", l.limit() == 80 ? "a " + slice + " s slice of the campaign" : "the whole campaign");
            node.put("achievedPerSecond", round(l.measured().perSecond()));
            node.put("ratio", round(l.ratio()));
            node.put("rejections130429", l.rejections130429());
            l.measured().json(node.putObject("measured"), l.limit());
            l.cold().json(node.putObject("cold"), l.limit());
            if (l.withLatency() != null) {
                l.withLatency().json(node.putObject("withLatency"), l.limit())
                        .put("latency", "log-normal, median " + LATENCY_MEDIAN + ", p99 " + LATENCY_P99)
                        .put("recipients", LATENCY_RECIPIENTS);
            }
        }
        ObjectNode unlimited = json.putObject("noLimit");
        unlimited.put("senderPerSecond", round(none.measured().perSecond()));
        unlimited.put("bareLoadGeneratorPerSecond", round(none.bare()));
        unlimited.put("ratio", round(none.ratio()));
        none.measured().json(unlimited.putObject("measured"), 0);
        none.cold().json(unlimited.putObject("cold"), 0);
        json.put("target", "at 80/s and 1,000/s >= 97 % of the limit with zero 130429; no limit >= 50 % of a bare load generator");
        json.put("line", line);
        Path out = root.resolve("system-tests/results/send-rate.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    private static String describe(Limited l) {
        String text = String.format(Locale.ROOT, "%d/s -> %.1f/s (%.1f %%) over %s", l.limit(), l.measured().perSecond(),
                100 * l.ratio(), l.limit() == 80 ? "a slice" : "the whole campaign");
        if (l.withLatency() != null) {
            text += String.format(Locale.ROOT, ", %.1f %% with %s/%s latency", 100 * l.withLatency().perSecond() / l.limit(),
                    LATENCY_MEDIAN, LATENCY_P99);
        }
        return text + String.format(Locale.ROOT, ", %d x 130429, cold %.1f %%", l.rejections130429(),
                100 * l.cold().perSecond() / l.limit());
    }

    private static String describe(Unlimited u) {
        return String.format(Locale.ROOT, "no limit -> %.0f/s = %.1f %% of a bare load generator (%.0f/s), cold %.0f/s",
                u.measured().perSecond(), 100 * u.ratio(), u.bare(), u.cold().perSecond());
    }

    /** A stack whose sender and simulator both run at {@code limit}/s. */
    private static Limited limited(Path root, int limit, int slice) throws Exception {
        try (LocalStack stack = stack(root, limit)) {
            SandeshClient client = new SandeshClient(stack);
            client.resetSimulatorAudit();
            Run cold = whole(client, draft(client, "warm-up", limit * WARM_UP_SECONDS, 7));
            Run measured = cold;
            Run withLatency = null;
            if (!COLD_ONLY) {
                awaitQuiet(client);
                measured = limit < 1_000
                        ? slice(client, draft(client, "send-rate benchmark", RECIPIENTS, 42), limit, slice)
                        : whole(client, draft(client, "send-rate benchmark", RECIPIENTS, 42));
                if (limit >= 1_000) {
                    ObjectNode faults = SandeshClient.json().createObjectNode();
                    faults.putObject("faults").put("latencyMedian", LATENCY_MEDIAN).put("latencyP99", LATENCY_P99);
                    client.configureSimulator(faults);
                    awaitQuiet(client);
                    withLatency = whole(client, draft(client, "send-rate with latency", LATENCY_RECIPIENTS, 43));
                }
            }
            long rejections = audit(client).path("rejections").path("byCode").path("130429").asLong();
            return new Limited(limit, cold, measured, withLatency, rejections);
        }
    }

    /**
     * The sender's warm-up campaign, then the sender and a bare load generator in turn against the
     * same unlimited simulator, in the order sender, bare, bare, sender (ABBA), half of
     * {@value #RECIPIENTS} sends each: the simulator's status webhooks, which webhook-service
     * ingests more slowly than either sends, back up over the run, and the balanced order gives
     * both sides the same share of early and late phases. Each side's rate is its sends over its
     * time.
     */
    private static Unlimited unlimited(Path root) throws Exception {
        try (LocalStack stack = stack(root, 0)) {
            SandeshClient client = new SandeshClient(stack);
            Run cold = whole(client, draft(client, "warm-up", 20_000, 7));
            if (COLD_ONLY) {
                return new Unlimited(cold, cold, Double.NaN);
            }
            int half = RECIPIENTS / 2;
            Draft first = draft(client, "send-rate benchmark, first half", half, 42);
            Draft second = draft(client, "send-rate benchmark, second half", half, 43);
            LoadGenerator bare = new LoadGenerator(stack.uri(LocalStack.App.SIMULATOR, "/v23.0/" + LocalStack.PHONE_NUMBER_ID + "/messages"),
                    stack.accessToken(), 64, 917_000_000_000L);
            bare.untilAccepted(20_000); // its own warm-up
            awaitQuiet(client);
            Run s1 = whole(client, first);
            Run b1 = Run.of(bare.untilAccepted(half));
            Run b2 = Run.of(bare.untilAccepted(half));
            Run s2 = whole(client, second);
            return new Unlimited(cold, Run.combined(s1, s2), Run.combined(b1, b2).perSecond());
        }
    }

    private static LocalStack stack(Path root, int rate) throws Exception {
        // Overridable so that this benchmark can run beside another one (which would otherwise drop
        // the database and purge the queues under it).
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false,
                rate, 1_000, root.resolve("system-tests/target/stack-logs/send-rate-" + rate)));
        try {
            return stack.start(Duration.ofSeconds(180));
        } catch (Exception e) {
            stack.close(); // the apps that did start
            throw e;
        }
    }

    /** A campaign created as a DRAFT: its recipients are stored, nothing is sent yet. */
    private record Draft(String id, int recipients) {
    }

    private static Draft draft(SandeshClient client, String name, int recipients, long seed) throws Exception {
        ObjectNode campaign = DemoAudience.campaign(name, recipients, 0, 0, seed);
        campaign.put("start", false);
        String id = client.createCampaign(campaign).requireStatus(201).body().path("id").asText();
        return new Draft(id, recipients);
    }

    /**
     * Starts the campaign and measures it from its first send to its last: the rate between the
     * first poll that sees a send and the first poll that sees them all (polled every 20 ms).
     */
    private static Run whole(SandeshClient client, Draft campaign) throws Exception {
        long base = accepted(client);
        client.startCampaign(campaign.id()).requireStatus(200);
        long target = base + campaign.recipients();
        long firstCount = -1;
        long firstAt = 0;
        long lastCount = base;
        long lastProgressAt = System.nanoTime();
        long nextTrace = 0;
        long traced = base;
        while (lastCount < target) {
            Thread.sleep(20);
            long now = System.nanoTime();
            long count = accepted(client);
            if (count > lastCount) {
                lastProgressAt = now;
            } else if (now - lastProgressAt > TimeUnit.SECONDS.toNanos(30)) {
                throw new IllegalStateException("campaign " + campaign.id() + " stalled at " + (count - base) + " of "
                        + campaign.recipients() + " sends; see system-tests/target/stack-logs");
            }
            if (firstCount < 0 && count > base) {
                firstCount = count;
                firstAt = now;
                nextTrace = now + TimeUnit.SECONDS.toNanos(1);
                traced = count;
            }
            if (TRACE && firstCount >= 0 && now >= nextTrace) {
                System.out.printf(Locale.ROOT, "  %s: %d sent in the last second%n", campaign.id(), count - traced);
                traced = count;
                nextTrace += TimeUnit.SECONDS.toNanos(1);
            }
            lastCount = count;
        }
        double seconds = (lastProgressAt - firstAt) / 1e9;
        return new Run((lastCount - firstCount) / seconds, seconds, lastCount - base);
    }

    /** Starts the campaign and counts the sends over a slice that begins 2 s after sending started. */
    private static Run slice(SandeshClient client, Draft campaign, int limit, int slice) throws Exception {
        long base = accepted(client);
        client.startCampaign(campaign.id()).requireStatus(200);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (accepted(client) < base + Math.min(limit, 200)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sending did not start within 3 minutes");
            }
            Thread.sleep(20);
        }
        Thread.sleep(2_000); // past start-up: the pipeline is full
        long before = accepted(client);
        long started = System.nanoTime();
        long last = before;
        for (int second = 1; second <= slice; second++) {
            Thread.sleep(Math.max(0, started + second * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            if (TRACE) {
                long now = accepted(client);
                System.out.printf(Locale.ROOT, "  %s: %d sent in second %d%n", campaign.id(), now - last, second);
                last = now;
            }
        }
        long after = accepted(client);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run((after - before) / seconds, seconds, after - before);
    }

    private static long accepted(SandeshClient client) throws Exception {
        return audit(client).path("accepted").asLong();
    }

    private static JsonNode audit(SandeshClient client) throws Exception {
        return client.simulatorAudit().requireStatus(200).body();
    }

    /**
     * Waits until the simulator has reported every status (and webhook-service has had a moment to
     * write the last ones), so that a measurement does not start under the previous one's backlog.
     */
    private static void awaitQuiet(SandeshClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (audit(client).path("webhooks").path("statusesAwaiting").asLong() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
