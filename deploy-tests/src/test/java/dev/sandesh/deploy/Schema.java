package dev.sandesh.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks objects against the published schemas: fabric8's typed models (core Kubernetes, networking,
 * Knative Serving and Sources) where they exist, and for the operators' kinds that have no model on Maven
 * Central (eventing-rabbitmq, the RabbitMQ operators, CloudNativePG) the field paths of their upstream
 * CRDs that this project may set.
 *
 * <p>fabric8's classes accept any field into {@code additionalProperties} (so that a client never breaks on
 * a newer server); a field a model does not know ends up there, so a non-empty map anywhere in the loaded
 * graph is an unknown field.
 */
final class Schema {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** apiVersion + kind → fabric8 model. */
    static final Map<String, Class<?>> TYPED = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "serving.knative.dev/v1/Service", io.fabric8.knative.serving.v1.Service.class,
            "sources.knative.dev/v1/PingSource", io.fabric8.knative.sources.v1.PingSource.class);

    /**
     * Field paths (list elements as {@code []}, a trailing {@code *} for free-form maps) each custom kind may
     * carry, from the CRDs: eventing-rabbitmq v1.x RabbitmqSource, rabbitmq cluster-operator v2 RabbitmqCluster,
     * messaging-topology-operator v1 Exchange/Queue/Binding/Policy, CloudNativePG v1 Cluster. Only what the
     * CRDs define is listed; a field missing here is either a typo or needs its CRD checked first.
     */
    static final Map<String, Set<String>> CUSTOM = Map.of(
            "sources.knative.dev/v1alpha1/RabbitmqSource", Set.of(
                    "spec.rabbitmqClusterReference.name", "spec.rabbitmqClusterReference.namespace",
                    "spec.rabbitmqResourcesConfig.predeclared", "spec.rabbitmqResourcesConfig.queueName",
                    "spec.rabbitmqResourcesConfig.parallelism", "spec.rabbitmqResourcesConfig.exchangeName",
                    "spec.rabbitmqResourcesConfig.vhost",
                    "spec.delivery.retry", "spec.delivery.backoffPolicy", "spec.delivery.backoffDelay",
                    "spec.delivery.timeout", "spec.delivery.deadLetterSink.ref.apiVersion",
                    "spec.delivery.deadLetterSink.ref.kind", "spec.delivery.deadLetterSink.ref.name",
                    "spec.delivery.deadLetterSink.uri",
                    "spec.sink.ref.apiVersion", "spec.sink.ref.kind", "spec.sink.ref.name", "spec.sink.ref.namespace",
                    "spec.sink.uri", "spec.serviceAccountName"),
            "rabbitmq.com/v1beta1/RabbitmqCluster", Set.of(
                    "spec.replicas", "spec.image", "spec.persistence.storage", "spec.persistence.storageClassName",
                    "spec.resources.requests.cpu", "spec.resources.requests.memory",
                    "spec.resources.limits.cpu", "spec.resources.limits.memory",
                    "spec.rabbitmq.additionalConfig", "spec.rabbitmq.additionalPlugins[]",
                    "spec.rabbitmq.advancedConfig", "spec.service.type"),
            "rabbitmq.com/v1beta1/Exchange", Set.of(
                    "spec.name", "spec.type", "spec.durable", "spec.autoDelete", "spec.vhost", "spec.arguments.*",
                    "spec.rabbitmqClusterReference.name", "spec.rabbitmqClusterReference.namespace"),
            "rabbitmq.com/v1beta1/Queue", Set.of(
                    "spec.name", "spec.type", "spec.durable", "spec.autoDelete", "spec.vhost", "spec.arguments.*",
                    "spec.deletionPolicy",
                    "spec.rabbitmqClusterReference.name", "spec.rabbitmqClusterReference.namespace"),
            "rabbitmq.com/v1beta1/Binding", Set.of(
                    "spec.source", "spec.destination", "spec.destinationType", "spec.routingKey", "spec.vhost",
                    "spec.arguments.*",
                    "spec.rabbitmqClusterReference.name", "spec.rabbitmqClusterReference.namespace"),
            "rabbitmq.com/v1beta1/Policy", Set.of(
                    "spec.name", "spec.vhost", "spec.pattern", "spec.applyTo", "spec.priority", "spec.definition.*",
                    "spec.rabbitmqClusterReference.name", "spec.rabbitmqClusterReference.namespace"),
            "postgresql.cnpg.io/v1/Cluster", Set.of(
                    "spec.instances", "spec.imageName", "spec.bootstrap.initdb.database", "spec.bootstrap.initdb.owner",
                    "spec.postgresql.parameters.*", "spec.storage.size", "spec.storage.storageClass",
                    "spec.resources.requests.cpu", "spec.resources.requests.memory",
                    "spec.resources.limits.cpu", "spec.resources.limits.memory"));

    private Schema() {
    }

    /** @return what is wrong with {@code object}; empty when it fits its schema */
    static List<String> problems(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        Class<?> model = TYPED.get(type);
        Set<String> allowed = CUSTOM.get(type);
        if (model != null) {
            try {
                Object typed = MAPPER.treeToValue(object, model);
                unknownFields(typed, "", problems, new IdentityHashMap<>());
            } catch (Exception e) {
                problems.add("does not load into " + model.getName() + ": " + e.getMessage());
            }
        } else if (allowed != null) {
            try {
                unknownFields(MAPPER.treeToValue(object.path("metadata"), ObjectMeta.class), "metadata", problems,
                        new IdentityHashMap<>());
            } catch (Exception e) {
                problems.add("metadata does not load into ObjectMeta: " + e.getMessage());
            }
            Iterator<String> top = object.fieldNames();
            while (top.hasNext()) {
                String field = top.next();
                if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(field)) {
                    problems.add("unknown top-level field " + field);
                }
            }
            List<String> leaves = new ArrayList<>();
            leaves(object.path("spec"), "spec", leaves);
            for (String leaf : leaves) {
                if (!allowed(allowed, leaf)) {
                    problems.add("field " + leaf + " is not in " + type + "'s schema");
                }
            }
        } else {
            problems.add("kind " + type + " has neither a typed model nor a known schema here");
        }
        return problems;
    }

    private static boolean allowed(Set<String> allowed, String leaf) {
        if (allowed.contains(leaf)) {
            return true;
        }
        return allowed.stream().filter(a -> a.endsWith(".*"))
                .anyMatch(a -> leaf.startsWith(a.substring(0, a.length() - 1)));
    }

    private static void leaves(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(element -> leaves(element, path + "[]", out));
        } else {
            out.add(path);
        }
    }

    /** Walks fabric8's model graph through its getters, reporting every non-empty additionalProperties. */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
                Method getter = property.getReadMethod();
                if (getter == null || getter.getParameterCount() != 0 || property.getName().equals("class")) {
                    continue;
                }
                Object child = getter.invoke(value);
                if (property.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                    }
                } else {
                    unknownFields(child, path + "." + property.getName(), problems, seen);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            problems.add("cannot inspect " + value.getClass().getName() + " at " + path + ": " + e);
        }
    }
}
