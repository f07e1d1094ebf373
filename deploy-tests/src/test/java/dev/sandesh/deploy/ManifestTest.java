package dev.sandesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.contracts.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k8s/ tree, checked without a cluster (k8s/README.md, "Checking the manifests"): every overlay renders,
 * every object fits the published schema of its kind ({@link Schema}), and the objects are wired to each
 * other, to the apps' endpoints and to {@code contracts}' topology as a real apply needs.
 */
class ManifestTest {

    /** The Knative Services that must scale to zero (DESIGN.md §6). */
    private static final List<String> SERVICES = List.of("broadcast-service", "sender-service", "webhook-service");

    /** Keys the operators generate into their Secrets (CloudNativePG's -app, RabbitMQ's -default-user). */
    private static final Map<String, Set<String>> GENERATED_SECRETS = Map.of(
            "sandesh-postgres-app", Set.of("username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass"),
            "sandesh-rabbitmq-default-user", Set.of("username", "password", "host", "port", "provider", "type",
                    "default_user.conf"));

    private static final Map<String, Rendered> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String overlay : Rendered.overlays()) {
            RENDERED.put(overlay, Rendered.of(overlay));
        }
    }

    @Test
    void everyOverlayIsFoundAndTheAppOverlaysCarryTheAppsWhileTheDataOverlaysCarryTheData() {
        assertThat(RENDERED.keySet()).contains("dev", "dev/data", "prod", "prod/data");
        for (var entry : RENDERED.entrySet()) {
            Rendered r = entry.getValue();
            boolean data = entry.getKey().endsWith("data");
            // An undeploy (kubectl delete -k <app overlay>) must never delete the namespace or the stores.
            assertThat(r.ofKind("Namespace").isEmpty()).as(entry.getKey() + " namespace").isEqualTo(!data);
            assertThat(r.ofKind("rabbitmq.com", "RabbitmqCluster").isEmpty()).as(entry.getKey()).isEqualTo(!data);
            assertThat(r.ofKind("postgresql.cnpg.io", "Cluster").isEmpty()).as(entry.getKey()).isEqualTo(!data);
            assertThat(r.ofKind("serving.knative.dev", "Service").isEmpty()).as(entry.getKey()).isEqualTo(data);
            for (ObjectNode o : r.objects()) {
                if (!o.path("kind").asText().equals("Namespace")) {
                    assertThat(o.path("metadata").path("namespace").asText()).as(Rendered.describe(o)).isEqualTo("sandesh");
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyObjectFitsItsKindsSchema() {
        return RENDERED.values().stream().flatMap(r -> r.objects().stream().map(o -> DynamicTest.dynamicTest(
                r.overlay() + ": " + Rendered.describe(o),
                () -> assertThat(Schema.problems(o)).as(Rendered.describe(o)).isEmpty())));
    }

    @Test
    void theSchemaCheckRejectsUnknownFieldsInTypedAndCustomKinds() throws Exception {
        // The check itself: a misspelt field must not pass, in a typed model or in a custom kind.
        JsonNode ksvc = Rendered.YAML.readTree("""
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - image: i
                          readinessProbe: {httpGet: {pth: /q/health/ready}}
                """);
        assertThat(Schema.problems(ksvc)).singleElement().asString().contains("pth");
        JsonNode source = Rendered.YAML.readTree("""
                apiVersion: sources.knative.dev/v1alpha1
                kind: RabbitmqSource
                metadata: {name: x}
                spec: {rabbitmqResourcesConfig: {parallelizm: 4}}
                """);
        assertThat(Schema.problems(source)).singleElement().asString().contains("parallelizm");
    }

    @Test
    void everySourceSinkNamesAKnativeServiceOfTheOverlayAndAPathThatAppServes() throws IOException {
        for (Rendered r : apps()) {
            List<ObjectNode> sources = new ArrayList<>(r.ofKind("sources.knative.dev", "RabbitmqSource"));
            sources.addAll(r.ofKind("sources.knative.dev", "PingSource"));
            assertThat(sources).as(r.overlay()).isNotEmpty();
            for (ObjectNode source : sources) {
                JsonNode sink = source.path("spec").path("sink");
                String service = sink.path("ref").path("name").asText();
                assertThat(sink.path("ref").path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
                assertThat(sink.path("ref").path("kind").asText()).isEqualTo("Service");
                assertThat(r.find("Service", service)).as(r.overlay() + ": sink of " + Rendered.describe(source)).isPresent();
                String path = sink.path("uri").asText();
                assertThat(servedPaths(service)).as(service + " serves the sink path of " + Rendered.describe(source))
                        .anyMatch(served -> matches(served, path));
            }
        }
    }

    @Test
    void queuesExchangesBindingsAndTheDeadLetterPolicyAreContractsTopology() {
        for (Rendered r : apps()) {
            Map<String, JsonNode> queues = byName(r, "Queue");
            Map<String, JsonNode> exchanges = byName(r, "Exchange");
            Set<String> bindings = r.ofKind("rabbitmq.com", "Binding").stream()
                    .map(b -> b.path("spec").path("source").asText() + " -" + b.path("spec").path("routingKey").asText()
                            + "-> " + b.path("spec").path("destination").asText())
                    .collect(Collectors.toSet());
            Set<String> expectedQueues = new TreeSet<>();
            Set<String> expectedExchanges = new TreeSet<>(Set.of(Topology.DEAD_LETTER_EXCHANGE));
            Set<String> expectedBindings = new TreeSet<>();
            for (Topology.Route route : Topology.ROUTES) {
                expectedQueues.add(route.queue());
                expectedQueues.add(route.deadLetterQueue());
                expectedExchanges.add(route.exchange());
                expectedBindings.add(route.exchange() + " -#-> " + route.queue());
                expectedBindings.add(Topology.DEAD_LETTER_EXCHANGE + " -" + route.queue() + "-> " + route.deadLetterQueue());

                JsonNode queue = queues.get(route.queue());
                assertThat(queue).as(route.queue()).isNotNull();
                assertThat(queue.path("type").asText()).isEqualTo("quorum");
                assertThat(queue.path("arguments").path("x-dead-letter-exchange").asText()).isEqualTo(Topology.DEAD_LETTER_EXCHANGE);
                assertThat(queue.path("arguments").path("x-dead-letter-routing-key").asText()).isEqualTo(route.queue());
                JsonNode dlq = queues.get(route.deadLetterQueue());
                assertThat(dlq.path("type").asText()).as(route.deadLetterQueue()).isEqualTo("quorum");
                for (JsonNode q : List.of(queue, dlq)) {
                    assertThat(q.path("durable").asBoolean()).isTrue();
                    assertThat(q.path("deletionPolicy").asText()).as("an undeploy keeps " + q.path("name")).isEqualTo("retain");
                }
                assertThat(exchanges.get(route.exchange()).path("type").asText()).isEqualTo("topic");
            }
            assertThat(exchanges.get(Topology.DEAD_LETTER_EXCHANGE).path("type").asText()).isEqualTo("direct");
            assertThat(queues.keySet()).as(r.overlay()).isEqualTo(expectedQueues);
            assertThat(exchanges.keySet()).as(r.overlay()).isEqualTo(expectedExchanges);
            assertThat(new TreeSet<>(bindings)).as(r.overlay()).isEqualTo(expectedBindings);

            // At-least-once dead-lettering for every work queue, and for no DLQ.
            List<ObjectNode> policies = r.ofKind("rabbitmq.com", "Policy");
            assertThat(policies).hasSize(1);
            JsonNode policy = policies.get(0).path("spec");
            assertThat(policy.path("definition").path("dead-letter-strategy").asText()).isEqualTo("at-least-once");
            assertThat(policy.path("definition").path("overflow").asText()).isEqualTo("reject-publish");
            // A message that crashes its consumer is dead-lettered after 20 deliveries (issue 13).
            assertThat(policy.path("definition").path("delivery-limit").isInt()).isTrue();
            assertThat(policy.path("definition").path("delivery-limit").asInt()).isEqualTo(20);
            assertThat(policy.path("applyTo").asText()).isEqualTo("queues");
            Pattern pattern = Pattern.compile(policy.path("pattern").asText());
            for (Topology.Route route : Topology.ROUTES) {
                assertThat(pattern.matcher(route.queue()).find()).as(route.queue()).isTrue();
                assertThat(pattern.matcher(route.deadLetterQueue()).find()).as(route.deadLetterQueue()).isFalse();
            }

            // Under %knative the AMQP consumers are off: every queue an app consumes needs exactly one
            // RabbitmqSource, predeclared, whose sink is that app; and every source reads a contracts queue.
            Map<String, String> consumerOf = consumers();
            Map<String, String> sinkOf = new LinkedHashMap<>();
            for (ObjectNode source : r.ofKind("sources.knative.dev", "RabbitmqSource")) {
                JsonNode config = source.path("spec").path("rabbitmqResourcesConfig");
                String queue = config.path("queueName").asText();
                assertThat(expectedQueues).as(Rendered.describe(source)).contains(queue);
                assertThat(config.path("predeclared").asBoolean()).isTrue();
                assertThat(source.path("spec").path("rabbitmqClusterReference").path("name").asText()).isEqualTo("sandesh-rabbitmq");
                assertThat(sinkOf.put(queue, source.path("spec").path("sink").path("ref").path("name").asText()))
                        .as("two sources on " + queue).isNull();
            }
            assertThat(sinkOf).as(r.overlay() + ": the RabbitmqSource of each queue an app consumes").isEqualTo(consumerOf);
        }
    }

    @Test
    void everyConfigMapAndSecretKeyAnAppReferencesExists() throws IOException {
        Set<String> templateKeys = new HashSet<>();
        Rendered.YAML.readTree(Rendered.repoRoot().resolve("k8s/base/secret.template.yaml").toFile())
                .path("stringData").fieldNames().forEachRemaining(templateKeys::add);
        for (Rendered r : apps()) {
            for (ObjectNode ksvc : r.ofKind("serving.knative.dev", "Service")) {
                for (JsonNode container : ksvc.path("spec").path("template").path("spec").path("containers")) {
                    String where = r.overlay() + ": " + Rendered.describe(ksvc);
                    for (JsonNode from : container.path("envFrom")) {
                        String cm = from.path("configMapRef").path("name").asText();
                        assertThat(r.find("ConfigMap", cm)).as(where + " envFrom " + cm).isPresent();
                    }
                    Set<String> names = new HashSet<>();
                    for (JsonNode env : container.path("env")) {
                        assertThat(names.add(env.path("name").asText())).as(where + " env twice: " + env.path("name")).isTrue();
                        JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
                        JsonNode cmRef = env.path("valueFrom").path("configMapKeyRef");
                        if (!secretRef.isMissingNode()) {
                            String secret = secretRef.path("name").asText();
                            String key = secretRef.path("key").asText();
                            Set<String> keys = secret.equals("sandesh-secrets") ? templateKeys : GENERATED_SECRETS.get(secret);
                            assertThat(keys).as(where + ": unknown Secret " + secret).isNotNull();
                            assertThat(keys).as(where + ": Secret " + secret).contains(key);
                        }
                        if (!cmRef.isMissingNode()) {
                            JsonNode cm = r.find("ConfigMap", cmRef.path("name").asText()).orElseThrow();
                            assertThat(cm.path("data").has(cmRef.path("key").asText())).as(where).isTrue();
                        }
                    }
                }
            }
            // The ConfigMap names the cluster-local hosts and operator Services that exist in the overlay.
            JsonNode config = r.ofKind("ConfigMap").stream().filter(c -> Rendered.name(c).startsWith("sandesh-config-"))
                    .findFirst().orElseThrow().path("data");
            assertThat(config.path("QUARKUS_PROFILE").asText()).isEqualTo("knative");
            assertThat(config.path("SANDESH_WEBHOOK_SERVICE_URL").asText()).isEqualTo("http://webhook-service.sandesh.svc.cluster.local");
            assertThat(config.path("RABBITMQ_HOST").asText()).isEqualTo("sandesh-rabbitmq");
            assertThat(config.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText()).startsWith("postgresql://sandesh-postgres-rw:5432/sandesh");
        }
        Rendered data = RENDERED.get("dev/data");
        assertThat(data.find("RabbitmqCluster", "sandesh-rabbitmq")).isPresent();
        assertThat(data.find("Cluster", "sandesh-postgres")).get()
                .satisfies(c -> assertThat(c.path("spec").path("bootstrap").path("initdb").path("database").asText()).isEqualTo("sandesh"));
    }

    @Test
    void theThreeServicesScaleToZeroProbeQuarkusHealthAndStayClusterLocal() {
        for (Rendered r : apps()) {
            for (String name : SERVICES) {
                JsonNode ksvc = r.find("Service", name).orElseThrow();
                assertThat(ksvc.path("metadata").path("annotations").path("autoscaling.knative.dev/min-scale").isMissingNode()).isTrue();
                assertThat(ksvc.path("spec").path("template").path("metadata").path("annotations")
                        .path("autoscaling.knative.dev/min-scale").asText()).as(r.overlay() + " " + name).isEqualTo("0");
            }
            for (ObjectNode ksvc : r.ofKind("serving.knative.dev", "Service")) {
                String where = r.overlay() + ": " + Rendered.describe(ksvc);
                assertThat(ksvc.path("metadata").path("labels").path("networking.knative.dev/visibility").asText())
                        .as(where).isEqualTo("cluster-local");
                JsonNode container = ksvc.path("spec").path("template").path("spec").path("containers").get(0);
                assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(where).isEqualTo("/q/health/ready");
                assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(where).isEqualTo("/q/health/live");
                assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(where)
                        .isEqualTo(appPort(Rendered.name(ksvc)));
            }
        }
    }

    /**
     * sender-service scales past one pod (the pods share each number's rate through leases in
     * PostgreSQL), with a hard per-pod concurrency below its source's parallelism, so batches
     * spread over several pods; and every environment's pods stay within PostgreSQL's connections.
     */
    @Test
    void senderPodsScaleOutTheirBatchesSpreadAndAllPodsFitThePostgresConnections() {
        for (Rendered r : apps()) {
            JsonNode sender = r.find("Service", "sender-service").orElseThrow();
            JsonNode template = sender.path("spec").path("template");
            int maxScale = Integer.parseInt(template.path("metadata").path("annotations").path("autoscaling.knative.dev/max-scale").asText());
            int perPod = template.path("spec").path("containerConcurrency").asInt();
            JsonNode source = r.find("RabbitmqSource", "sender-batches").orElseThrow();
            int parallelism = source.path("spec").path("rabbitmqResourcesConfig").path("parallelism").asInt();
            assertThat(maxScale).as(r.overlay() + ": sender-service max-scale").isGreaterThan(1);
            assertThat(perPod).as(r.overlay() + ": sender-service containerConcurrency (0 = unlimited: one pod could take every batch)")
                    .isBetween(2, parallelism - 1);
            assertThat(parallelism).as(r.overlay() + ": batches in flight reach more than one pod").isGreaterThan(perPod);

            JsonNode config = r.ofKind("ConfigMap").stream().filter(c -> Rendered.name(c).startsWith("sandesh-config-"))
                    .findFirst().orElseThrow().path("data");
            int perPodConnections = Integer.parseInt(config.path("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE").asText())
                    + Integer.parseInt(config.path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asText());
            int pods = 0;
            for (String name : SERVICES) {
                pods += Integer.parseInt(r.find("Service", name).orElseThrow().path("spec").path("template").path("metadata")
                        .path("annotations").path("autoscaling.knative.dev/max-scale").asText());
            }
            JsonNode postgres = RENDERED.get(r.overlay() + "/data").find("Cluster", "sandesh-postgres").orElseThrow();
            int maxConnections = Integer.parseInt(postgres.path("spec").path("postgresql").path("parameters").path("max_connections").asText());
            assertThat(pods * perPodConnections).as(r.overlay() + ": (max pods of the services) x connections per pod").isLessThan(maxConnections);
        }
    }

    @Test
    void eachOverlayNamesItsImagesFromOneRegistryWithOneTag() {
        for (Rendered r : apps()) {
            Set<String> registries = new TreeSet<>();
            Set<String> tags = new TreeSet<>();
            for (ObjectNode ksvc : r.ofKind("serving.knative.dev", "Service")) {
                String image = ksvc.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
                Matcher m = Pattern.compile("(.+)/([a-z-]+)(?::([\\w.-]+))?(?:@sha256:[0-9a-f]{64})?").matcher(image);
                assertThat(m.matches()).as(image).isTrue();
                assertThat(m.group(2)).as("the image of " + Rendered.describe(ksvc) + " is that app's").isEqualTo(Rendered.name(ksvc));
                registries.add(m.group(1));
                tags.add(m.group(3) == null ? "latest" : m.group(3));
            }
            assertThat(registries).as(r.overlay() + " registries").hasSize(1);
            assertThat(tags).as(r.overlay() + " tags").hasSize(1);
        }
    }

    @Test
    void onlyTheWebhookAndTheCampaignApiArePublic() {
        for (Rendered r : apps()) {
            Set<String> published = new TreeSet<>();
            for (ObjectNode ingress : r.ofKind("networking.k8s.io", "Ingress")) {
                String upstream = ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/upstream-vhost").asText();
                for (JsonNode rule : ingress.path("spec").path("rules")) {
                    for (JsonNode path : rule.path("http").path("paths")) {
                        String backend = path.path("backend").path("service").path("name").asText();
                        assertThat(upstream).isEqualTo(backend + ".sandesh.svc.cluster.local");
                        published.add(path.path("pathType").asText() + " " + path.path("path").asText() + " -> " + backend);
                    }
                }
            }
            assertThat(published).as(r.overlay()).containsExactlyInAnyOrder(
                    "Exact /webhooks/whatsapp -> webhook-service", "Prefix /v1 -> broadcast-service");
        }
    }

    @Test
    void theNetworkPolicyAdmitsOnlyKnativeEventingTheSourcesAndTheServicesThemselves() {
        for (Rendered r : apps()) {
            List<ObjectNode> policies = r.ofKind("networking.k8s.io", "NetworkPolicy");
            assertThat(policies).as(r.overlay()).hasSize(1);
            JsonNode spec = policies.get(0).path("spec");
            assertThat(spec.path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
            JsonNode selector = spec.path("podSelector").path("matchExpressions").get(0);
            assertThat(selector.path("key").asText()).isEqualTo("serving.knative.dev/service");
            assertThat(selector.path("operator").asText()).isEqualTo("Exists");
            Set<String> namespaces = new TreeSet<>();
            Set<String> podKeys = new TreeSet<>();
            for (JsonNode rule : spec.path("ingress")) {
                assertThat(rule.path("from").isEmpty()).as("a rule without from admits everyone").isFalse();
                for (JsonNode peer : rule.path("from")) {
                    assertThat(peer.has("ipBlock")).isFalse();
                    JsonNode ns = peer.path("namespaceSelector");
                    if (!ns.isMissingNode()) {
                        assertThat(peer.has("podSelector")).isFalse();
                        ns.path("matchExpressions").forEach(e -> e.path("values").forEach(v -> namespaces.add(v.asText())));
                        ns.path("matchLabels").forEach(v -> namespaces.add(v.asText()));
                        assertThat(ns.isEmpty()).as("an empty namespaceSelector admits every namespace").isFalse();
                    } else {
                        JsonNode pods = peer.path("podSelector");
                        assertThat(pods.isEmpty()).as("an empty podSelector admits the whole namespace").isFalse();
                        pods.path("matchExpressions").forEach(e -> podKeys.add(e.path("key").asText()));
                    }
                }
            }
            assertThat(namespaces).containsExactlyInAnyOrder(
                    "knative-serving", "kourier-system", "istio-system", "knative-eventing", "monitoring");
            assertThat(podKeys).containsExactlyInAnyOrder("serving.knative.dev/service", "eventing.knative.dev/sourceName");
        }
    }

    /**
     * queue → the app consuming it, from the apps' {@code mp.messaging.incoming.*.queue.name=${sandesh.topology.<route>.queue}}.
     */
    static Map<String, String> consumers() {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern incoming = Pattern.compile("(?m)^mp\\.messaging\\.incoming\\.[\\w-]+\\.queue\\.name=\\$\\{sandesh\\.topology\\.([\\w-]+)\\.queue}");
        for (String app : SERVICES) {
            try {
                String properties = Files.readString(Rendered.repoRoot().resolve(app).resolve("src/main/resources/application.properties"));
                Matcher m = incoming.matcher(properties);
                while (m.find()) {
                    String key = m.group(1);
                    Topology.Route route = Topology.ROUTES.stream().filter(rt -> rt.key().equals(key)).findFirst()
                            .orElseThrow(() -> new AssertionError(app + " consumes unknown route " + key));
                    out.put(route.queue(), app);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(out).as("consumers found").hasSizeGreaterThanOrEqualTo(5);
        return out;
    }

    private static List<Rendered> apps() {
        return RENDERED.values().stream().filter(r -> !r.overlay().endsWith("data")).toList();
    }

    private static Map<String, JsonNode> byName(Rendered r, String kind) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ObjectNode o : r.ofKind("rabbitmq.com", kind)) {
            assertThat(out.put(o.path("spec").path("name").asText(), o.path("spec"))).as("two " + kind + "s named "
                    + o.path("spec").path("name")).isNull();
        }
        return out;
    }

    private static int appPort(String app) {
        return switch (app) {
            case "broadcast-service" -> 8080;
            case "sender-service" -> 8081;
            case "webhook-service" -> 8082;
            case "cloud-api-simulator" -> 8099;
            default -> throw new AssertionError("unknown app " + app);
        };
    }

    /**
     * The JAX-RS paths an app serves: those its module declares, and for the three services those of
     * service-support, which each depends on (the DLQ replay). A class-level {@code @Path} alone and
     * joined with each method-level one. REST client interfaces ({@code @RegisterRestClient}) are what
     * the app calls, not serves.
     */
    static Set<String> servedPaths(String module) throws IOException {
        Set<String> paths = new TreeSet<>(declaredPaths(module));
        if (module.endsWith("-service")) {
            paths.addAll(declaredPaths("service-support"));
        }
        return paths;
    }

    private static Set<String> declaredPaths(String module) throws IOException {
        Set<String> paths = new TreeSet<>();
        Path sources = Rendered.repoRoot().resolve(module).resolve("src/main/java");
        Pattern path = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String java = Files.readString(file);
                if (java.contains("@RegisterRestClient")) {
                    continue;
                }
                int classAt = indexOfTypeDeclaration(java);
                String classPath = "";
                Matcher m = path.matcher(java);
                List<String> methodPaths = new ArrayList<>();
                while (m.find()) {
                    if (m.start() < classAt) {
                        classPath = m.group(1);
                    } else {
                        methodPaths.add(m.group(1));
                    }
                }
                if (classPath.isEmpty() && methodPaths.isEmpty()) {
                    continue;
                }
                paths.add(normalise(classPath));
                for (String methodPath : methodPaths) {
                    paths.add(normalise(classPath + "/" + methodPath));
                }
            }
        }
        return paths;
    }

    private static int indexOfTypeDeclaration(String java) {
        Matcher m = Pattern.compile("(?m)^(public |final |abstract )*(class|interface|record) ").matcher(java);
        return m.find() ? m.start() : Integer.MAX_VALUE;
    }

    private static String normalise(String path) {
        String joined = ("/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@code served} may hold templates ({@code {id}}), each matching one segment. */
    private static boolean matches(String served, String path) {
        String regex = Pattern.quote(served).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    @Test
    void servedPathsFindsTheEndpointsTheSourcesCallAndNotTheRestClients() throws IOException {
        assertThat(servedPaths("broadcast-service")).contains("/internal/cloudevents/optouts", "/internal/v1/scheduler/tick")
                .doesNotContain("/internal/v1/campaigns");
        for (String service : List.of("broadcast-service", "sender-service", "webhook-service")) {
            assertThat(servedPaths(service)).as(service + ", through service-support").contains("/internal/v1/dlq/{queue}/replay");
        }
        assertThat(servedPaths("cloud-api-simulator")).doesNotContain("/internal/v1/dlq/{queue}/replay");
        assertThat(matches("/internal/v1/campaigns/{id}/stats", "/internal/v1/campaigns/42/stats")).isTrue();
        assertThat(matches("/internal/cloudevents", "/internal/cloudevents/batches")).isFalse();
    }
}
