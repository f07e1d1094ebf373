package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.contracts.PhoneMask;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The main job, run by {@code deploy/local/demo.sh}: starts the simulator and the three services,
 * broadcasts a demo campaign through them, shows live progress, and ends with a summary and a
 * cost report (what Meta charged for it, and what each third-party provider would have, in one
 * currency). {@code --scenario seed} is the seed brand's case: 2,000 recipients, half of them
 * undeliverable (a simulator rule), where paying Meta per delivered message beats per-attempt fees.
 */
public final class DemoCampaign {

    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        int recipients = 1_000;
        int rate = 80;
        int batchSize = 100;
        boolean keepRunning = false;
        boolean seed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--recipients", "-n" -> recipients = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--keep-running" -> keepRunning = true;
                case "--scenario" -> {
                    String scenario = args[++i];
                    if (!scenario.equals("seed")) {
                        throw new IllegalArgumentException("unknown scenario " + scenario + " (known: seed)");
                    }
                    seed = true;
                    recipients = 2_000;
                }
                case "--help", "-h" -> {
                    OUT.println("""
                            usage: deploy/local/demo.sh [--scenario seed] [--recipients N] [--rate MSG_PER_S] [--batch-size N] [--keep-running]
                              --scenario seed  the seed's case: 2,000 recipients, half undeliverable; Meta's cost vs every provider's
                              --recipients N   valid recipients in the demo campaign (default 1000)
                              --rate R         messages/s: the sender's limit and the simulator's (default 80, Meta's default tier)
                              --batch-size N   recipients per batch (default 100)
                              --keep-running   leave the stack running after the summary, until Ctrl-C""");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        if (recipients < 1 || rate < 1 || batchSize < 1) {
            throw new IllegalArgumentException("--recipients, --rate and --batch-size must be positive");
        }
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        var options = new LocalStack.Options(root, "sandesh", false, "sandesh", true, rate, batchSize,
                root.resolve("deploy/local/.run/logs"));
        int exit;
        try (var stack = new LocalStack(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stack.close();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
            exit = run(stack, recipients, rate, seed);
            if (keepRunning) {
                OUT.printf("%nThe stack keeps running (campaign API on http://localhost:8080/v1, API key in this run only: %s). Ctrl-C stops it.%n", stack.apiKey());
                Thread.currentThread().join();
            }
        }
        System.exit(exit);
    }

    private static int run(LocalStack stack, int valid, int rate, boolean seed) throws Exception {
        long t0 = System.nanoTime();
        OUT.printf("Starting the Cloud API simulator, webhook-service, sender-service and broadcast-service (logs in %s) …%n",
                stack.options().logDir());
        stack.start(Duration.ofSeconds(90));
        OUT.printf("All four are ready in %.1f s.%n%n", seconds(t0));

        var client = new SandeshClient(stack);
        int invalid = seed ? 0 : Math.max(1, valid / 200);
        int duplicate = seed ? 0 : Math.max(1, valid / 400);
        if (seed) {
            // half the list are numbers that no longer have WhatsApp: sent, then failed 131026
            client.recipientRules(SandeshClient.json().readTree("[{\"percent\":50,\"outcome\":\"undeliverable\"}]"));
            OUT.println("Scenario seed: half of the numbers are undeliverable (simulator rule {\"percent\":50,\"outcome\":\"undeliverable\"}).");
        }
        var campaign = DemoAudience.festiveCampaign("Diwali sweets — demo", valid, invalid, duplicate, 2026);
        OUT.printf("Creating a campaign of %,d entries (%,d valid, %,d malformed, %,d duplicates) with template %s:%n",
                valid + invalid + duplicate, valid, invalid, duplicate, DemoAudience.FESTIVE_TEMPLATE);
        OUT.println("  image header, named body parameters {{customer}} and {{offer}}, an \"Order now\" URL button with each");
        OUT.println("  customer's own order link and a copy-code coupon per customer (Meta's send-time components).");
        long created = System.nanoTime();
        JsonNode answer = client.createCampaign(campaign).requireStatus(201).body();
        String id = answer.path("id").asText();
        OUT.printf("Campaign %s accepted in %.1f s; sending at %d msg/s.%n", id, seconds(created), rate);

        long start = System.nanoTime();
        Duration patience = Duration.ofSeconds(60 + 3L * valid / rate);
        CampaignProgress progress = CampaignProgress.of(client.campaign(id).requireStatus(200).body());
        boolean tty = System.console() != null;
        long lastLine = 0;
        while (!progress.finished() && System.nanoTime() - start < patience.toNanos()) {
            Thread.sleep(250);
            progress = CampaignProgress.of(client.campaign(id).requireStatus(200).body());
            if (tty) {
                OUT.print("\r" + line(progress, seconds(start)) + "   ");
            } else if (System.nanoTime() - lastLine > 2_000_000_000L) {
                OUT.println(line(progress, seconds(start)));
                lastLine = System.nanoTime();
            }
        }
        double elapsed = seconds(start);
        OUT.println(tty ? "\r" + line(progress, elapsed) : line(progress, elapsed));
        OUT.println();

        JsonNode audit = client.simulatorAudit().requireStatus(200).body();
        summary(answer, progress, elapsed, audit);
        oneCustomer(client);
        int costExit = costReport(client, id);
        if (!progress.finished()) {
            OUT.printf("%nThe campaign did not finish within %d s: see the logs in %s.%n", patience.toSeconds(), stack.options().logDir());
            return 1;
        }
        return costExit;
    }

    static String line(CampaignProgress p, double seconds) {
        int width = 30;
        double done = p.valid() == 0 ? 0 : (double) p.terminal() / p.valid();
        int filled = (int) Math.round(done * width);
        double throughput = seconds > 0 ? p.processed() / seconds : 0;
        long left = p.valid() - p.processed();
        String eta = throughput > 0 && left > 0 ? String.format("ETA %ds", Math.round(left / throughput)) : "";
        return String.format("[%s%s] %3.0f%% | queued %,d · accepted %,d · sent %,d · delivered %,d · read %,d · failed %,d | %.1f msg/s %s%s",
                "#".repeat(filled), ".".repeat(width - filled), done * 100, p.queued(), p.accepted(), p.sent(), p.delivered(),
                p.read(), p.failed(), throughput, eta, p.stale() ? " (stats stale)" : "");
    }

    private static void summary(JsonNode created, CampaignProgress p, double elapsed, JsonNode audit) {
        OUT.println("Summary");
        OUT.printf("  state            %s%n", p.state());
        OUT.printf("  recipients       %,d submitted, %,d valid, %,d rejected before sending%n", p.recipients(), p.valid(), p.rejected());
        JsonNode byReason = created.path("counts").path("rejected").path("byReason");
        for (Iterator<Map.Entry<String, JsonNode>> it = byReason.fields(); it.hasNext(); ) {
            var reason = it.next();
            OUT.printf("    %-16s %,d%n", reason.getKey(), reason.getValue().asLong());
        }
        OUT.printf("  read             %,d%n", p.read());
        OUT.printf("  delivered        %,d (not yet read)%n", p.delivered());
        OUT.printf("  sent / accepted  %,d / %,d (no delivery report yet)%n", p.sent(), p.accepted());
        OUT.printf("  failed           %,d%n", p.failed());
        OUT.printf("  unknown          %,d%n", p.unknown());
        OUT.printf("  elapsed          %.1f s, %.1f messages/s%n", elapsed, elapsed > 0 ? p.processed() / elapsed : 0);
        OUT.printf("  simulator saw    %s sends, %s recipients messaged more than once%n",
                audit.path("accepted").asText("?"), audit.path("recipients").path("duplicated").asText("?"));
    }

    /** What the first two customers' messages carried, as the simulator (standing in for Meta) received them. */
    private static void oneCustomer(SandeshClient client) throws Exception {
        OUT.println();
        OUT.println("What two customers received (the simulator's audit of the sends)");
        for (int i = 0; i < 2; i++) {
            JsonNode sends = client.simulatorSendsTo("91" + DemoAudience.nationalNumber(i)).body();
            JsonNode send = sends.isArray() ? sends.path(0) : sends.path("sends").path(0);
            if (send.isMissingNode()) {
                continue;
            }
            StringBuilder values = new StringBuilder();
            for (JsonNode v : send.path("values")) {
                String what = v.hasNonNull("name") ? v.path("name").asText()
                        : v.path("component").asText() + (v.hasNonNull("subType") ? " " + v.path("subType").asText() : "")
                        + (v.path("component").asText().equals("header") ? " " + v.path("type").asText() : "");
                values.append(values.isEmpty() ? "" : ", ").append(what).append(" = ").append(v.path("value").asText());
            }
            OUT.printf("  %s %s/%s: %s%n", PhoneMask.mask("+" + send.path("to").asText()), send.path("template").asText(),
                    send.path("language").asText(), values);
        }
    }

    /** The campaign's cost from GET /v1/campaigns/{id}/cost, checked against the shipped rate card and providers file. */
    private static int costReport(SandeshClient client, String id) throws Exception {
        JsonNode cost = client.campaignCost(id).requireStatus(200).body();
        CostReport.print(cost, OUT);
        String category = cost.path("byCategory").path(0).path("category").asText("marketing");
        List<String> differences = CostReport.check(cost, category, CostReport.today());
        if (differences.isEmpty()) {
            OUT.println("  Checked: every figure equals contracts' rate card, FX table and providers.json recomputed from these counts.");
            return 0;
        }
        OUT.println("  MISMATCH against the rate card and providers file: " + String.join("; ", differences));
        return 1;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
