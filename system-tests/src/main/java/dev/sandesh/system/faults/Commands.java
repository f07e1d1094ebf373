package dev.sandesh.system.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the command-line tools that start and stop the fault suite's private servers. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command} with {@code env} added, waits at most {@code timeout}, and answers its output; fails on a non-zero exit. */
    static String run(List<String> command, Map<String, String> env, Path directory, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        // Read on another thread, so that a tool that never exits is still timed out below.
        byte[][] output = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("(output unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
        reader.join(5_000);
        String text = output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + text);
        }
        return text;
    }

    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), null, timeout);
    }

    /** {@code chown -R user:user dir}: the servers run as their Debian users, not as root. */
    static void chown(Path dir, String user) throws IOException, InterruptedException {
        run(List.of("chown", "-R", user + ":" + user, dir.toString()), Duration.ofSeconds(30));
    }

    /** Copies a file, or a directory's files, into {@code dir} (replacing earlier copies); failures are named on stderr. */
    static void copyTree(Path source, Path dir) {
        if (!Files.exists(source)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            Files.createDirectories(dir);
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("faults: could not copy " + source + " to " + dir + ": " + e.getMessage());
        }
    }

    /** Deletes a directory tree; what cannot be deleted is left and named on stderr. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    System.err.println("faults: could not delete " + path + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            System.err.println("faults: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
