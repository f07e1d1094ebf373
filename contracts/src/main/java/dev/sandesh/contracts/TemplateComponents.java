package dev.sandesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A campaign's send-time {@code template.components} (Meta's send API JSON, CLOUD-API-MORE §1) compiled
 * once, then resolved for each recipient.
 *
 * <p>Any string value may hold placeholders: {@code {{customer}}} takes the recipient's variable of that
 * name, {@code {{1}}}, {@code {{2}}}… the recipient's positional parameters (1-based). A placeholder may be
 * the whole value or part of it ({@code "Hi {{customer}}"}); a value without placeholders is the same for
 * every recipient. Only values are substituted, never keys, and the result is always a string (Meta's
 * parameters are strings, except {@code amount_1000} and {@code expiration_time_ms}, which are therefore
 * given as numbers, not placeholders).
 *
 * <p>Built for the sender's 1,000 messages a second: {@link #compile} parses every string once; {@link
 * #resolve} only concatenates, and returns the constant parts of the tree as they are (shared between
 * calls — callers must not modify what it returns).
 */
public final class TemplateComponents {

    /** {@code {{name}}} or {@code {{1}}}, spaces inside the braces allowed, as in Meta's own templates. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*|[0-9]+)\\s*}}");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final TemplateComponents NONE = new TemplateComponents(NODES.arrayNode(), null, Set.of(), 0);

    private final ArrayNode source;
    /** null when nothing varies: {@link #resolve} then returns {@link #source}. */
    private final Part compiled;
    private final Set<String> variableNames;
    private final int highestPosition;

    private TemplateComponents(ArrayNode source, Part compiled, Set<String> variableNames, int highestPosition) {
        this.source = source;
        this.compiled = compiled;
        this.variableNames = variableNames;
        this.highestPosition = highestPosition;
    }

    /**
     * Compiles Meta's {@code template.components} array; {@code null} (or JSON null) means no components.
     *
     * @throws IllegalArgumentException when it is not an array or holds a placeholder {@code {{0}}}
     */
    public static TemplateComponents compile(JsonNode components) {
        if (components == null || components.isNull() || components.isMissingNode()) {
            return NONE;
        }
        if (!components.isArray()) {
            throw new IllegalArgumentException("components must be a JSON array, not " + components.getNodeType());
        }
        var compiler = new Compiler();
        Part part = compiler.compile(components, "components");
        return new TemplateComponents((ArrayNode) components, part instanceof Constant ? null : part,
                Collections.unmodifiableSet(compiler.names), compiler.highestPosition);
    }

    /** True when {@code value} holds a placeholder this class resolves ({@code {{customer}}}, {@code {{1}}}). */
    public static boolean hasPlaceholders(String value) {
        return value != null && PLACEHOLDER.matcher(value).find();
    }

    /** True when there are no components at all. */
    public boolean isEmpty() {
        return source.isEmpty();
    }

    /** True when every recipient gets the same components (no placeholder anywhere). */
    public boolean isConstant() {
        return compiled == null;
    }

    /** The names of every {@code {{name}}} placeholder, sorted. */
    public Set<String> variableNames() {
        return variableNames;
    }

    /** The highest {@code {{n}}} placeholder, 0 when there is none. */
    public int highestPosition() {
        return highestPosition;
    }

    /** The components as given, placeholders unresolved. */
    public ArrayNode source() {
        return source;
    }

    /**
     * One recipient's components.
     *
     * @param parameters the recipient's positional values: {@code {{1}}} is the first
     * @param variables  the recipient's named values
     * @throws UnresolvedPlaceholder naming the first placeholder the recipient has no value for, and where it is
     */
    public ArrayNode resolve(List<String> parameters, Map<String, String> variables) {
        if (compiled == null) {
            return source;
        }
        return (ArrayNode) compiled.resolve(parameters == null ? List.of() : parameters,
                variables == null ? Map.of() : variables);
    }

    /** A placeholder a recipient has no value for; the message names it and its path, e.g. {@code components[2].parameters[0].text}. */
    public static final class UnresolvedPlaceholder extends RuntimeException {

        private final String placeholder;
        private final String path;

        UnresolvedPlaceholder(String placeholder, String path) {
            super("no value for " + placeholder + " at " + path, null, false, false);
            this.placeholder = placeholder;
            this.path = path;
        }

        /** The placeholder as written in the components, e.g. {@code {{customer}}} or {@code {{2}}}. */
        public String placeholder() {
            return placeholder;
        }

        /** Where it is, from the components array: {@code components[1].parameters[0].text}. */
        public String path() {
            return path;
        }
    }

