package dev.sandesh.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of the fault suite's own, beside the machine's ({@code rabbit@localhost}, 5672,
 * shared by other tests and never stopped): Debian's rabbitmq-server run as the {@code rabbitmq}
 * user (so it shares that user's Erlang cookie with {@code rabbitmqctl}) under its own node name,
 * with its AMQP, distribution and management ports free ones on 127.0.0.1, its database and logs in
 * a temporary directory, and the management plugin enabled. The suite stops and starts the broker
 * application at will ({@link #stopApp()} / {@link #startApp()}, {@code rabbitmqctl -n <node>
 * stop_app/start_app}: the node and its data stay, the broker goes away for every client);
 * {@link #close()} stops the node and deletes its directory.
 */
public final class PrivateRabbitMq implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path RABBITMQCTL = Path.of("/usr/sbin/rabbitmqctl");
    private static final String OS_USER = "rabbitmq";
    private static final String PREFIX = "sandesh-faults-rabbitmq-";
    private static final String USER = "guest";
    private static final String PASSWORD = "guest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path base;
    private final String node;
    private final int amqpPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process server;

    private PrivateRabbitMq(Path base, String node, int amqpPort, int managementPort) {
        this.base = base;
        this.node = node;
        this.amqpPort = amqpPort;
        this.managementPort = managementPort;
    }

    /** Whether this machine has what the suite needs (Debian's rabbitmq-server package, runuser, root). */
    public static boolean available() {
        return Files.isExecutable(SERVER) && Files.isExecutable(RABBITMQCTL) && Files.isExecutable(Path.of("/usr/sbin/runuser"))
                && "root".equals(System.getProperty("user.name"));
    }

    /** Starts a fresh node on the given ports and waits until AMQP and the management API answer. */
    public static PrivateRabbitMq create(int amqpPort, int distPort, int managementPort) throws IOException, InterruptedException {
        cleanUpLeftovers();
        Path base = Files.createTempDirectory(PREFIX);
        String node = "sandesh-faults-" + ProcessHandle.current().pid() + "@localhost";
        PrivateRabbitMq broker = new PrivateRabbitMq(base, node, amqpPort, managementPort);
        try {
            Files.writeString(base.resolve("node"), node + "\n");
            Files.createDirectories(base.resolve("mnesia"));
            Files.createDirectories(base.resolve("log"));
            Files.writeString(base.resolve("enabled_plugins"), "[rabbitmq_management].\n");
            // Instead of /etc/rabbitmq/rabbitmq.conf, which binds the machine broker's 5672.
            Files.writeString(base.resolve("rabbitmq.conf"), """
                    listeners.tcp.1 = 127.0.0.1:%d
                    management.tcp.ip = 127.0.0.1
                    management.tcp.port = %d
                    collect_statistics_interval = 1000
                    """.formatted(amqpPort, managementPort));
            Commands.chown(base, OS_USER);
            ProcessBuilder builder = new ProcessBuilder("/usr/sbin/runuser", "-u", OS_USER, "--", SERVER.toString())
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.out").toFile()));
            Map<String, String> env = builder.environment();
            env.put("RABBITMQ_NODENAME", node);
            env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
            env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
            env.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
            env.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
            env.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
            env.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq.conf").toString());
            env.put("RABBITMQ_ADVANCED_CONFIG_FILE", base.resolve("advanced.config").toString());
            broker.server = builder.start();
            broker.awaitUp(Duration.ofMinutes(3));
            return broker;
        } catch (Throwable e) { // whatever went wrong, nothing of it stays running
            broker.close();
            throw e;
        }
    }

    public String node() {
        return node;
    }

    public int amqpPort() {
        return amqpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** Copies the node's logs into {@code dir} (the temporary directory goes at {@link #close()}). */
    public void copyLogsTo(Path dir) {
        Commands.copyTree(base.resolve("log"), dir);
        Commands.copyTree(base.resolve("server.out"), dir);
    }

    /** The broker goes away for every client ({@code rabbitmqctl stop_app}); the node keeps its queues. */
    public void stopApp() throws IOException, InterruptedException {
        rabbitmqctl("stop_app");
    }

    /** The broker comes back ({@code rabbitmqctl start_app}); waits until AMQP and the management API answer. */
    public void startApp() throws IOException, InterruptedException {
        rabbitmqctl("start_app");
        awaitUp(Duration.ofMinutes(2));
    }

    /** The messages waiting in a queue (ready, not yet delivered), or 0 when the queue does not exist. */
    public long depth(String vhost, String queue) throws IOException, InterruptedException {
        ConnectionFactory factory = connectionFactory(vhost);
        try (var connection = factory.newConnection("sandesh-faults-depth"); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException absent) {
            if (String.valueOf(absent.getCause()).contains("NOT_FOUND")) {
                return 0;
            }
            throw absent;
        } catch (TimeoutException e) {
            throw new IOException("the private RabbitMQ did not answer", e);
        }
    }

    public ConnectionFactory connectionFactory(String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(amqpPort);
        factory.setUsername(USER);
        factory.setPassword(PASSWORD);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** {@code GET /api/<path>} of the management API. */
    public JsonNode management(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/api/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("management API /api/" + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Makes a vhost (guest may do everything in it) and sets a policy on it, through the management
     * API: a few HTTP calls, where every {@code rabbitmqctl} call starts an Erlang VM (seconds each
     * on a loaded machine).
     */
    public void vhostWithPolicy(String vhost, String policy, String pattern, JsonNode definition) throws IOException, InterruptedException {
        String v = URLEncoder.encode(vhost, StandardCharsets.UTF_8);
        put("vhosts/" + v, JSON.createObjectNode());
        put("permissions/" + v + "/" + USER, JSON.createObjectNode().put("configure", ".*").put("write", ".*").put("read", ".*"));
        var body = JSON.createObjectNode().put("pattern", pattern).put("apply-to", "queues").put("priority", 0);
        body.set("definition", definition);
        put("policies/" + v + "/" + URLEncoder.encode(policy, StandardCharsets.UTF_8), body);
    }

    private void put(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/api/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("management API PUT /api/" + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The definition of a policy on a vhost, or a missing node. */
    public JsonNode policy(String vhost, String name) throws IOException, InterruptedException {
        for (JsonNode policy : management("policies/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8))) {
            if (name.equals(policy.path("name").asText())) {
                return policy;
            }
        }
        return JSON.missingNode();
    }

    @Override
    public void close() {
        try {
            if (server != null && server.isAlive()) {
                rabbitmqctl("stop");
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("faults: rabbitmqctl -n " + node + " stop failed: " + e.getMessage());
        }
        if (server != null) {
            try {
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Commands.deleteTree(base);
    }

    private String rabbitmqctl(String action) throws IOException, InterruptedException {
        return Commands.run(List.of(RABBITMQCTL.toString(), "-n", node, "-q", action), Duration.ofMinutes(2));
    }

    private void awaitUp(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "not tried";
        while (Instant.now().isBefore(deadline)) {
            if (server != null && !server.isAlive()) {
                throw new IOException("the private RabbitMQ exited (" + server.exitValue() + "); see " + base.resolve("server.out")
                        + " and " + base.resolve("log"));
            }
            try {
                management("overview");
                try (var connection = connectionFactory("/").newConnection("sandesh-faults-probe")) {
                    return;
                }
            } catch (IOException | TimeoutException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IOException("the private RabbitMQ " + node + " did not come up within " + timeout.toSeconds() + " s: " + last);
    }

    /** Stops and deletes the nodes of earlier runs that were killed before they could clean up. */
    private static void cleanUpLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                System.err.println("faults: removing a private RabbitMQ left by an earlier run: " + dir);
                Path nodeFile = dir.resolve("node");
                if (Files.isRegularFile(nodeFile)) {
                    String node = Files.readString(nodeFile).strip();
                    try {
                        Commands.run(List.of(RABBITMQCTL.toString(), "-n", node, "-q", "stop"), Duration.ofMinutes(1));
                    } catch (IOException | InterruptedException notRunning) {
                        // already gone
                    }
                }
                Commands.deleteTree(dir);
            }
        } catch (IOException e) {
            System.err.println("faults: could not look for leftovers in " + tmp + ": " + e.getMessage());
        }
    }
}
