package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long each service's JVM takes from process start to {@code /q/health/ready} answering 200,
 * how much memory it holds once idle — the figures every Knative scale-from-zero pays — and how
 * close a just-started stack comes to 1,000/s in its first 20 seconds.
 *
 * <p><b>Start to ready.</b> The stack is started once (so each app finds its database, broker and
 * peers), then each app in turn is stopped and started again alone, {@code --runs} times per
 * variant, while the others sit idle; after {@code --idle} seconds its resident set size is read
 * from {@code /proc/<pid>/status}. The variants take turns (run 1 of each, run 2 of each, …), so
 * that a machine busy with something else slows them alike:
 * <ul>
 *   <li>{@code aot-cache}: the build with the JDK's AOT cache ({@code <quarkus-app>/app.aot},
 *       written by a training run: {@code deploy/local/aot-train.sh}); measured when the cache exists;</li>
 *   <li>{@code no-cache}: the same build without it ({@code -Dsandesh.stack.aot=off});</li>
 *   <li>{@code fast-jar}: when {@code -Dsandesh.bench.fast-jar-root=<dir>} names another checkout
 *       (or a copy of its {@code <module>/target/quarkus-app} directories) packaged as Quarkus'
 *       default fast-jar — the packaging before the AOT cache.</li>
 * </ul>
 *
 * <p><b>Cold send ratio.</b> For each variant a fresh stack at 1,000/s sends a 20,000-recipient
 * campaign (20 seconds' worth) right after it started, measured like {@link SendRateBenchmark}'s
 * warm-up: from the first send the simulator accepted to the last; achieved ÷ limit.
 * {@code --no-cold} skips it.
 *
 * <p>Medians are reported, with the load average of the machine before and after (the development
 * machines are shared: compare variants of one run, not runs of different days). Prints
 * {@code startup: …} and writes {@code system-tests/results/startup.json}.
 *
 * <pre>deploy/local/bench.sh startup   (or java -cp … dev.sandesh.system.bench.StartupBenchmark [--runs 3] [--idle 5] [--no-cold])</pre>
 *
 * Native images cannot be built on the development machines (no GraalVM); their figures are stated
 * as expectations in the results file, not measured.
 */
public final class StartupBenchmark {

    private static final int COLD_RATE = 1_000;
    private static final int COLD_SECONDS = 20;

    /** One way of starting the apps: the system properties LocalStack reads at each launch. */
    private record Variant(String name, Map<String, String> properties) {
        void apply() {
            properties.forEach(System::setProperty);
        }
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int idle = 5;
        boolean cold = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--no-cold" -> cold = false;
                default -> throw new IllegalArgumentException("usage: StartupBenchmark [--runs N] [--idle SECONDS] [--no-cold]");
            }
        }
        if (runs < 1 || runs > 20 || idle < 0 || idle > 120) {
            throw new IllegalArgumentException("--runs 1..20, --idle 0..120");
        }
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        List<Variant> variants = variants(root);
        ObjectNode json = SandeshClient.json().createObjectNode();
        json.put("benchmark", "startup");
        json.put("at", java.time.Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("loadAverageBefore", loadAverage());
        json.put("runs", runs);
        json.put("idleSeconds", idle);
        json.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        json.put("jvmFlags", "-Xmx256m (LocalStack), plus -XX:AOTCache=<quarkus-app>/app.aot for aot-cache");
        ArrayNode variantList = json.putArray("variants");
        variants.forEach(v -> variantList.add(v.name()));
        ArrayNode apps = json.putArray("apps");
        List<String> line = new ArrayList<>();
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, 80, 100,
                root.resolve("system-tests/target/stack-logs/startup")))) {
            stack.start(Duration.ofSeconds(180));
            for (LocalStack.App app : LocalStack.App.values()) {
                Map<String, List<Double>> seconds = new LinkedHashMap<>();
                Map<String, List<Long>> rssMb = new LinkedHashMap<>();
                for (int run = 0; run < runs; run++) {
                    for (Variant variant : variants) {
                        variant.apply();
                        stack.stop(app);
                        long start = System.nanoTime();
                        stack.restart(app, Duration.ofSeconds(90));
                        seconds.computeIfAbsent(variant.name(), v -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
                        Thread.sleep(idle * 1000L);
                        rssMb.computeIfAbsent(variant.name(), v -> new ArrayList<>()).add(rssKb(stack.pid(app)) / 1024);
                    }
                }
                ObjectNode node = apps.addObject();
                node.put("app", app.module);
                List<String> parts = new ArrayList<>();
                for (Variant variant : variants) {
                    double startup = median(seconds.get(variant.name()));
                    long rss = medianLong(rssMb.get(variant.name()));
                    if (variant == variants.get(0)) {
                        node.put("startToReadySeconds", Math.round(startup * 100) / 100.0);
                        node.put("idleRssMb", rss);
                    }
                    ObjectNode v = node.putObject(variant.name());
                    v.put("startToReadySeconds", Math.round(startup * 100) / 100.0);
                    v.put("idleRssMb", rss);
                    seconds.get(variant.name()).forEach(v.putArray("startToReadyRuns")::add);
                    rssMb.get(variant.name()).forEach(v.putArray("idleRssRunsMb")::add);
                    parts.add(String.format(Locale.ROOT, "%s %.2f s / %d MB", variant.name(), startup, rss));
                }
                line.add(app.module + " " + String.join(", ", parts));
            }
        } finally {
            System.clearProperty("sandesh.stack.aot");
        }
        if (cold) {
            ObjectNode coldNode = json.putObject("cold");
            coldNode.put("limit", COLD_RATE);
            coldNode.put("recipients", COLD_RATE * COLD_SECONDS);
            coldNode.put("measuredOver", "a fresh stack's first campaign, from its first send to its last");
            List<String> parts = new ArrayList<>();
            for (Variant variant : variants) {
                variant.apply();
                double perSecond = coldRate(root, database, vhost, variant);
                coldNode.putObject(variant.name()).put("perSecond", Math.round(perSecond * 10) / 10.0)
                        .put("ratio", Math.round(perSecond / COLD_RATE * 1000) / 1000.0);
                parts.add(String.format(Locale.ROOT, "%s %.1f %%", variant.name(), 100 * perSecond / COLD_RATE));
            }
            System.clearProperty("sandesh.stack.aot");
            line.add("cold at 1,000/s: " + String.join(", ", parts));
        }
        json.put("loadAverageAfter", loadAverage());
        json.put("target", "JVM: start to ready < 2.5 s, idle RSS < 200 MB per service (DESIGN.md §7); cold >= 0.95 of the limit");
        json.put("nativeExpectation", "not measured here (no GraalVM on these machines): Quarkus native images of "
                + "services like these typically start in tens of milliseconds and idle at a few tens of MB RSS");
        String text = "startup (median of " + runs + "): " + String.join("; ", line);
        json.put("line", text);
        Path out = root.resolve("system-tests/results/startup.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        System.out.println(text);
    }

    /** The variants this checkout can run, the default one (what LocalStack does unasked) first. */
    private static List<Variant> variants(Path root) {
        List<Variant> variants = new ArrayList<>();
        boolean anyCache = Runtime.version().feature() >= 25 && java.util.Arrays.stream(LocalStack.App.values())
                .anyMatch(app -> Files.isRegularFile(root.resolve(app.module).resolve("target/quarkus-app/app.aot")));
        Map<String, String> own = new LinkedHashMap<>();
        for (LocalStack.App app : LocalStack.App.values()) {
            own.put("sandesh.stack.quarkus-app." + app.module, "");
        }
        if (anyCache) {
            Map<String, String> props = new LinkedHashMap<>(own);
            props.put("sandesh.stack.aot", "auto");
            variants.add(new Variant("aot-cache", props));
        }
        Map<String, String> noCache = new LinkedHashMap<>(own);
        noCache.put("sandesh.stack.aot", "off");
        variants.add(new Variant("no-cache", noCache));
        String fastJarRoot = System.getProperty("sandesh.bench.fast-jar-root", "").strip();
        if (!fastJarRoot.isEmpty()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("sandesh.stack.aot", "off");
            for (LocalStack.App app : LocalStack.App.values()) {
                props.put("sandesh.stack.quarkus-app." + app.module,
                        Path.of(fastJarRoot).resolve(app.module).resolve("target/quarkus-app").toString());
            }
            variants.add(new Variant("fast-jar", props));
        }
        return variants;
    }

    /** A fresh stack's first 20 seconds' worth of sends at 1,000/s: sends per second from the first to the last. */
    private static double coldRate(Path root, String database, String vhost, Variant variant) throws Exception {
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, COLD_RATE, 1_000,
                root.resolve("system-tests/target/stack-logs/startup-cold-" + variant.name())))) {
            stack.start(Duration.ofSeconds(180));
            SandeshClient client = new SandeshClient(stack);
            ObjectNode campaign = DemoAudience.campaign("cold start", COLD_RATE * COLD_SECONDS, 0, 0, 7);
            campaign.put("start", false);
            String id = client.createCampaign(campaign).requireStatus(201).body().path("id").asText();
            long base = client.simulatorAudit().requireStatus(200).body().path("accepted").asLong();
            client.startCampaign(id).requireStatus(200);
            long target = base + COLD_RATE * COLD_SECONDS;
            long firstCount = -1;
            long firstAt = 0;
            long lastCount = base;
            long lastProgressAt = System.nanoTime();
            while (lastCount < target) {
                Thread.sleep(20);
                long now = System.nanoTime();
                long count = client.simulatorAudit().requireStatus(200).body().path("accepted").asLong();
                if (count > lastCount) {
                    lastProgressAt = now;
                } else if (now - lastProgressAt > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("cold campaign stalled at " + (count - base) + "; see " + stack.log(LocalStack.App.SENDER));
                }
                if (firstCount < 0 && count > base) {
                    firstCount = count;
                    firstAt = now;
                }
                lastCount = count;
            }
            return (lastCount - firstCount) / ((lastProgressAt - firstAt) / 1e9);
        }
    }

    /** The 1-minute load average (/proc/loadavg), or -1. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    /** VmRSS of a process, in kB, from /proc (Linux). */
    static long rssKb(long pid) throws java.io.IOException {
        if (pid < 0) {
            return -1;
        }
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long medianLong(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