    private sealed interface Part permits Constant, Text, ObjectPart, ArrayPart {
        JsonNode resolve(List<String> parameters, Map<String, String> variables);
    }

    private record Constant(JsonNode node) implements Part {
        @Override
        public JsonNode resolve(List<String> parameters, Map<String, String> variables) {
            return node;
        }
    }

    private record ObjectPart(Map<String, Part> fields) implements Part {
        @Override
        public JsonNode resolve(List<String> parameters, Map<String, String> variables) {
            ObjectNode out = NODES.objectNode();
            fields.forEach((name, part) -> out.set(name, part.resolve(parameters, variables)));
            return out;
        }
    }

    private record ArrayPart(List<Part> items) implements Part {
        @Override
        public JsonNode resolve(List<String> parameters, Map<String, String> variables) {
            ArrayNode out = NODES.arrayNode(items.size());
            for (Part item : items) {
                out.add(item.resolve(parameters, variables));
            }
            return out;
        }
    }

    private sealed interface Segment permits Literal, Named, Positional {
    }

    private record Literal(String text) implements Segment {
    }

    private record Named(String name) implements Segment {
    }

    /** @param position 1-based */
    private record Positional(int position) implements Segment {
    }

    private record Text(String path, List<Segment> segments) implements Part {
        @Override
        public JsonNode resolve(List<String> parameters, Map<String, String> variables) {
            if (segments.size() == 1) {
                return NODES.textNode(valueOf(segments.get(0), parameters, variables));
            }
            var text = new StringBuilder();
            for (Segment segment : segments) {
                text.append(valueOf(segment, parameters, variables));
            }
            return NODES.textNode(text.toString());
        }

        private String valueOf(Segment segment, List<String> parameters, Map<String, String> variables) {
            return switch (segment) {
                case Literal literal -> literal.text();
                case Named named -> {
                    String value = variables.get(named.name());
                    if (value == null) {
                        throw new UnresolvedPlaceholder("{{" + named.name() + "}}", path);
                    }
                    yield value;
                }
                case Positional positional -> {
                    if (positional.position() > parameters.size() || parameters.get(positional.position() - 1) == null) {
                        throw new UnresolvedPlaceholder("{{" + positional.position() + "}}", path);
                    }
                    yield parameters.get(positional.position() - 1);
                }
            };
        }
    }

    private static final class Compiler {

        final Set<String> names = new TreeSet<>();
        int highestPosition;

        Part compile(JsonNode node, String path) {
            if (node.isTextual()) {
                return text(node, path);
            }
            if (node.isArray()) {
                var items = new ArrayList<Part>(node.size());
                boolean varies = false;
                for (int i = 0; i < node.size(); i++) {
                    Part item = compile(node.get(i), path + "[" + i + "]");
                    varies |= !(item instanceof Constant);
                    items.add(item);
                }
                return varies ? new ArrayPart(List.copyOf(items)) : new Constant(node);
            }
            if (node.isObject()) {
                var fields = new LinkedHashMap<String, Part>();
                boolean varies = false;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    Part value = compile(field.getValue(), path + "." + field.getKey());
                    varies |= !(value instanceof Constant);
                    fields.put(field.getKey(), value);
                }
                return varies ? new ObjectPart(Collections.unmodifiableMap(fields)) : new Constant(node);
            }
            return new Constant(node);
        }

        private Part text(JsonNode node, String path) {
            String value = node.textValue();
            Matcher matcher = PLACEHOLDER.matcher(value);
            var segments = new ArrayList<Segment>();
            int end = 0;
            while (matcher.find()) {
                if (matcher.start() > end) {
                    segments.add(new Literal(value.substring(end, matcher.start())));
                }
                segments.add(placeholder(matcher.group(1), path));
                end = matcher.end();
            }
            if (segments.isEmpty()) {
                return new Constant(node);
            }
            if (end < value.length()) {
                segments.add(new Literal(value.substring(end)));
            }
            return new Text(path, List.copyOf(segments));
        }

        private Segment placeholder(String key, String path) {
            if (!Character.isDigit(key.charAt(0))) {
                names.add(key);
                return new Named(key);
            }
            int position;
            try {
                position = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("placeholder {{" + key + "}} at " + path + " is out of range", e);
            }
            if (position < 1) {
                throw new IllegalArgumentException("placeholder {{" + key + "}} at " + path + ": positions start at {{1}}");
            }
            highestPosition = Math.max(highestPosition, position);
            return new Positional(position);
        }
    }
}
