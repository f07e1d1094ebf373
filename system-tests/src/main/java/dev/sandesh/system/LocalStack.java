package dev.sandesh.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.contracts.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole of Sandesh on one machine, as real processes: the Cloud API simulator and the three
 * services, each started from its fast-jar ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * against the PostgreSQL and RabbitMQ on localhost. Used by the demo and by the system tests.
 *
 * <p>Every run gets fresh secrets (access token, app secret, verify token, API key), so the
 * processes only work together if the configuration is wired the way the README says.
 */
public final class LocalStack implements AutoCloseable {

    /** The apps, in start order: each one's dependencies come before it. */
    public enum App {
        SIMULATOR("cloud-api-simulator", 8099),
        WEBHOOK("webhook-service", 8082),
        SENDER("sender-service", 8081),
        BROADCAST("broadcast-service", 8080);

        public final String module;
        public final int defaultPort;

        App(String module, int defaultPort) {
            this.module = module;
            this.defaultPort = defaultPort;
        }
    }

    /**
     * How to run the stack.
     *
     * @param repoRoot        the checkout, where each module's fast-jar is built
     * @param database        PostgreSQL database the services use
     * @param recreateDatabase drop and create {@code database} first (tests), or keep it (demo)
     * @param vhost           RabbitMQ virtual host (must exist: deploy/local/ensure-infra.sh makes it)
     * @param defaultPorts    use the documented ports (8080…8099) or free random ones
     * @param rate            messages/s: the sender's limit and the simulator's per-number limit
     * @param batchSize       recipients per SendBatch
     * @param logDir          where each app's stdout/stderr goes
     */
    public record Options(Path repoRoot, String database, boolean recreateDatabase, String vhost,
                          boolean defaultPorts, int rate, int batchSize, Path logDir) {
    }

    public static final String PHONE_NUMBER_ID = "106540352242922";
    /** The simulator's second number (a benchmark gives it limits of its own): one of broadcast's business numbers too. */
    public static final String SECOND_PHONE_NUMBER_ID = "106540352242923";
    /** The WABA whose template catalogue broadcast-service reads from the simulator's {@code message_templates}. */
    public static final String WABA_ID = "102290129340398";

