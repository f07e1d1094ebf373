package dev.sandesh.system.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the fault suite's own: Debian's PostgreSQL binaries, a cluster made by
 * {@code initdb} in a temporary directory, listening on 127.0.0.1 at a free port with trust
 * authentication, run as the {@code postgres} user (initdb refuses root). The suite stops and starts
 * it at will ({@link #stop()}, {@link #start()}); the machine's own PostgreSQL (5432), which other
 * tests share, is never touched. {@link #close()} stops it and deletes its directory.
 */
public final class PrivatePostgres implements AutoCloseable {

    /** Where Debian's postgresql-15 package puts initdb and pg_ctl; {@code -Dsandesh.faults.pg-bin} for another. */
    public static final Path BIN = Path.of(System.getProperty("sandesh.faults.pg-bin", "/usr/lib/postgresql/15/bin"));
    private static final String OS_USER = "postgres";
    /** Temporary directories of this class start so; {@link #cleanUpLeftovers()} finds those of a run that was killed. */
    private static final String PREFIX = "sandesh-faults-pg-";

    private final Path base;
    private final Path data;
    private final int port;
    private boolean running;

    private PrivatePostgres(Path base, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /** Whether this machine has what the suite needs (the binaries, runuser, root to switch user). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"))
                && Files.isExecutable(Path.of("/usr/sbin/runuser")) && "root".equals(System.getProperty("user.name"));
    }

    /** Makes a fresh cluster on {@code port} and starts it. */
    public static PrivatePostgres create(int port) throws IOException, InterruptedException {
        cleanUpLeftovers();
        Path base = Files.createTempDirectory(PREFIX);
        PrivatePostgres server = new PrivatePostgres(base, port);
        try {
            Commands.chown(base, OS_USER);
            server.asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", server.data.toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"), Duration.ofMinutes(2));
            // Appended as root; the file stays the postgres user's (only its contents change).
            Files.writeString(server.data.resolve("postgresql.conf"), """

                    # sandesh fault suite (system-tests FaultsBenchmark): a private, throw-away server
                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    max_connections = 300
                    shared_buffers = 64MB
                    fsync = off
                    synchronous_commit = off
                    full_page_writes = off
                    """.formatted(port, base), java.nio.file.StandardOpenOption.APPEND);
            server.start();
            return server;
        } catch (Throwable e) { // whatever went wrong, nothing of it stays running
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Path log() {
        return base.resolve("postgres.log");
    }

    /** Copies the server's log into {@code dir} (the temporary directory goes at {@link #close()}). */
    public void copyLogsTo(Path dir) {
        Commands.copyTree(log(), dir);
    }

    /** Starts the server and waits until it accepts logins. */
    public synchronized void start() throws IOException, InterruptedException {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log().toString(),
                "-w", "-t", "120", "start"), Duration.ofMinutes(3));
        running = true;
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try (var ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres")) {
                return;
            } catch (SQLException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the private PostgreSQL on port " + port + " does not accept logins: " + notYet.getMessage());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Stops the server as an operator's restart would ({@code pg_ctl stop -m fast}: clients disconnected, a clean checkpoint). */
    public synchronized void stop() throws IOException, InterruptedException {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "120", "stop"),
                Duration.ofMinutes(3));
        running = false;
    }

    public synchronized boolean running() {
        return running;
    }

    @Override
    public synchronized void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        Duration.ofMinutes(1));
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("faults: stopping the private PostgreSQL in " + data + " failed: " + e.getMessage());
        }
        running = false;
        Commands.deleteTree(base);
    }

    private String asPostgres(List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", OS_USER, "--"));
        full.addAll(command);
        return Commands.run(full, java.util.Map.of(), base, timeout);
    }

    /** Stops and deletes the servers of earlier runs that were killed before they could clean up. */
    private static void cleanUpLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                System.err.println("faults: removing a private PostgreSQL left by an earlier run: " + dir);
                new PrivatePostgres(dir, 0).close();
            }
        } catch (IOException e) {
            System.err.println("faults: could not look for leftovers in " + tmp + ": " + e.getMessage());
        }
    }
}
