package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.sandesh.contracts.Topology;
import dev.sandesh.system.CampaignProgress;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.RecipientUpload;
import dev.sandesh.system.SandeshClient;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A 1,000,000-recipient campaign end to end at 1,000/s on one machine (issue 16, 3c): the
 * recipients uploaded as NDJSON into a DRAFT, the campaign started, and every recipient followed
 * until it settled — read, failed or halted in broadcast-service's counts, or UNKNOWN (a send the
 * sender could not confirm) — while every service's memory is sampled, to show that nothing
 * grows with the campaign.
 *
 * <ul>
 *   <li><b>elapsed</b>: from the start request to the last recipient settled, against
 *       {@code recipients ÷ rate} (1,000 s); also the sending alone (the simulator's first to last
 *       accepted send), the upload and the start request (answered once the campaign is RUNNING;
 *       its batches are published in the background, broadcast-service's {@code publishing});</li>
 *   <li><b>every recipient settled, counted</b>: broadcast-service's counts, webhook-service's rows
 *       ({@code webhook.message_status} by status and {@code webhook.send_failure} by result, for
 *       the campaign) and the simulator's audit (accepted sends, recipients sent more than once);</li>
 *   <li><b>memory</b>: every {@value #SAMPLE_SECONDS} s, each app's resident set size
 *       ({@code VmRSS} of {@code /proc/<pid>/status}) and used heap ({@code /q/metrics},
 *       {@code jvm_memory_used_bytes{area="heap"}} summed over the pools), as a series and as the
 *       maximum over the run, the maximum in the first and in the last minute of sending;</li>
 *   <li><b>backlogs</b> at their peak: the simulator's statuses not yet reported to
 *       webhook-service ({@code webhooks.statusesAwaiting} of its audit: webhook ingest lag) and
 *       the depth of the RabbitMQ queues {@code sender.batches} and {@code webhook.outcomes}.</li>
 * </ul>
 *
 * <p>Run: {@code deploy/local/bench.sh million-campaign} (about 20 minutes; the stack's apps use
 * LocalStack's {@code -Xmx256m}). {@code -Dsandesh.bench.recipients=50000} runs a smaller one to
 * try it out; it prints its line but writes the results file only at the full million (or with
 * {@code -Dsandesh.bench.write=true}). Database {@code sandesh_bench} (recreated) and vhost
 * {@code sandesh-systest} unless {@code -Dsandesh.bench.database}/{@code -Dsandesh.bench.vhost} say otherwise.
 */
public final class MillionCampaignBenchmark {

    private static final int RATE = 1_000;
    private static final int BATCH_SIZE = 1_000;
    private static final int SAMPLE_SECONDS = 10;
    /** The campaign fails the run when no recipient settles for this long. */
    private static final Duration STALL = Duration.ofMinutes(3);

    private MillionCampaignBenchmark() {
    }

    /** One reading of every app and backlog, {@code t} seconds after the start request. */
    record Sample(double t, Map<LocalStack.App, Double> rssMb, Map<LocalStack.App, Double> heapMb,
                  long statusesAwaiting, long accepted, long batchesQueue, long outcomesQueue, long settled) {
    }

    public static void main(String[] args) throws Exception {
        int recipients = Integer.getInteger("sandesh.bench.recipients", 1_000_000);
        boolean write = recipients == 1_000_000 || Boolean.getBoolean("sandesh.bench.write");
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        double loadBefore = StartupBenchmark.loadAverage();
        ObjectNode json = SandeshClient.json().createObjectNode();
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, RATE, BATCH_SIZE,
                root.resolve("system-tests/target/stack-logs/million-campaign")))) {
            stack.start(Duration.ofSeconds(180));
            SandeshClient client = new SandeshClient(stack);
            client.resetSimulatorAudit().requireStatus(200);

            long uploadStarted = System.nanoTime();
            String id = RecipientUpload.draftAndUpload(stack, "million-recipient campaign", 0, recipients);
            double uploadSeconds = (System.nanoTime() - uploadStarted) / 1e9;
            System.out.printf(Locale.ROOT, "million-campaign: %,d recipients uploaded in %.1f s; starting%n", recipients, uploadSeconds);

            Sampler sampler = new Sampler(stack, client, id);
            long started = System.nanoTime();
            sampler.startAt(started);
            Thread sampling = new Thread(sampler, "sampler");
            sampling.setDaemon(true);
            sampling.start();
            HttpResponse<String> startAnswer = start(stack, id);
            double startSeconds = (System.nanoTime() - started) / 1e9;
            if (startAnswer.statusCode() != 200) {
                throw new IllegalStateException("starting the campaign answered " + startAnswer.statusCode() + " after "
                        + Math.round(startSeconds) + " s: " + startAnswer.body());
            }
            System.out.printf(Locale.ROOT, "million-campaign: start answered in %.1f s (RUNNING; the batches are published in the background)%n", startSeconds);

            CampaignProgress progress = awaitSettled(stack, client, id, started);
            double elapsed = (System.nanoTime() - started) / 1e9;
            sampler.stop();
            sampling.join(TimeUnit.SECONDS.toMillis(SAMPLE_SECONDS + 5));
            List<Sample> samples = sampler.samples();

            JsonNode audit = client.simulatorAudit().requireStatus(200).body();
            ObjectNode webhookCounts = webhookCounts(stack, id);

            json.put("benchmark", "million-campaign");
            json.put("at", Instant.now().toString());
            json.put("cores", Runtime.getRuntime().availableProcessors());
            json.put("loadAverageBefore", loadBefore);
            json.put("loadAverageAfter", StartupBenchmark.loadAverage());
            json.put("recipients", recipients);
            json.put("rate", RATE);
            json.put("batchSize", BATCH_SIZE);
            json.put("jvmFlags", "-Xmx256m per app (LocalStack)" + (LocalStack.aotMode() == LocalStack.AotMode.OFF ? "" : ", AOT cache when trained"));
            ObjectNode time = json.putObject("seconds");
            time.put("upload", round(uploadSeconds));
            time.put("startRequest", round(startSeconds));
            time.put("startToSettled", round(elapsed));
            time.put("target", recipients / (double) RATE);
            time.put("ratioToTarget", round(elapsed / (recipients / (double) RATE)));
            double[] sending = sendingWindow(samples);
            time.put("sending", round(sending[1] - sending[0]));

            ObjectNode counts = json.putObject("counts");
            ObjectNode broadcast = counts.putObject("broadcast");
            broadcast.put("state", progress.state());
            broadcast.put("valid", progress.valid());
            broadcast.put("read", progress.read());
            broadcast.put("delivered", progress.delivered());
            broadcast.put("sent", progress.sent());
            broadcast.put("accepted", progress.accepted());
            broadcast.put("failed", progress.failed());
            broadcast.put("halted", progress.halted());
            broadcast.put("unknown", progress.unknown());
            broadcast.put("queued", progress.queued());
            broadcast.put("settled", progress.terminal() + progress.unknown());
            broadcast.put("stale", progress.stale());
            counts.set("webhook", webhookCounts);
            ObjectNode simulator = counts.putObject("simulator");
            simulator.put("accepted", audit.path("accepted").asLong());
            simulator.put("distinctRecipients", audit.path("recipients").path("distinct").asLong());
            simulator.put("recipientsSentMoreThanOnce", audit.path("recipients").path("duplicated").asLong());
            simulator.put("rejections", audit.path("rejections").path("total").asLong());
            simulator.put("rejections130429", audit.path("rejections").path("byCode").path("130429").asLong());
            simulator.put("statusesDelivered", audit.path("webhooks").path("statusesDelivered").asLong());
            boolean everySettled = (progress.stale() ? webhookCounts.path("settled").asLong() : progress.terminal() + progress.unknown()) >= recipients;
            counts.put("everyRecipientSettled", everySettled);

            ObjectNode memory = json.putObject("memory");
            memory.put("sampleSeconds", SAMPLE_SECONDS);
            memory.put("note", "first/last minute: the maximum over the samples of the first and of the last 60 s of sending");
            List<String> memoryLine = new ArrayList<>();
            for (LocalStack.App app : LocalStack.App.values()) {
                ObjectNode node = memory.putObject(app.module);
                summary(node.putObject("rssMb"), samples, s -> s.rssMb().getOrDefault(app, Double.NaN), sending);
                summary(node.putObject("heapMb"), samples, s -> s.heapMb().getOrDefault(app, Double.NaN), sending);
                memoryLine.add(String.format(Locale.ROOT, "%s RSS %.0f→%.0f MB (max %.0f), heap max %.0f MB", shortName(app),
                        node.path("rssMb").path("firstMinuteMax").asDouble(), node.path("rssMb").path("lastMinuteMax").asDouble(),
                        node.path("rssMb").path("max").asDouble(), node.path("heapMb").path("max").asDouble()));
            }
            ObjectNode backlog = json.putObject("backlogPeak");
            backlog.put("statusesAwaitingWebhook", samples.stream().mapToLong(Sample::statusesAwaiting).max().orElse(-1));
            backlog.put("senderBatchesQueue", samples.stream().mapToLong(Sample::batchesQueue).max().orElse(-1));
            backlog.put("webhookOutcomesQueue", samples.stream().mapToLong(Sample::outcomesQueue).max().orElse(-1));

            ArrayNode series = json.putArray("series");
            for (Sample s : samples) {
                ObjectNode row = series.addObject();
                row.put("t", round(s.t()));
                row.put("accepted", s.accepted());
                row.put("settled", s.settled());
                row.put("statusesAwaiting", s.statusesAwaiting());
                row.put("batchesQueue", s.batchesQueue());
                row.put("outcomesQueue", s.outcomesQueue());
                for (LocalStack.App app : LocalStack.App.values()) {
                    row.put(shortName(app) + "RssMb", Math.round(s.rssMb().getOrDefault(app, Double.NaN)));
                    row.put(shortName(app) + "HeapMb", Math.round(s.heapMb().getOrDefault(app, Double.NaN)));
                }
            }
            String line = String.format(Locale.ROOT,
                    "million-campaign: %,d recipients at %d/s, start to settled %.0f s (target %.0f s, sending %.0f s), "
                            + "%s settled (read %d, failed %d, halted %d, unknown %d), sent twice %d; %s; backlog peak %d statuses, "
                            + "%d outcomes queued; upload %.0f s, start request %.1f s",
                    recipients, RATE, elapsed, recipients / (double) RATE, sending[1] - sending[0],
                    everySettled ? "every recipient" : "NOT every recipient", progress.read(), progress.failed(), progress.halted(),
                    progress.unknown(), audit.path("recipients").path("duplicated").asLong(), String.join(", ", memoryLine),
                    backlog.path("statusesAwaitingWebhook").asLong(), backlog.path("webhookOutcomesQueue").asLong(), uploadSeconds, startSeconds);
            json.put("line", line);
            json.put("target", "elapsed close to recipients / rate, every recipient settled, memory flat (last minute ≈ first minute)");
            System.out.println(line);
        }
        if (write) {
            Path out = root.resolve("system-tests/results/million-campaign.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        }
    }

    private static String shortName(LocalStack.App app) {
        return switch (app) {
            case SIMULATOR -> "simulator";
            case WEBHOOK -> "webhook";
            case SENDER -> "sender";
            case BROADCAST -> "broadcast";
        };
    }

    /**
     * {@code POST /v1/campaigns/{id}/start}: it answers once the campaign is RUNNING (the batches are
     * published in the background); the generous timeout is for a machine under load.
     */
    private static HttpResponse<String> start(LocalStack stack, String id) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/start"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .timeout(Duration.ofMinutes(15))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Polls the campaign until every recipient settled; fails when none settles for {@link #STALL}.
     * broadcast-service's counts come from webhook-service's stats, which it gives up on after 3 s
     * and then answers zeros marked {@code stale}: a campaign of a few hundred thousand rows on a
     * busy machine gets there (seen at 243,000 of a million, load average 15). A stale reading is
     * replaced by the same count read from webhook-service's tables directly.
     */
    private static CampaignProgress awaitSettled(LocalStack stack, SandeshClient client, String id, long started) throws Exception {
        long lastChange = System.nanoTime();
        long lastSettled = -1;
        long nextPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            CampaignProgress progress;
            try {
                progress = CampaignProgress.of(client.campaign(id).requireStatus(200).body());
            } catch (IOException | IllegalStateException busy) {
                Thread.sleep(2_000); // a read that timed out under load; the next one counts
                continue;
            }
            long settled = progress.stale() ? settledInWebhook(stack, id) : progress.terminal() + progress.unknown();
            if (progress.valid() > 0 && settled >= progress.valid()) {
                return freshProgress(client, id, progress);
            }
            long now = System.nanoTime();
            if (settled != lastSettled) {
                lastSettled = settled;
                lastChange = now;
            } else if (now - lastChange > STALL.toNanos()) {
                throw new IllegalStateException("campaign " + id + " stalled at " + settled + " of " + progress.valid()
                        + " settled (" + progress + "); see system-tests/target/stack-logs/million-campaign");
            }
            if (now >= nextPrint) {
                System.out.printf(Locale.ROOT, "  %4.0f s: %,d processed, %,d settled of %,d%n", (now - started) / 1e9,
                        progress.processed(), settled, progress.valid());
                nextPrint += TimeUnit.SECONDS.toNanos(60);
            }
            Thread.sleep(2_000);
        }
    }

    /** Recipients settled by webhook-service's tables: read or failed statuses, and sends that failed, went UNKNOWN or were halted. */
    static long settledInWebhook(LocalStack stack, String id) throws java.sql.SQLException {
        try (var connection = stack.openDatabase();
             var statement = connection.prepareStatement("select (select count(*) from webhook.message_status where campaign_id = ?::uuid"
                     + " and status in ('read', 'failed')) + (select count(*) from webhook.send_failure where campaign_id = ?::uuid)")) {
            statement.setString(1, id);
            statement.setString(2, id);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** broadcast-service's counts once they are not stale (a few tries), else the last reading, stale. */
    private static CampaignProgress freshProgress(SandeshClient client, String id, CampaignProgress last) throws InterruptedException {
        for (int attempt = 0; attempt < 10 && last.stale(); attempt++) {
            Thread.sleep(3_000);
            try {
                last = CampaignProgress.of(client.campaign(id).requireStatus(200).body());
            } catch (IOException | IllegalStateException busy) {
                // try again
            }
        }
        return last;
    }

    /** The campaign's rows in webhook-service: message_status by status, send_failure by result. */
    private static ObjectNode webhookCounts(LocalStack stack, String id) throws java.sql.SQLException {
        ObjectNode node = SandeshClient.json().createObjectNode();
        try (var connection = stack.openDatabase()) {
            ObjectNode byStatus = node.putObject("messageStatus");
            long total = 0;
            try (var statement = connection.prepareStatement(
                    "select status, count(*) from webhook.message_status where campaign_id = ?::uuid group by status order by status")) {
                statement.setString(1, id);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        byStatus.put(rows.getString(1), rows.getLong(2));
                        total += rows.getLong(2);
                    }
                }
            }
            ObjectNode failures = node.putObject("sendFailure");
            try (var statement = connection.prepareStatement(
                    "select result, count(*) from webhook.send_failure where campaign_id = ?::uuid group by result order by result")) {
                statement.setString(1, id);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        failures.put(rows.getString(1), rows.getLong(2));
                        total += rows.getLong(2);
                    }
                }
            }
            node.put("rows", total);
            node.put("settled", node.path("messageStatus").path("read").asLong() + node.path("messageStatus").path("failed").asLong()
                    + failures.path("FAILED").asLong() + failures.path("UNKNOWN").asLong() + failures.path("HALTED").asLong());
        }
        return node;
    }

    /** The seconds (since the start request) of the first and the last sample whose accepted count grew. */
    private static double[] sendingWindow(List<Sample> samples) {
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).accepted() > samples.get(i - 1).accepted()) {
                if (Double.isNaN(first)) {
                    first = samples.get(i - 1).t();
                }
                last = samples.get(i).t();
            }
        }
        return new double[] {first, last};
    }

    private static void summary(ObjectNode node, List<Sample> samples, ToDoubleFunction<Sample> value, double[] sending) {
        node.put("max", round(samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        node.put("firstMinuteMax", round(samples.stream().filter(s -> s.t() >= sending[0] && s.t() <= sending[0] + 60)
                .mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        node.put("lastMinuteMax", round(samples.stream().filter(s -> s.t() >= sending[1] - 60 && s.t() <= sending[1])
                .mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        node.put("atEnd", round(samples.isEmpty() ? Double.NaN : value.applyAsDouble(samples.get(samples.size() - 1))));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Every {@value #SAMPLE_SECONDS} s: memory of each app, the simulator's backlog, the queues, the campaign's progress. */
    private static final class Sampler implements Runnable {

        private final LocalStack stack;
        private final SandeshClient client;
        private final String campaignId;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final List<Sample> samples = new ArrayList<>();
        private volatile boolean stopped;
        private long started;

        Sampler(LocalStack stack, SandeshClient client, String campaignId) {
            this.stack = stack;
            this.client = client;
            this.campaignId = campaignId;
        }

        void startAt(long nanos) {
            started = nanos;
        }

        void stop() {
            stopped = true;
        }

        synchronized List<Sample> samples() {
            return new ArrayList<>(samples);
        }

        @Override
        public void run() {
            try (Connection rabbit = stack.rabbit().newConnection("million-campaign-sampler")) {
                long next = System.nanoTime();
                while (!stopped) {
                    Sample sample = sample(rabbit);
                    synchronized (this) {
                        samples.add(sample);
                    }
                    next += TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS);
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                System.err.println("sampler: cannot reach RabbitMQ: " + e.getMessage());
            }
        }

        private Sample sample(Connection rabbit) {
            double t = (System.nanoTime() - started) / 1e9;
            Map<LocalStack.App, Double> rss = new EnumMap<>(LocalStack.App.class);
            Map<LocalStack.App, Double> heap = new EnumMap<>(LocalStack.App.class);
            for (LocalStack.App app : LocalStack.App.values()) {
                try {
                    rss.put(app, StartupBenchmark.rssKb(stack.pid(app)) / 1024.0);
                } catch (IOException gone) {
                    rss.put(app, Double.NaN);
                }
                heap.put(app, heapMb(app));
            }
            long awaiting = -1;
            long accepted = -1;
            try {
                JsonNode audit = client.simulatorAudit().body();
                awaiting = audit.path("webhooks").path("statusesAwaiting").asLong(-1);
                accepted = audit.path("accepted").asLong(-1);
            } catch (IOException | InterruptedException | RuntimeException missed) {
                // a sample without the simulator's figures
            }
            long settled = -1;
            try {
                settled = settledInWebhook(stack, campaignId);
            } catch (java.sql.SQLException | RuntimeException missed) {
                // a sample without the campaign's figures
            }
            return new Sample(t, rss, heap, awaiting, accepted, depth(rabbit, Topology.BATCHES.queue()),
                    depth(rabbit, Topology.OUTCOMES.queue()), settled);
        }

        /** Used heap over all heap pools, in MB, from the app's Prometheus endpoint; NaN when it did not answer. */
        private double heapMb(LocalStack.App app) {
            try {
                String text = http.send(HttpRequest.newBuilder(stack.uri(app, "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return text.lines()
                        .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum() / (1024 * 1024);
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }

        private static long depth(Connection rabbit, String queue) {
            try {
                Channel channel = rabbit.createChannel();
                try {
                    return channel.queueDeclarePassive(queue).getMessageCount();
                } finally {
                    if (channel.isOpen()) {
                        channel.close();
                    }
                }
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                return -1;
            }
        }
    }
}
