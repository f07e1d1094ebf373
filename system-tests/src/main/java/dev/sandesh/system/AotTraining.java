package dev.sandesh.system;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the JDK's AOT cache (JEP 483/514/515) for the four apps: the stack started
 * with {@code -XX:AOTCacheOutput=<quarkus-app>/app.aot} ({@code -Dsandesh.stack.aot=record}), a
 * campaign sent through it the way production sends one (created with its recipients, a second
 * one uploaded as NDJSON, started, paced at 1,000/s against the simulator, every status webhook
 * ingested, the campaign, cost, estimate and outcomes read back), then every app stopped with
 * SIGTERM: each JVM writes the classes it loaded and linked and the method profiles it gathered
 * into its {@code app.aot} as it exits. A later start with {@code -XX:AOTCache=app.aot} (LocalStack
 * adds it when the file exists) finds those classes ready and its JIT already profiled.
 *
 * <p>Needs a JDK 25 or newer and the apps packaged as Quarkus' {@code aot-jar} (the root pom's
 * {@code aot} profile, active on JDK 25+). Run by {@code deploy/local/aot-train.sh}; database
 * {@code sandesh_aot_training} (recreated), vhost from {@code -Dsandesh.bench.vhost}
 * (default {@code sandesh-systest}). A cache fits only the JDK and the jars it was trained with:
 * train again after every build (the script does when a jar is newer than its cache).
 */
public final class AotTraining {

    private static final int RECIPIENTS = 15_000;
    private static final int UPLOADED = 2_000;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("the AOT cache needs JDK 25 or newer (this is " + Runtime.version() + ")");
        }
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        System.setProperty("sandesh.stack.aot", "record");
        LocalStack stack = new LocalStack(new LocalStack.Options(root, "sandesh_aot_training", true, vhost, false, 1_000, 1_000,
                root.resolve("system-tests/target/stack-logs/aot-training")));
        List<Path> caches = new ArrayList<>();
        for (LocalStack.App app : LocalStack.App.values()) {
            Path cache = stack.aotCache(app);
            Files.deleteIfExists(cache);
            caches.add(cache);
        }
        long started = System.nanoTime();
        try (stack) {
            stack.start(Duration.ofSeconds(240));
            SandeshClient client = new SandeshClient(stack);
            readBack(client::templates);
            ObjectNode campaign = DemoAudience.campaign("AOT training", RECIPIENTS, 20, 10, 11);
            campaign.put("start", false);
            String id = client.createCampaign(campaign).requireStatus(201).body().path("id").asText();
            readBack(() -> client.campaignEstimate(id, 0.1));
            client.startCampaign(id).requireStatus(200);
            String uploaded = RecipientUpload.draftAndUpload(stack, "AOT training upload", RECIPIENTS, UPLOADED);
            client.startCampaign(uploaded).requireStatus(200);
            awaitSettled(client, id, RECIPIENTS);
            awaitSettled(client, uploaded, UPLOADED);
            readBack(() -> client.campaignCost(id));
            readBack(() -> client.outcomes(id));
            readBack(() -> client.webhookStats(id));
            readBack(client::optOuts);
            System.out.printf("aot-training: %d + %d recipients sent and settled in %.0f s; stopping the apps (each writes its cache)%n",
                    RECIPIENTS, UPLOADED, (System.nanoTime() - started) / 1e9);
        }
        List<String> missing = new ArrayList<>();
        for (Path cache : caches) {
            if (!Files.isRegularFile(cache)) {
                missing.add(cache.toString());
            } else {
                System.out.printf("aot-training: %s (%d MB)%n", root.relativize(cache), Files.size(cache) / (1024 * 1024));
            }
        }
        System.clearProperty("sandesh.stack.aot");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no AOT cache written for " + missing + " (see system-tests/target/stack-logs/aot-training)");
        }
    }

    private interface Read {
        SandeshClient.Answer get() throws Exception;
    }

    /** A read the training exercises; its answer does not matter here (the system tests check them). */
    private static void readBack(Read read) {
        try {
            read.get();
        } catch (Exception ignored) {
            // whatever it answered, the code behind it ran
        }
    }

    private static void awaitSettled(SandeshClient client, String id, int recipients) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            CampaignProgress progress = CampaignProgress.of(client.campaign(id).requireStatus(200).body());
            // every recipient has its outcome (an UNKNOWN — a send left unanswered on a busy machine — included)
            if (progress.valid() > 0 && progress.terminal() + progress.unknown() >= progress.valid()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("training campaign " + id + " of " + recipients + " did not settle within 5 minutes");
    }
}
