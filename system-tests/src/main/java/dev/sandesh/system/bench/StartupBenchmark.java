package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How long each service's JVM takes from process start to {@code /q/health/ready} answering 200,
 * and how much memory it holds once idle — the figures every Knative scale-from-zero pays. The
 * stack is started once (so each app finds its database, broker and peers), then each app in turn
 * is stopped and started again alone, {@code --runs} times, while the others sit idle; after
 * {@code --idle} seconds its resident set size is read from {@code /proc/<pid>/status}. Medians are
 * reported. Prints {@code startup: …} and writes {@code system-tests/results/startup.json}.
 *
 * <pre>deploy/local/bench.sh startup   (or java -cp … dev.sandesh.system.bench.StartupBenchmark [--runs 3] [--idle 5])</pre>
 *
 * Native images cannot be built on the development machines (no GraalVM); their figures are stated
 * as expectations in the results file, not measured.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int idle = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: StartupBenchmark [--runs N] [--idle SECONDS]");
            }
        }
        if (runs < 1 || runs > 20 || idle < 0 || idle > 120) {
            throw new IllegalArgumentException("--runs 1..20, --idle 0..120");
        }
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        ObjectNode json = SandeshClient.json().createObjectNode();
        json.put("benchmark", "startup");
        json.put("at", java.time.Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("runs", runs);
        json.put("idleSeconds", idle);
        json.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        ArrayNode apps = json.putArray("apps");
        List<String> line = new ArrayList<>();
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, 80, 100,
                root.resolve("system-tests/target/stack-logs/startup")))) {
            stack.start(Duration.ofSeconds(180));
            for (LocalStack.App app : LocalStack.App.values()) {
                List<Double> seconds = new ArrayList<>();
                List<Long> rssMb = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    stack.stop(app);
                    long start = System.nanoTime();
                    stack.restart(app, Duration.ofSeconds(60));
                    seconds.add((System.nanoTime() - start) / 1e9);
                    Thread.sleep(idle * 1000L);
                    rssMb.add(rssKb(stack.pid(app)) / 1024);
                }
                double startup = median(seconds);
                long rss = medianLong(rssMb);
                ObjectNode node = apps.addObject();
                node.put("app", app.module);
                node.put("startToReadySeconds", Math.round(startup * 100) / 100.0);
                node.put("idleRssMb", rss);
                seconds.forEach(node.putArray("startToReadyRuns")::add);
                rssMb.forEach(node.putArray("idleRssRunsMb")::add);
                line.add(String.format(Locale.ROOT, "%s %.2f s / %d MB", app.module, startup, rss));
            }
        }
        json.put("target", "JVM: start to ready < 2.5 s, idle RSS < 200 MB per service (DESIGN.md §7)");
        json.put("nativeExpectation", "not measured here (no GraalVM on these machines): Quarkus native images of "
                + "services like these typically start in tens of milliseconds and idle at a few tens of MB RSS");
        String text = "startup (median of " + runs + "): " + String.join(", ", line);
        json.put("line", text);
        Path out = root.resolve("system-tests/results/startup.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        System.out.println(text);
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
