package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.Topology;
import dev.sandesh.system.CampaignProgress;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.LocalStack.App;
import dev.sandesh.system.RecipientUpload;
import dev.sandesh.system.SandeshClient;
import dev.sandesh.system.faults.PrivatePostgres;
import dev.sandesh.system.faults.PrivateRabbitMq;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The fault suite (issue 13, item 8): the real processes — simulator, webhook-, sender- and
 * broadcast-service, as {@link LocalStack} starts them — over a PostgreSQL and a RabbitMQ of the
 * suite's own ({@link PrivatePostgres}, {@link PrivateRabbitMq}: the machine's, shared with other
 * tests, are never stopped). Each scenario sends one campaign of {@value #RECIPIENTS} recipients at
 * {@value #RATE}/s (batches of {@value #BATCH}), does its fault in the middle and then checks the
 * same promises:
 *
 * <ol>
 *   <li><b>nobody messaged twice</b>: the simulator's audit ({@code recipients.duplicated} = 0);</li>
 *   <li><b>every valid recipient settled</b>: the campaign COMPLETED, read + failed + halted +
 *       UNKNOWN = valid in its counts, one ledger row per recipient and none left CLAIMED;</li>
 *   <li><b>UNKNOWN ≤ the calls really in flight</b>, a bound per scenario ({@link Bound}): 0 where
 *       the fault cut no call; the UNKNOWN recipients whose request reached the simulator where a
 *       request could be cut (crash, timeouts), for a SIGKILL plus the simulator's error answers
 *       (a request that left and was refused) and the requests that were leaving at the kill (their
 *       attempt-started mark, written just before the request, committed within
 *       {@link #LEAVING} of it, the request not yet at the simulator); and the campaign API's
 *       UNKNOWN = the ledger's;</li>
 *   <li><b>no status lost</b>: every ACCEPTED recipient's message is in webhook-service, tied to its
 *       campaign, {@code read} with its sent and read times; the API's read count = ACCEPTED; the
 *       simulator abandoned no webhook;</li>
 *   <li><b>every DLQ empty</b> ({@code <queue>.dlq} of every route) and {@code sender.batches} drained;</li>
 *   <li><b>every service healthy again without a restart</b>: all four {@code /q/health/ready} 200
 *       (the time from the end of the fault is recorded), and each app the scenario did not restart
 *       on purpose is the same process as before.</li>
 * </ol>
 *
 * A failed check fails its scenario with a message naming the promise and the figures; the suite
 * goes on with the next scenario (after putting the servers and apps back) and exits 1 at the end
 * if any failed. Figures in {@code system-tests/results/faults.json}.
 *
 * <p>Run: {@code deploy/local/bench.sh faults} (about 15 minutes; as root, on a machine with
 * Debian's postgresql-15 and rabbitmq-server packages). One or a few scenarios:
 * {@code deploy/local/bench.sh faults -Dsandesh.faults.only=postgres-stopped,two-copies} (prints,
 * writes {@code system-tests/target/faults-only.json}, leaves the results file alone).
 */
public final class FaultsBenchmark {

    static final int RECIPIENTS = Integer.getInteger("sandesh.faults.recipients", 4_000);
    static final int RATE = 200;
    static final int BATCH = 100;
    /** The share of the campaign finished when the fault comes. */
    static final double FAULT_AT = 0.30;
    static final Duration SIGTERM_GRACE = Duration.ofSeconds(60);
    /**
     * A crash can cut a request between its attempt-started mark's commit and its arrival at the
     * simulator (a few ms; more on a loaded machine): such a recipient is UNKNOWN honestly, "the
     * request may have left". Older marks whose request never arrived would not be.
     */
    static final Duration LEAVING = Duration.ofSeconds(1);
    static final String DATABASE = "sandesh_faults";
    /** One of the vhosts deploy/local/ensure-infra.sh makes (with the dead-letter policy), on the private broker. */
    static final String VHOST = "sandesh-systest";
    static final String POLICY = "sandesh-dead-letters";
    /** The scenarios' names, in the order they run ({@link #scenarios()}). */
    static final List<String> SCENARIOS = List.of("sender-sigkill", "sender-sigterm", "rabbitmq-stopped", "postgres-stopped",
            "webhook-down", "cloud-api-storms", "webhook-quirks", "broadcast-killed-mid-upload", "two-copies");

    private final PrivatePostgres postgres;
    private final PrivateRabbitMq rabbit;
    private final LocalStack stack;
    private final SandeshClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Whether the suite has the broker application stopped right now (so that a failed scenario starts it again). */
    private volatile boolean brokerStopped;
    private int scenarioNumber;

    /** The bound on UNKNOWN of a scenario: how many calls its fault can really have cut. */
    enum Bound {
        /** The fault cut no call (an outage, a restart of another service, copies, quirks): 0. */
        NONE("0: the fault cut no call"),
        /** Calls whose answer never came (timeouts, slow answers): UNKNOWN recipients the simulator accepted. */
        SEEN("UNKNOWN recipients whose request the simulator accepted"),
        /** A crash: requests that had left, accepted by the simulator or answered with an error. */
        LEFT("UNKNOWN recipients whose request the simulator accepted + the simulator's error answers in the scenario"
                + " + UNKNOWN recipients whose attempt started within " + LEAVING.toMillis() + " ms before the kill (leaving)");

        final String rule;

        Bound(String rule) {
            this.rule = rule;
        }
    }

    /** What a scenario did: its campaign, the apps it restarted on purpose, when its fault ended, its UNKNOWN bound, its own figures. */
    static final class Fault {
        final String campaign;
        final Set<App> restarted = EnumSet.noneOf(App.class);
        final ObjectNode figures = SandeshClient.json().createObjectNode();
        final List<String> failures = new ArrayList<>();
        Bound bound = Bound.NONE;
        long endedNanos = System.nanoTime();
        /** When the process was killed (a {@link Bound#LEFT} fault), by the machine's clock, which the database shares. */
        Instant killedAt;

        Fault(String campaign) {
            this.campaign = campaign;
        }
    }

    interface Body {
        Fault run() throws Exception;
    }

    record Scenario(String name, String what, Body body) {
    }

    private FaultsBenchmark(PrivatePostgres postgres, PrivateRabbitMq rabbit, LocalStack stack) {
        this.postgres = postgres;
        this.rabbit = rabbit;
        this.stack = stack;
        this.client = new SandeshClient(stack);
    }

    private List<Scenario> scenarios() {
        return List.of(
                new Scenario("sender-sigkill", "sender-service killed (SIGKILL) at 30 %, started again", this::senderSigkill),
                new Scenario("sender-sigterm", "sender-service stopped (SIGTERM, " + SIGTERM_GRACE.toSeconds()
                        + " s to exit by itself) at 30 %, started again", this::senderSigterm),
                new Scenario("rabbitmq-stopped", "RabbitMQ stopped (stop_app) for 10 s at 30 %", this::rabbitmqStopped),
                new Scenario("postgres-stopped", "PostgreSQL stopped (pg_ctl stop -m fast) for 60 s at 30 %", this::postgresStopped),
                new Scenario("webhook-down", "webhook-service stopped at 30 % and started again 60 s later", this::webhookDown),
                new Scenario("cloud-api-storms", "the Cloud API in storms: 8 s of 40 % 5xx, 8 s of 5 % timeouts, 8 s of latency 300 ms median / 3 s p99",
                        this::cloudApiStorms),
                new Scenario("webhook-quirks", "status webhooks duplicated (20 % of POSTs), reordered (sent after delivered, 20 %), delivered skipped (20 %)",
                        this::webhookQuirks),
                new Scenario("broadcast-killed-mid-upload", "broadcast-service killed (SIGKILL) half-way through an NDJSON upload; the upload repeated, the campaign sent",
                        this::broadcastKilledMidUpload),
                new Scenario("two-copies", "every batch of the campaign in sender.batches twice, the copies side by side, so both are processed at once",
                        this::twoCopies));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("system-tests"))) {
            root = root.getParent();
        }
        if (!PrivatePostgres.available() || !PrivateRabbitMq.available()) {
            throw new IllegalStateException("the fault suite starts a PostgreSQL and a RabbitMQ of its own: it needs root, runuser, "
                    + PrivatePostgres.BIN + "/initdb and /usr/lib/rabbitmq/bin/rabbitmq-server (Debian's postgresql-15, rabbitmq-server)");
        }
        Set<String> only = Arrays.stream(System.getProperty("sandesh.faults.only", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (!SCENARIOS.containsAll(only)) {
            throw new IllegalArgumentException("unknown scenario in -Dsandesh.faults.only=" + only + "; there are " + SCENARIOS);
        }
        // Meta retries a webhook for 7 days; the simulator's default 20 attempts (about 80 s) would give up
        // on webhook-service while it is down for 60 s and starting again.
        String simulatorArgs = "sandesh.stack.jvm-args." + App.SIMULATOR.module;
        if (System.getProperty(simulatorArgs) == null) {
            System.setProperty(simulatorArgs, "-Dsandesh.simulator.webhook.max-attempts=400");
        }
        // A recipient still UNKNOWN (or accepted, sent) settles once it had no news for settle-after (72 h by
        // default): time-compressed here, or a campaign with any UNKNOWN would stay RUNNING for three days.
        String broadcastArgs = "sandesh.stack.jvm-args." + App.BROADCAST.module;
        if (System.getProperty(broadcastArgs) == null) {
            System.setProperty(broadcastArgs, "-Dsandesh.broadcast.settle-after=10s");
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Instant started = Instant.now();
        ObjectNode json = SandeshClient.json().createObjectNode();
        ArrayNode results = json.putArray("scenarios");
        int failed = 0;
        Path logs = root.resolve("system-tests/target/stack-logs/faults");
        Files.createDirectories(logs);

        PrivatePostgres postgres = null;
        PrivateRabbitMq rabbit = null;
        AtomicReference<LocalStack> running = new AtomicReference<>();
        Thread cleanUp = null;
        try {
            postgres = PrivatePostgres.create(LocalStack.freePort());
            rabbit = PrivateRabbitMq.create(LocalStack.freePort(), LocalStack.freePort(), LocalStack.freePort());
            PrivatePostgres pg = postgres;
            PrivateRabbitMq mq = rabbit;
            cleanUp = new Thread(() -> {
                LocalStack apps = running.get();
                if (apps != null) {
                    try {
                        apps.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                mq.close();
                pg.close();
            }, "faults-clean-up");
            Runtime.getRuntime().addShutdownHook(cleanUp); // Ctrl-C: the private servers go too
            System.out.printf("faults: private PostgreSQL on 127.0.0.1:%d, private RabbitMQ %s on 127.0.0.1:%d (management %d)%n",
                    postgres.port(), rabbit.node(), rabbit.amqpPort(), rabbit.managementPort());
            ensureInfra(root, rabbit);

            var infra = new LocalStack.Infrastructure("127.0.0.1", postgres.port(), "postgres", "postgres",
                    "127.0.0.1", rabbit.amqpPort(), "guest", "guest");
            try (LocalStack stack = new LocalStack(new LocalStack.Options(root, DATABASE, true, VHOST, false, RATE, BATCH, logs), infra)) {
                running.set(stack);
                stack.start(Duration.ofMinutes(4));
                FaultsBenchmark suite = new FaultsBenchmark(postgres, rabbit, stack);
                for (Scenario scenario : suite.scenarios()) {
                    suite.scenarioNumber++;
                    if (!only.isEmpty() && !only.contains(scenario.name())) {
                        continue;
                    }
                    ObjectNode result = suite.run(scenario);
                    results.add(result);
                    if (!result.path("passed").asBoolean()) {
                        failed++;
                    }
                }
            }
        } finally {
            if (rabbit != null) {
                rabbit.copyLogsTo(logs.resolve("rabbitmq"));
                rabbit.close();
            }
            if (postgres != null) {
                postgres.copyLogsTo(logs.resolve("postgresql"));
                postgres.close();
            }
            running.set(null);
            if (cleanUp != null) {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
        }

        String line = String.format(Locale.ROOT, "faults: %d of %d scenarios passed in %.0f s (%s)", results.size() - failed, results.size(),
                Duration.between(started, Instant.now()).toMillis() / 1e3,
                stream(results).map(r -> r.path("name").asText() + (r.path("passed").asBoolean() ? " ok" : " FAILED"))
                        .collect(Collectors.joining(", ")));
        json.put("benchmark", "faults");
        json.put("at", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("recipients", RECIPIENTS);
        json.put("ratePerSecond", RATE);
        json.put("batchSize", BATCH);
        json.put("infrastructure", "a private PostgreSQL 15 (initdb, trust, fsync off) and a private RabbitMQ node (with the "
                + POLICY + " policy of deploy/local/ensure-infra.sh), started and removed by the suite");
        json.put("passed", results.size() - failed);
        json.put("failed", failed);
        json.put("loadAverageBefore", loadBefore);
        json.put("loadAverageAfter", Files.readString(Path.of("/proc/loadavg")).strip());
        json.put("line", line);
        System.out.println(line);
        Path out = only.isEmpty() ? root.resolve("system-tests/results/faults.json") : root.resolve("system-tests/target/faults-only.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        System.out.println("faults: figures in " + root.relativize(out));
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * The vhost and the work queues' dead-letter policy (at-least-once, delivery limit 20) on the
     * private broker, as deploy/local/ensure-infra.sh sets them on the machine's: the pattern and the
     * definition are read from that script ({@code SANDESH_POLICY_PATTERN}, {@code SANDESH_POLICY}),
     * so there is one source of them. (The database: LocalStack creates it.)
     */
    private static void ensureInfra(Path root, PrivateRabbitMq rabbit) throws Exception {
        Path script = root.resolve("deploy/local/ensure-infra.sh");
        String text = Files.readString(script);
        String pattern = shellValue(text, "SANDESH_POLICY_PATTERN", script);
        JsonNode definition = SandeshClient.json().readTree(shellValue(text, "SANDESH_POLICY", script));
        rabbit.vhostWithPolicy(VHOST, POLICY, pattern, definition);
        JsonNode policy = rabbit.policy(VHOST, POLICY);
        if (policy.path("definition").path("delivery-limit").asInt() != 20) {
            throw new IllegalStateException("the private broker's vhost " + VHOST + " lacks the policy " + POLICY + ": " + policy);
        }
    }

    /** The value of {@code NAME='…'} in a shell script. */
    private static String shellValue(String script, String name, Path file) {
        var matcher = java.util.regex.Pattern.compile("(?m)^" + name + "='([^']*)'$").matcher(script);
        if (!matcher.find()) {
            throw new IllegalStateException(file + " no longer sets " + name + "='…': the fault suite reads the dead-letter policy from it");
        }
        return matcher.group(1);
    }

    // ---------------------------------------------------------------------------------------------
    // The scenarios

    private Fault senderSigkill() throws Exception {
        Fault fault = new Fault(startCampaign("faults: sender SIGKILL"));
        fault.figures.put("finishedAtFault", awaitFinished(fault.campaign, FAULT_AT));
        fault.killedAt = Instant.now();
        stack.kill(App.SENDER);
        fault.endedNanos = System.nanoTime();
        fault.restarted.add(App.SENDER);
        fault.bound = Bound.LEFT;
        fault.figures.set("ledgerAtKill", ledgerJson(fault.campaign));
        restart(App.SENDER, fault);
        return fault;
    }

    private Fault senderSigterm() throws Exception {
        Fault fault = new Fault(startCampaign("faults: sender SIGTERM"));
        fault.figures.put("finishedAtFault", awaitFinished(fault.campaign, FAULT_AT));
        long exitMillis = stack.stop(App.SENDER, SIGTERM_GRACE);
        fault.endedNanos = System.nanoTime();
        fault.restarted.add(App.SENDER);
        Map<String, Long> atExit = ledger(fault.campaign);
        fault.figures.set("ledgerAtExit", ledgerJson(atExit));
        if (exitMillis >= 0) {
            fault.figures.put("exitSeconds", exitMillis / 1e3);
            // Drained: the calls in flight finished and were recorded, the rest released.
            fault.bound = Bound.NONE;
            long claimed = atExit.getOrDefault("CLAIMED", 0L);
            if (claimed > 0) {
                fault.failures.add("graceful shutdown: the SIGTERMed sender exited after " + exitMillis + " ms leaving " + claimed
                        + " ledger rows CLAIMED (neither recorded nor released); ledger at exit " + atExit);
            }
        } else {
            fault.figures.putNull("exitSeconds");
            fault.failures.add("graceful shutdown: the sender did not exit within " + SIGTERM_GRACE.toSeconds() + " s of SIGTERM (killed)");
            fault.bound = Bound.LEFT;
            fault.killedAt = Instant.now();
        }
        restart(App.SENDER, fault);
        return fault;
    }

    private Fault rabbitmqStopped() throws Exception {
        Fault fault = new Fault(startCampaign("faults: RabbitMQ stopped"));
        fault.figures.put("finishedAtFault", awaitFinished(fault.campaign, FAULT_AT));
        brokerStopped = true;
        rabbit.stopApp();
        Thread.sleep(10_000);
        rabbit.startApp();
        brokerStopped = false;
        fault.endedNanos = System.nanoTime();
        fault.figures.put("outageSeconds", 10);
        return fault;
    }

    private Fault postgresStopped() throws Exception {
        Fault fault = new Fault(startCampaign("faults: PostgreSQL stopped"));
        fault.figures.put("finishedAtFault", awaitFinished(fault.campaign, FAULT_AT));
        postgres.stop();
        long stoppedAt = System.nanoTime();
        Map<App, Boolean> readyDuring = new EnumMap<>(App.class);
        Thread.sleep(30_000);
        for (App app : App.values()) {
            readyDuring.put(app, ready(app)); // what each says half-way through the outage
        }
        Thread.sleep(Math.max(0, 60_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)));
        postgres.start();
        fault.endedNanos = System.nanoTime();
        fault.figures.put("outageSeconds", round((fault.endedNanos - stoppedAt) / 1e9));
        ObjectNode during = fault.figures.putObject("readyDuringOutage");
        readyDuring.forEach((app, up) -> during.put(app.module, up));
        return fault;
    }

    private Fault webhookDown() throws Exception {
        Fault fault = new Fault(startCampaign("faults: webhook-service down"));
        fault.figures.put("finishedAtFault", awaitFinished(fault.campaign, FAULT_AT));
        long stoppedAt = System.nanoTime();
        stack.stop(App.WEBHOOK);
        fault.restarted.add(App.WEBHOOK);
        Thread.sleep(Math.max(0, 60_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)));
        fault.figures.put("webhooksFailedWhileDown", client.simulatorAudit().requireStatus(200).body().path("webhooks").path("postsFailed").asLong());
        fault.endedNanos = System.nanoTime();
        restart(App.WEBHOOK, fault);
        fault.figures.put("downSeconds", round((System.nanoTime() - stoppedAt) / 1e9));
        return fault;
    }

    private Fault cloudApiStorms() throws Exception {
        Fault fault = new Fault(startCampaign("faults: Cloud API storms"));
        awaitFinished(fault.campaign, 0.05);
        ObjectNode phases = fault.figures.putObject("phases");
        storm(phases, "serverErrors", """
                {"faults":{"serverErrorShare":0.3,"unavailableShare":0.1}}""");
        storm(phases, "timeouts", """
                {"faults":{"serverErrorShare":0,"unavailableShare":0,"timeoutShare":0.05,"timeoutHold":"15s"}}""");
        storm(phases, "latency", """
                {"faults":{"timeoutShare":0,"latencyMedian":"300ms","latencyP99":"3s"}}""");
        clearSimulatorFaults();
        fault.endedNanos = System.nanoTime();
        JsonNode faults = client.simulatorAudit().requireStatus(200).body().path("faults");
        fault.figures.set("simulatorFaults", faults);
        // Timed-out calls (the simulator accepted them and never answered) are the UNKNOWN ones.
        fault.bound = Bound.SEEN;
        return fault;
    }

    private void storm(ObjectNode phases, String name, String settings) throws Exception {
        long finishedBefore = finishedOrZero(currentCampaign);
        client.configureSimulator(SandeshClient.json().readTree(settings));
        Thread.sleep(8_000);
        phases.put(name, finishedOrZero(currentCampaign) - finishedBefore);
    }

    private Fault webhookQuirks() throws Exception {
        client.configureSimulator(SandeshClient.json().readTree("""
                {"webhook":{"duplicateShare":0.2,"reorderShare":0.2,"reorderGap":"100ms","skipDeliveredShare":0.2}}"""));
        Fault fault = new Fault(startCampaign("faults: webhook quirks"));
        awaitFinished(fault.campaign, 1.0);
        fault.endedNanos = System.nanoTime();
        // The quirks stay on until every status is reported (verify waits for that); recover() clears them.
        return fault;
    }

    private Fault broadcastKilledMidUpload() throws Exception {
        String draft = createDraft("faults: broadcast killed mid-upload");
        CountDownLatch halfWay = new CountDownLatch(1);
        AtomicReference<String> firstUpload = new AtomicReference<>("still running");
        Thread uploader = Thread.ofPlatform().name("faults-upload").start(() -> {
            try {
                firstUpload.set("answered " + upload(draft, firstNumber(), RECIPIENTS, RECIPIENTS / 2, halfWay));
            } catch (IOException | RuntimeException e) {
                firstUpload.set("failed: " + e.getMessage());
            } finally {
                halfWay.countDown();
            }
        });
        if (!halfWay.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the upload did not get half-way in 2 minutes");
        }
        stack.kill(App.BROADCAST);
        Fault fault = new Fault(draft);
        fault.endedNanos = System.nanoTime();
        fault.restarted.add(App.BROADCAST);
        uploader.join(60_000);
        fault.figures.put("firstUpload", firstUpload.get());
        restart(App.BROADCAST, fault);
        CampaignProgress afterKill = CampaignProgress.of(client.campaign(draft).requireStatus(200).body());
        fault.figures.put("recipientsAfterKill", afterKill.recipients());
        fault.figures.put("stateAfterKill", afterKill.state());
        if (afterKill.recipients() != 0 || !"DRAFT".equals(afterKill.state())) {
            fault.failures.add("the upload cut by the kill stored " + afterKill.recipients() + " recipients (state " + afterKill.state()
                    + "): an upload is one transaction, all or nothing");
        }
        String again = upload(draft, firstNumber(), RECIPIENTS, -1, null);
        fault.figures.put("secondUpload", again);
        client.startCampaign(draft).requireStatus(200);
        currentCampaign = draft;
        CampaignProgress started = CampaignProgress.of(client.campaign(draft).requireStatus(200).body());
        if (started.recipients() != RECIPIENTS) {
            fault.failures.add("after the repeated upload the campaign holds " + started.recipients() + " recipients, not " + RECIPIENTS);
        }
        return fault;
    }

    private Fault twoCopies() throws Exception {
        // With no sender consuming, the campaign's batches wait in sender.batches; each is then put
        // back twice, side by side, so that two consumers take the two copies at the same moment.
        stack.stop(App.SENDER);
        String id = startCampaign("faults: two copies of every batch");
        Fault fault = new Fault(id);
        fault.restarted.add(App.SENDER);
        int batches = (RECIPIENTS + BATCH - 1) / BATCH;
        awaitCondition(Duration.ofMinutes(2), "the campaign's " + batches + " batches in sender.batches",
                () -> rabbit.depth(VHOST, Topology.BATCHES.queue()) >= batches);
        int copied = 0;
        try (Connection connection = rabbit.connectionFactory(VHOST).newConnection("sandesh-faults-copies");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long lastTag = -1;
            for (int i = 0; i < batches; i++) {
                GetResponse original = channel.basicGet(Topology.BATCHES.queue(), false);
                if (original == null) {
                    break;
                }
                for (int copy = 0; copy < 2; copy++) {
                    channel.basicPublish("", Topology.BATCHES.queue(), original.getProps(), original.getBody());
                }
                lastTag = original.getEnvelope().getDeliveryTag();
                copied++;
            }
            channel.waitForConfirmsOrDie(30_000);
            if (lastTag >= 0) {
                channel.basicAck(lastTag, true);
            }
        }
        fault.figures.put("batches", copied);
        fault.figures.put("copiesQueued", rabbit.depth(VHOST, Topology.BATCHES.queue()));
        fault.endedNanos = System.nanoTime();
        restart(App.SENDER, fault);
        return fault;
    }

    // ---------------------------------------------------------------------------------------------
    // Running a scenario and checking its promises

    /** The campaign being sent (for the storms' per-phase figures). */
    private String currentCampaign;

    private ObjectNode run(Scenario scenario) {
        ObjectNode result = SandeshClient.json().createObjectNode();
        result.put("name", scenario.name());
        result.put("what", scenario.what());
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        System.out.printf("faults: %s — %s%n", scenario.name(), scenario.what());
        Fault fault = null;
        try {
            awaitQuiet();
            clearSimulatorFaults();
            client.resetSimulatorAudit().requireStatus(200);
            Map<App, Long> pids = new EnumMap<>(App.class);
            for (App app : App.values()) {
                pids.put(app, stack.pid(app));
            }
            fault = scenario.body().run();
            failures.addAll(fault.failures);
            verify(fault, pids, result, failures);
        } catch (Throwable e) {
            failures.add("the scenario could not finish: " + e);
            e.printStackTrace();
        } finally {
            recover(failures);
        }
        if (fault != null) {
            result.set("figures", fault.figures);
        }
        result.put("passed", failures.isEmpty());
        result.put("elapsedSeconds", round((System.nanoTime() - start) / 1e9));
        ArrayNode list = result.putArray("failures");
        failures.forEach(list::add);
        System.out.printf(Locale.ROOT, "faults: %s %s in %.0f s: settled %s of %d, UNKNOWN %s (bound %s), duplicates %s, DLQs %s, healthy after %s s%n",
                scenario.name(), failures.isEmpty() ? "PASSED" : "FAILED", result.path("elapsedSeconds").asDouble(),
                result.path("recipientsSettled").asText("?"), RECIPIENTS, result.path("unknown").asText("?"),
                result.path("inFlightBound").asText("?"), result.path("duplicates").asText("?"), result.path("dlqDepth").asText("?"),
                result.path("timeToHealthySeconds").asText("?"));
        failures.forEach(f -> System.out.println("faults:   - " + f));
        return result;
    }

    private void verify(Fault fault, Map<App, Long> pidsBefore, ObjectNode result, List<String> failures) throws Exception {
        String campaign = fault.campaign;
        result.put("campaign", campaign);
        result.put("recipients", RECIPIENTS);

        // Every service healthy again (without a restart: checked at the end).
        List<App> notReady = awaitHealthy(Duration.ofMinutes(3));
        double healthy = (System.nanoTime() - fault.endedNanos) / 1e9;
        if (notReady.isEmpty()) {
            result.put("timeToHealthySeconds", round(Math.max(0, healthy)));
        } else {
            result.putNull("timeToHealthySeconds");
            failures.add("healthy again: " + notReady.stream().map(a -> a.module).toList() + " not ready (/q/health/ready) 3 minutes after the fault");
        }

        // Every valid recipient settled.
        CampaignProgress progress = awaitSettled(campaign, Duration.ofMinutes(6));
        awaitQuiet();
        progress = CampaignProgress.of(client.campaign(campaign).requireStatus(200).body());
        long settled = progress.read() + progress.failed() + progress.halted() + progress.unknown();
        result.put("state", progress.state());
        result.put("recipientsSettled", settled);
        result.put("read", progress.read());
        result.put("failed", progress.failed());
        result.put("halted", progress.halted());
        Map<String, Long> ledger = ledger(campaign);
        result.set("ledger", ledgerJson(ledger));
        long rows = ledger.values().stream().mapToLong(Long::longValue).sum();
        if (!"COMPLETED".equals(progress.state()) || settled != progress.valid() || progress.valid() != RECIPIENTS || progress.stale()) {
            failures.add("every valid recipient settled: campaign " + progress.state() + ", " + settled + " of " + progress.valid()
                    + " valid settled (read " + progress.read() + ", failed " + progress.failed() + ", halted " + progress.halted()
                    + ", UNKNOWN " + progress.unknown() + "; accepted " + progress.accepted() + ", sent " + progress.sent()
                    + ", delivered " + progress.delivered() + ", queued " + progress.queued() + (progress.stale() ? ", stale" : "")
                    + "); ledger " + ledger + "; sender.batches holds " + rabbit.depth(VHOST, Topology.BATCHES.queue()));
        }
        if (rows != RECIPIENTS || ledger.getOrDefault("CLAIMED", 0L) > 0) {
            failures.add("every valid recipient settled: the ledger holds " + rows + " rows for " + RECIPIENTS + " recipients, "
                    + ledger.getOrDefault("CLAIMED", 0L) + " still CLAIMED: " + ledger);
        }

        // Nobody messaged twice.
        JsonNode audit = client.simulatorAudit().requireStatus(200).body();
        long duplicates = audit.path("recipients").path("duplicated").asLong();
        result.put("duplicates", duplicates);
        result.put("simulatorAccepted", audit.path("accepted").asLong());
        if (duplicates > 0) {
            failures.add("nobody messaged twice: the simulator accepted more than one message for " + duplicates + " recipients, e.g. "
                    + audit.path("recipients").path("duplicates"));
        }

        // UNKNOWN ≤ the calls really in flight.
        long unknownLedger = ledger.getOrDefault("UNKNOWN", 0L);
        long unknown = Math.max(unknownLedger, progress.unknown());
        Unknowns unknowns = unknowns(campaign, fault.killedAt);
        long errorAnswers = audit.path("rejections").path("total").asLong() + audit.path("faults").path("serverErrors").asLong()
                + audit.path("faults").path("unavailable").asLong();
        long bound = switch (fault.bound) {
            case NONE -> 0;
            case SEEN -> unknowns.seen();
            case LEFT -> unknowns.seen() + errorAnswers + unknowns.leaving();
        };
        result.put("unknown", unknown);
        result.put("unknownInLedger", unknownLedger);
        result.put("unknownInCampaignApi", progress.unknown());
        result.put("inFlightBound", bound);
        result.put("inFlightBoundRule", fault.bound.rule);
        result.put("unknownAcceptedBySimulator", unknowns.seen());
        result.put("unknownNeverSent", unknowns.total() - unknowns.seen() - unknowns.leaving());
        result.put("unknownLeavingAtKill", unknowns.leaving());
        if (unknown > bound) {
            failures.add("UNKNOWN <= calls really in flight: " + unknown + " UNKNOWN (ledger " + unknownLedger + ", campaign API "
                    + progress.unknown() + ") > bound " + bound + " (" + fault.bound.rule + "); of the UNKNOWN recipients "
                    + unknowns.seen() + " reached the simulator, " + unknowns.leaving() + " were leaving at the kill, "
                    + (unknowns.total() - unknowns.seen() - unknowns.leaving()) + " were never sent, e.g. "
                    + unknowns.neverSentExamples());
        }
        // What the sender reported UNKNOWN on the way (an outcome a later one may have corrected): a
        // second delivery of a batch that finds the first's live claims reports them UNKNOWN.
        long reported = unknownOutcomes(campaign);
        result.put("unknownOutcomesReported", reported);
        if (reported > Math.max(bound, unknown)) { // more than the UNKNOWN that stayed: those are checked above
            failures.add("UNKNOWN <= calls really in flight: the sender reported " + reported + " UNKNOWN outcomes "
                    + "(webhook.send_failure) > bound " + bound + ", though in the end the ledger holds " + unknownLedger
                    + " UNKNOWN and the campaign API " + progress.unknown() + ": a second delivery of a batch reported the "
                    + "first's live claims UNKNOWN (recorded later with their real result)");
        }
        if (unknownLedger != progress.unknown()) {
            failures.add("no status lost: the campaign API reports " + progress.unknown() + " UNKNOWN, the sender's ledger " + unknownLedger);
        }

        // No status lost.
        long accepted = ledger.getOrDefault("ACCEPTED", 0L);
        long notRead = acceptedNotRead(campaign);
        JsonNode webhooks = audit.path("webhooks");
        result.put("acceptedWithoutFinalStatus", notRead);
        result.put("webhookPostsAbandoned", webhooks.path("postsAbandoned").asLong());
        result.put("webhookDuplicatePosts", webhooks.path("duplicatePosts").asLong());
        if (notRead > 0) {
            failures.add("no status lost: " + notRead + " of " + accepted + " ACCEPTED messages are not read (with sent and read times, "
                    + "tied to the campaign) in webhook.message_status");
        }
        if (progress.read() != accepted) {
            failures.add("no status lost: the campaign API counts " + progress.read() + " read, the ledger " + accepted + " ACCEPTED");
        }
        if (webhooks.path("postsAbandoned").asLong() > 0 || webhooks.path("statusesAbandoned").asLong() > 0) {
            failures.add("no status lost: the simulator abandoned " + webhooks.path("postsAbandoned").asLong() + " webhook POSTs ("
                    + webhooks.path("statusesAbandoned").asLong() + " statuses)");
        }

        // Every DLQ empty, the batches drained.
        ObjectNode dlqs = result.putObject("dlq");
        long dlqDepth = 0;
        for (Topology.Route route : Topology.ROUTES) {
            long depth = rabbit.depth(VHOST, route.deadLetterQueue());
            dlqs.put(route.deadLetterQueue(), depth);
            dlqDepth += depth;
        }
        result.put("dlqDepth", dlqDepth);
        if (dlqDepth > 0) {
            failures.add("every DLQ empty: " + dlqs);
        }
        long batchesLeft = rabbit.depth(VHOST, Topology.BATCHES.queue());
        if (batchesLeft > 0) {
            failures.add("sender.batches still holds " + batchesLeft + " messages after the campaign completed");
        }

        // ... and without a restart.
        for (App app : App.values()) {
            if (fault.restarted.contains(app)) {
                continue;
            }
            if (!stack.isRunning(app)) {
                failures.add("healthy without a restart: " + app.module + " is not running (exited; see " + stack.log(app) + ")");
            } else if (stack.pid(app) != pidsBefore.get(app)) {
                failures.add("healthy without a restart: " + app.module + " is another process than before the fault");
            }
        }
        result.putArray("restartedOnPurpose").addAll(fault.restarted.stream().map(a -> SandeshClient.json().getNodeFactory().textNode(a.module)).toList());
    }

    /** Puts everything back for the next scenario, whatever this one left. */
    private void recover(List<String> failures) {
        try {
            if (brokerStopped) {
                rabbit.startApp();
                brokerStopped = false;
            }
            if (!postgres.running()) {
                postgres.start();
            }
            for (App app : App.values()) {
                if (!stack.isRunning(app)) {
                    stack.restart(app, Duration.ofMinutes(3));
                }
            }
            clearSimulatorFaults();
            clearSimulatorQuirks();
        } catch (Exception e) {
            failures.add("could not put the stack back after the scenario: " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Campaigns

    /** The first of {@link DemoAudience}'s numbers for this scenario: scenarios never share a recipient. */
    private long firstNumber() {
        return scenarioNumber * 100_000L;
    }

    private String startCampaign(String name) throws Exception {
        String id = RecipientUpload.draftAndUpload(stack, name, firstNumber(), RECIPIENTS);
        client.startCampaign(id).requireStatus(200);
        currentCampaign = id;
        return id;
    }

    private String createDraft(String name) throws Exception {
        var draft = DemoAudience.campaign(name, 0, 0, 0, 1);
        draft.remove("recipients");
        draft.put("start", false);
        return client.createCampaign(draft).requireStatus(201).body().path("id").asText();
    }

    /**
     * Streams {@code count} NDJSON recipients into a draft. With {@code pauseAfter} ≥ 0 it writes
     * slowly (100 lines per 50 ms) and counts {@code reached} down once that many lines are out.
     *
     * @return the upload's answer
     */
    private String upload(String draft, long firstNumber, int count, int pauseAfter, CountDownLatch reached) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) stack.uri(App.BROADCAST, "/v1/campaigns/" + draft + "/recipients")
                .toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(4 * 1024);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Authorization", "Bearer " + stack.apiKey());
        connection.setRequestProperty("Content-Type", "application/x-ndjson");
        try (OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 4 * 1024)) {
            for (int i = 0; i < count; i++) {
                out.write(("{\"phone\":\"+91" + DemoAudience.nationalNumber(firstNumber + i) + "\",\"parameters\":[\"Customer " + i
                        + "\"],\"externalId\":\"u" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
                if (pauseAfter >= 0 && i % 100 == 99) {
                    out.flush();
                    if (i + 1 >= pauseAfter && reached != null) {
                        reached.countDown();
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
        }
        int status = connection.getResponseCode();
        byte[] body = (status < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
        String answer = status + " " + new String(body, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IOException("the upload answered " + answer);
        }
        return answer;
    }

    /** Waits until {@code share} of the campaign's recipients have a result in the sender's ledger; answers how many. */
    private long awaitFinished(String campaign, double share) throws Exception {
        long target = (long) Math.ceil(RECIPIENTS * share);
        awaitCondition(Duration.ofMinutes(4), target + " recipients of campaign " + campaign + " finished in the ledger",
                () -> finishedOrZero(campaign) >= target);
        return finishedOrZero(campaign);
    }

    /** Ledger rows of the campaign with a result (not CLAIMED), or 0 while the database does not answer. */
    private long finishedOrZero(String campaign) {
        if (campaign == null) {
            return 0;
        }
        try {
            return ledger(campaign).entrySet().stream().filter(e -> !e.getKey().equals("CLAIMED")).mapToLong(Map.Entry::getValue).sum();
        } catch (SQLException down) {
            return 0;
        }
    }

    private CampaignProgress awaitSettled(String campaign, Duration timeout) throws Exception {
        AtomicReference<CampaignProgress> last = new AtomicReference<>();
        try {
            awaitCondition(timeout, "campaign " + campaign + " COMPLETED with every recipient settled", () -> {
                CampaignProgress p = CampaignProgress.of(client.campaign(campaign).requireStatus(200).body());
                last.set(p);
                return "COMPLETED".equals(p.state()) && !p.stale() && p.read() + p.failed() + p.halted() + p.unknown() >= p.valid();
            });
        } catch (java.util.concurrent.TimeoutException notSettled) {
            // verify() says what is missing
        }
        return last.get();
    }

    // ---------------------------------------------------------------------------------------------
    // Figures from the database, the simulator and the apps

    private Map<String, Long> ledger(String campaign) throws SQLException {
        Map<String, Long> states = new TreeMap<>();
        try (var connection = stack.openDatabase();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT state, count(*) FROM sender.send_ledger WHERE campaign_id = ? GROUP BY state")) {
            query.setObject(1, UUID.fromString(campaign));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return states;
    }

    private ObjectNode ledgerJson(String campaign) throws SQLException {
        return ledgerJson(ledger(campaign));
    }

    private static ObjectNode ledgerJson(Map<String, Long> ledger) {
        ObjectNode node = SandeshClient.json().createObjectNode();
        ledger.forEach(node::put);
        return node;
    }

    /** ACCEPTED ledger rows whose message is not {@code read}, with its sent and read times and its campaign, in webhook-service. */
    private long acceptedNotRead(String campaign) throws SQLException {
        try (var connection = stack.openDatabase();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT count(*) FROM sender.send_ledger l LEFT JOIN webhook.message_status m ON m.wamid = l.wamid
                      WHERE l.campaign_id = ? AND l.state = 'ACCEPTED'
                        AND (m.wamid IS NULL OR m.status <> 'read' OR m.sent_at IS NULL OR m.read_at IS NULL
                             OR m.campaign_id IS DISTINCT FROM l.campaign_id)""")) {
            query.setObject(1, UUID.fromString(campaign));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The UNKNOWN outcomes webhook-service recorded for the campaign ({@code webhook.send_failure}). */
    private long unknownOutcomes(String campaign) throws SQLException {
        try (var connection = stack.openDatabase();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM webhook.send_failure WHERE campaign_id = ? AND result = 'UNKNOWN'")) {
            query.setObject(1, UUID.fromString(campaign));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * The campaign's UNKNOWN recipients (ledger or webhook-service), how many of them the simulator
     * accepted a message for, and how many of the others were leaving at the kill (attempt started
     * within {@link #LEAVING} before it).
     */
    record Unknowns(long total, long seen, long leaving, List<String> neverSentExamples) {
    }

    private Unknowns unknowns(String campaign, Instant killedAt) throws Exception {
        Map<String, Instant> started = new LinkedHashMap<>(); // phone -> attempt_started_at (null if none)
        try (var connection = stack.openDatabase();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT r.phone_e164, l.attempt_started_at FROM broadcast.recipient r
                       LEFT JOIN sender.send_ledger l ON l.campaign_id = r.campaign_id AND l.recipient_seq = r.sequence
                      WHERE r.campaign_id = ? AND r.sequence IN (
                            SELECT recipient_seq FROM sender.send_ledger WHERE campaign_id = ? AND state = 'UNKNOWN'
                            UNION SELECT recipient_seq FROM webhook.send_failure WHERE campaign_id = ? AND result = 'UNKNOWN')""")) {
            UUID id = UUID.fromString(campaign);
            query.setObject(1, id);
            query.setObject(2, id);
            query.setObject(3, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    java.sql.Timestamp at = rows.getTimestamp(2);
                    started.put(rows.getString(1), at == null ? null : at.toInstant());
                }
            }
        }
        long seen = 0;
        long leaving = 0;
        List<String> neverSent = new ArrayList<>();
        for (Map.Entry<String, Instant> unknown : started.entrySet()) {
            String digits = unknown.getKey().replace("+", "");
            SandeshClient.Answer answer = client.getSimulator("/_simulator/audit/recipients/" + digits);
            Instant attempt = unknown.getValue();
            if (answer.status() == 200 && answer.body().path("accepted").asLong() > 0) {
                seen++;
            } else if (killedAt != null && attempt != null && !attempt.isBefore(killedAt.minus(LEAVING)) && !attempt.isAfter(killedAt)) {
                leaving++;
            } else if (neverSent.size() < 5) {
                neverSent.add(digits + (attempt == null ? " (no attempt mark)" : " (attempt started " + attempt + ")"));
            }
        }
        return new Unknowns(started.size(), seen, leaving, neverSent);
    }

    private boolean ready(App app) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(stack.uri(app, "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every app answers ready; answers those that did not in time. */
    private List<App> awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<App> notReady = Arrays.stream(App.values()).filter(app -> !ready(app)).toList();
            if (notReady.isEmpty() || System.nanoTime() > deadline) {
                return notReady;
            }
            Thread.sleep(250);
        }
    }

    /** Waits until the simulator has reported every status and no webhook POST is still being retried. */
    private void awaitQuiet() throws Exception {
        try {
            awaitCondition(Duration.ofMinutes(3), "the simulator reported every status", () -> {
                JsonNode webhooks = client.simulatorAudit().requireStatus(200).body().path("webhooks");
                return webhooks.path("statusesAwaiting").asLong() == 0
                        && webhooks.path("postsAttempted").asLong() == webhooks.path("postsDelivered").asLong()
                        + webhooks.path("postsFailed").asLong() + webhooks.path("postsAbandoned").asLong();
            });
        } catch (java.util.concurrent.TimeoutException stillBusy) {
            System.out.println("faults: the simulator still has statuses to report after 3 minutes: "
                    + client.simulatorAudit().body().path("webhooks"));
        }
    }

    private void clearSimulatorFaults() throws Exception {
        client.configureSimulator(SandeshClient.json().readTree("""
                {"faults":{"serverErrorShare":0,"unavailableShare":0,"timeoutShare":0,"latencyMedian":"0ms","latencyP99":null}}"""));
    }

    private void clearSimulatorQuirks() throws Exception {
        client.configureSimulator(SandeshClient.json().readTree("""
                {"webhook":{"duplicateShare":0,"reorderShare":0,"skipDeliveredShare":0}}"""));
    }

    private void restart(App app, Fault fault) throws Exception {
        long start = System.nanoTime();
        stack.restart(app, Duration.ofMinutes(3));
        fault.figures.put(app.module + "RestartSeconds", round((System.nanoTime() - start) / 1e9));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 250 ms (an exception counts as "not yet") until it holds or {@code timeout} passed. */
    private static void awaitCondition(Duration timeout, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException | SQLException | IllegalStateException notYet) {
                lastError = notYet;
            }
            Thread.sleep(250);
        }
        throw new java.util.concurrent.TimeoutException("waited " + timeout.toSeconds() + " s for " + what
                + (lastError == null ? "" : " (last error: " + lastError + ")"));
    }

    private static java.util.stream.Stream<JsonNode> stream(ArrayNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