    /**
     * Where the PostgreSQL and RabbitMQ the apps use answer. {@link #fromEnvironment()} is the
     * machine's own (deploy/local/ensure-infra.sh); the fault suite passes private servers of its
     * own, which it may stop without disturbing anyone else.
     */
    public record Infrastructure(String pgHost, int pgPort, String pgUser, String pgPassword,
                                 String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword) {

        /** {@code SANDESH_PG_*} and {@code SANDESH_RABBITMQ_*}, else localhost's defaults. */
        public static Infrastructure fromEnvironment() {
            return new Infrastructure(env("SANDESH_PG_HOST", "127.0.0.1"), Integer.parseInt(env("SANDESH_PG_PORT", "5432")),
                    env("SANDESH_PG_USER", "postgres"), env("SANDESH_PG_PASSWORD", "postgres"),
                    env("SANDESH_RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("SANDESH_RABBITMQ_PORT", "5672")),
                    env("SANDESH_RABBITMQ_USERNAME", "guest"), env("SANDESH_RABBITMQ_PASSWORD", "guest"));
        }

        @Override
        public String toString() {
            return "PostgreSQL " + pgHost + ":" + pgPort + ", RabbitMQ " + rabbitHost + ":" + rabbitPort; // no passwords
        }
    }

    private final Options options;
    private final Infrastructure infra;
    private final Map<App, Integer> ports = new EnumMap<>(App.class);
    private final Map<App, Process> processes = new EnumMap<>(App.class);
    /** More sender-service processes beside {@link App#SENDER} (pods sharing each number's rate): {@link #addSender}. */
    private final List<Process> extraSenders = new ArrayList<>();
    private final String accessToken = secret();
    private final String appSecret = secret();
    private final String verifyToken = secret();
    private final String apiKey = secret();
    /** sandesh.internal.secret of this run: the same for the three services (signs messages, /internal bearer). */
    private final String internalSecret = secret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The stack as the system tests run it: database {@code sandesh_systest} recreated, vhost
     * {@code sandesh-systest}, random free ports, logs under {@code system-tests/target/stack-logs/<test>},
     * started and ready.
     */
    public static LocalStack forSystemTest(Class<?> test, int rate, int batchSize) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.repo.root", "..")).toAbsolutePath().normalize();
        var stack = new LocalStack(new Options(root, "sandesh_systest", true, "sandesh-systest", false, rate, batchSize,
                root.resolve("system-tests/target/stack-logs/" + test.getSimpleName())));
        try {
            return stack.start(Duration.ofSeconds(120));
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    public LocalStack(Options options) {
        this(options, Infrastructure.fromEnvironment());
    }

    public LocalStack(Options options, Infrastructure infra) {
        this.options = options;
        this.infra = infra;
        for (App app : App.values()) {
            ports.put(app, options.defaultPorts() ? app.defaultPort : freePort());
        }
    }

    /** Prepares the database and broker, then starts the four apps and waits until each is ready. */
    public LocalStack start(Duration readyTimeout) throws IOException, InterruptedException, TimeoutException {
        for (App app : App.values()) {
            Path jar = jar(app);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
            }
            if (options.defaultPorts() && portInUse(port(app))) {
                throw new IllegalStateException(app.module + "'s port " + port(app) + " is taken: is another Sandesh running?");
            }
        }
        prepareDatabase();
        clearQueues();
        Files.createDirectories(options.logDir());
        for (App app : App.values()) {
            processes.put(app, launch(app));
        }
        Instant deadline = Instant.now().plus(readyTimeout);
        for (App app : App.values()) {
            awaitReady(app, deadline);
        }
        return this;
    }

    public int port(App app) {
        return ports.get(app);
    }

    public URI uri(App app, String path) {
        return URI.create("http://127.0.0.1:" + port(app) + path);
    }

    /** The bearer token of the services' /internal endpoints in this run. */
    public String internalSecret() {
        return internalSecret;
    }

    public String apiKey() {
        return apiKey;
    }

    public String accessToken() {
        return accessToken;
    }

    public String appSecret() {
        return appSecret;
    }

    public String verifyToken() {
        return verifyToken;
    }

    public Options options() {
        return options;
    }

    public Infrastructure infrastructure() {
        return infra;
    }

    public Path log(App app) {
        return options.logDir().resolve(app.module + ".log");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + infra.pgHost() + ":" + infra.pgPort() + "/" + options.database();
    }

    public java.sql.Connection openDatabase() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), infra.pgUser(), infra.pgPassword());
    }

    public boolean isRunning(App app) {
        Process process = processes.get(app);
        return process != null && process.isAlive();
    }

    /** The operating-system process id of a running app (for memory readings), or -1. */
    public long pid(App app) {
        Process process = processes.get(app);
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Stops one app (SIGTERM, then SIGKILL after 10 s; after 180 s while it records its AOT cache,
     * which the JVM assembles as it exits).
     */
    public void stop(App app) throws InterruptedException {
        stop(app, Duration.ofSeconds(aotMode() == AotMode.RECORD ? 180 : 10));
    }

    /**
     * Stops one app with SIGTERM (a deploy, Knative scaling in) and gives it {@code grace} to exit
     * by itself before SIGKILL.
     *
     * @return milliseconds from the SIGTERM until it exited by itself; -1 when it had to be killed
     *         (or was not running)
     */
    public long stop(App app, Duration grace) throws InterruptedException {
        Process process = processes.remove(app);
        if (process == null) {
            return -1;
        }
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Kills one app at once (SIGKILL), as a crash would. */
    public void kill(App app) throws InterruptedException {
        Process process = processes.remove(app);
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts an app that was stopped or killed, and waits until it is ready. */
    public void restart(App app, Duration readyTimeout) throws IOException, InterruptedException, TimeoutException {
        stop(app);
        processes.put(app, launch(app));
        awaitReady(app, Instant.now().plus(readyTimeout));
    }

    /**
     * Starts one more sender-service process, on a port of its own and with its own log
     * ({@code sender-service-<n>.log}), configured like {@link App#SENDER}: several senders then
     * consume the same queue and share each number's rate. Waits until it is ready.
     *
     * @return its number: 1 for the first added, … ({@link #killSender})
     */
    public int addSender(Duration readyTimeout) throws IOException, InterruptedException, TimeoutException {
        int n = extraSenders.size() + 1;
        int port = freePort();
        Path log = options.logDir().resolve(App.SENDER.module + "-" + n + ".log");
        Process process = launch(App.SENDER, port, log);
        extraSenders.add(process);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(readyTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sender " + n + " exited during start-up; see " + log + "\n" + tail(log, 30));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return n;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("sender " + n + " was not ready in time; see " + log + "\n" + tail(log, 30));
    }

    /** Kills a sender added by {@link #addSender} at once (SIGKILL), as a crash would. */
    public void killSender(int n) throws InterruptedException {
        extraSenders.get(n - 1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process sender : extraSenders) {
            sender.destroy();
        }
        for (Process sender : extraSenders) {
            if (!sender.waitFor(10, TimeUnit.SECONDS)) {
                sender.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        List<App> reverse = new ArrayList<>(List.of(App.values()));
        java.util.Collections.reverse(reverse);
        for (App app : reverse) {
            Process process = processes.get(app);
            if (process != null) {
                process.destroy();
            }
        }
        for (App app : reverse) {
            stop(app);
        }
    }

    private Process launch(App app) throws IOException {
        return launch(app, port(app), log(app));
    }

    private Process launch(App app, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        command.addAll(aotArgs(app));
        // Extra JVM flags for one app, e.g. -Dsandesh.stack.jvm-args.sender-service="-XX:StartFlightRecording=filename=s.jfr"
        String extra = System.getProperty("sandesh.stack.jvm-args." + app.module, "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(systemProperties(app));
        command.add("-jar");
        command.add(jar(app).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(options.repoRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(secrets(app));
        return builder.start();
    }

    /** Non-secret configuration, as system properties: unambiguous key names, visible in `ps`. */
    private List<String> systemProperties(App app) {
        List<String> props = new ArrayList<>();
        if (app != App.SIMULATOR) {
            props.add("-Dquarkus.datasource.reactive.url=postgresql://" + infra.pgHost() + ":" + infra.pgPort() + "/" + options.database());
            props.add("-Dquarkus.datasource.jdbc.url=" + jdbcUrl());
            props.add("-Dquarkus.datasource.username=" + infra.pgUser());
            props.add("-Drabbitmq-host=" + infra.rabbitHost());
            props.add("-Drabbitmq-port=" + infra.rabbitPort());
            props.add("-Drabbitmq-username=" + infra.rabbitUser());
            props.add("-Drabbitmq-virtual-host=" + options.vhost());
        }
        switch (app) {
            case SIMULATOR -> {
                props.add("-Dsandesh.simulator.webhook-url=" + uri(App.WEBHOOK, "/webhooks/whatsapp"));
                props.add("-Dsandesh.simulator.rate=" + options.rate());
                props.add("-Dsandesh.simulator.phone-number-ids=" + PHONE_NUMBER_ID);
                props.add("-Dsandesh.simulator.waba-id=" + WABA_ID);
            }
            case SENDER -> {
                props.add("-Dsandesh.cloud-api.base-url=" + uri(App.SIMULATOR, ""));
                props.add("-Dsandesh.sender.rate=" + options.rate());
            }
            case BROADCAST -> {
                props.add("-Dsandesh.webhook-service.url=" + uri(App.WEBHOOK, ""));
                props.add("-Dsandesh.broadcast.phone-number-id=" + PHONE_NUMBER_ID);
                props.add("-Dsandesh.broadcast.phone-number-ids=" + SECOND_PHONE_NUMBER_ID);
                props.add("-Dsandesh.broadcast.batch-size=" + options.batchSize());
                // The template catalogue comes from the simulator's message_templates, as it would from Meta.
                props.add("-Dsandesh.cloud-api.base-url=" + uri(App.SIMULATOR, ""));
                props.add("-Dsandesh.cloud-api.waba-id=" + WABA_ID);
                // Pages of 10, as the simulator lists them by default: its 16 templates take two pages, so
                // every run follows paging.next the way a WABA with hundreds of templates makes it.
                props.add("-Dsandesh.cloud-api.templates-page-size=10");
            }
            case WEBHOOK -> {
            }
        }
        return props;
    }

    /** Secrets travel as environment variables, never on the command line. */
    private Map<String, String> secrets(App app) {
        Map<String, String> env = new java.util.HashMap<>();
        if (app != App.SIMULATOR) {
            env.put("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
            env.put("RABBITMQ_PASSWORD", infra.rabbitPassword());
            env.put("SANDESH_INTERNAL_SECRET", internalSecret);
        }
        switch (app) {
            case SIMULATOR -> {
                env.put("SANDESH_SIMULATOR_ACCESS_TOKEN", accessToken);
                env.put("SANDESH_SIMULATOR_APP_SECRET", appSecret);
            }
            case SENDER -> env.put("SANDESH_CLOUD_API_ACCESS_TOKEN", accessToken);
            case WEBHOOK -> {
                env.put("SANDESH_WEBHOOK_APP_SECRET", appSecret);
                env.put("SANDESH_WEBHOOK_VERIFY_TOKEN", verifyToken);
            }
            case BROADCAST -> {
                env.put("SANDESH_API_KEYS", apiKey);
                env.put("SANDESH_CLOUD_API_ACCESS_TOKEN", accessToken);
            }
        }
        return env;
    }

    private void awaitReady(App app, Instant deadline) throws InterruptedException, TimeoutException {
        HttpRequest ready = HttpRequest.newBuilder(uri(app, "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            Process process = processes.get(app);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(app.module + " exited during start-up; see " + log(app) + "\n" + tail(log(app), 30));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50); // fine enough for the start-up benchmark's start-to-ready figure
        }
        throw new TimeoutException(app.module + " was not ready in time; see " + log(app) + "\n" + tail(log(app), 30));
    }

    private void prepareDatabase() {
        String admin = "jdbc:postgresql://" + infra.pgHost() + ":" + infra.pgPort() + "/postgres";
        try (var connection = DriverManager.getConnection(admin, infra.pgUser(), infra.pgPassword());
             var statement = connection.createStatement()) {
            if (options.recreateDatabase()) {
                statement.execute("drop database if exists " + options.database() + " with (force)");
            }
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + options.database() + "'");
            if (!exists.next()) {
                statement.execute("create database " + options.database());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + options.database() + " on " + admin
                    + " (run deploy/local/ensure-infra.sh): " + e.getMessage(), e);
        }
    }

    /**
     * Starts the run with empty queues: a previous run that was stopped halfway may have left
     * batches or outcomes behind, which would otherwise be sent in this one.
     */
    private void clearQueues() throws IOException {
        ConnectionFactory factory = rabbit();
        try (Connection connection = factory.newConnection("sandesh-local-stack")) {
            for (Topology.Route route : Topology.ROUTES) {
                for (String queue : List.of(route.queue(), route.deadLetterQueue())) {
                    Channel channel = connection.createChannel();
                    try {
                        channel.queuePurge(queue);
                    } catch (IOException absent) {
                        // a queue that does not exist yet holds nothing (and the broker closed the channel)
                    } finally {
                        if (channel.isOpen()) {
                            channel.abort();
                        }
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not answer", e);
        } catch (IOException e) {
            throw new IOException("cannot reach RabbitMQ vhost '" + options.vhost() + "' on " + infra.rabbitHost() + ":" + infra.rabbitPort()
                    + " (run deploy/local/ensure-infra.sh): " + e.getMessage(), e);
        }
    }

    public ConnectionFactory rabbit() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(infra.rabbitHost());
        factory.setPort(infra.rabbitPort());
        factory.setUsername(infra.rabbitUser());
        factory.setPassword(infra.rabbitPassword());
        factory.setVirtualHost(options.vhost());
        return factory;
    }

    /** How the apps use the JDK's AOT cache ({@code -Dsandesh.stack.aot}). */
    public enum AotMode {
        /** {@code -XX:AOTCache=<quarkus-app>/app.aot} when that file exists and this JDK is 25 or newer (the default). */
        AUTO,
        /** Never: every app starts without a cache. */
        OFF,
        /** A training run: {@code -XX:AOTCacheOutput=<quarkus-app>/app.aot}, written as the app exits. */
        RECORD
    }

    /** Read at each launch, so a benchmark can start one app with and one without. */
    public static AotMode aotMode() {
        return AotMode.valueOf(System.getProperty("sandesh.stack.aot", "auto").strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** The AOT cache of an app's build (Quarkus' aot-jar packaging, root pom profile {@code aot}). */
    public Path aotCache(App app) {
        return jar(app).resolveSibling("app.aot");
    }

    /**
     * JVM flags for the JDK's AOT cache (JEP 483/514/515: classes loaded and linked, and method
     * profiles, from a training run). A cache only fits the JDK that wrote it and the jars it was
     * trained with; the JVM checks both and, on a mismatch, warns and runs without it.
     */
    private List<String> aotArgs(App app) {
        if (Runtime.version().feature() < 25 || !isAotJar(app)) {
            return List.of();
        }
        return switch (aotMode()) {
            case OFF -> List.of();
            case RECORD -> List.of("-XX:AOTCacheOutput=" + aotCache(app));
            case AUTO -> Files.isRegularFile(aotCache(app)) ? List.of("-XX:AOTCache=" + aotCache(app)) : List.of();
        };
    }

    /**
     * Whether the app was packaged as Quarkus' aot-jar (every class on the JDK's class path, which
     * the AOT cache needs; the fast-jar loads them through Quarkus' own class loader): its
     * quarkus-run.jar then names the application's jars ({@code lib/main/...}) in its manifest's
     * Class-Path, where a fast-jar names only its boot jars ({@code lib/boot/...}).
     */
    private boolean isAotJar(App app) {
        try (var jar = new java.util.jar.JarFile(jar(app).toFile())) {
            var manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            return classPath != null && classPath.contains("lib/main/");
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * {@code <module>/target/quarkus-app/quarkus-run.jar}, or under the directory named by
     * {@code -Dsandesh.stack.quarkus-app.<module>} (a benchmark comparing two builds of an app).
     */
    private Path jar(App app) {
        String other = System.getProperty("sandesh.stack.quarkus-app." + app.module, "").strip();
        Path dir = other.isEmpty() ? options.repoRoot().resolve(app.module).resolve("target/quarkus-app") : Path.of(other);
        return dir.resolve("quarkus-run.jar");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * A port free now, below the kernel's ephemeral range: a port from that range (what
     * {@code new ServerSocket(0)} returns) may be taken, before the app binds it, by an outgoing
     * connection of another app (to PostgreSQL, RabbitMQ), and the app then fails to start.
     */
    public static int freePort() {
        int below = ephemeralRangeStart();
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 10_000 + random.nextInt(Math.max(1, below - 10_000));
            if (!PORTS_HANDED_OUT.contains(candidate) && bindable(candidate)) {
                PORTS_HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ports this JVM handed out already (stacks started one after another must not share one). */
    private static final java.util.Set<Integer> PORTS_HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768; // Linux's default; other systems use 49152 and up
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean portInUse(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException free) {
            return false;
        }
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
