package dev.sandesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One overlay of {@code k8s/overlays}, rendered by {@code kubectl kustomize} (or a standalone
 * {@code kustomize build}), as the YAML objects it would apply.
 */
record Rendered(String overlay, List<ObjectNode> objects) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Path repoRoot() {
        String root = System.getProperty("sandesh.repo.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    /** Every directory under k8s/overlays that holds a kustomization, e.g. {@code dev}, {@code dev/data}. */
    static List<String> overlays() throws IOException {
        Path overlays = repoRoot().resolve("k8s/overlays");
        try (Stream<Path> walk = Files.walk(overlays)) {
            return walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> overlays.relativize(p.getParent()).toString())
                    .sorted()
                    .toList();
        }
    }

    static Rendered of(String overlay) throws IOException, InterruptedException {
        Path dir = repoRoot().resolve("k8s/overlays").resolve(overlay);
        List<String> command = new ArrayList<>(renderer());
        command.add(dir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + err);
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(out)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        return new Rendered(overlay, objects);
    }

    /**
     * {@code $KUBECTL kustomize}, else {@code kubectl kustomize}, else {@code kustomize build}. kubectl's
     * embedded kustomize must be v5 (kubectl 1.27 or newer): the tree uses {@code labels:} and targeted
     * {@code patches:}, which Debian's kubernetes-client 1.20 (kustomize v2) does not know.
     */
    static List<String> renderer() {
        String kubectl = Optional.ofNullable(System.getenv("KUBECTL")).orElse("kubectl");
        if (runs(kubectl, "version", "--client")) {
            return List.of(kubectl, "kustomize");
        }
        if (runs("kustomize", "version")) {
            return List.of("kustomize", "build");
        }
        throw new AssertionError("neither kubectl (1.27 or newer) nor kustomize (v5) is on PATH; install one"
                + " (k8s/README.md, \"Checking the manifests\") or point $KUBECTL at it");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    List<ObjectNode> ofKind(String apiGroup, String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> o.path("apiVersion").asText().startsWith(apiGroup + "/")
                        || (apiGroup.isEmpty() && !o.path("apiVersion").asText().contains("/")))
                .toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(name(o)))
                .findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }
}
