package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.StringJoiner;

/**
 * The templates typed into configuration ({@code sandesh.templates.*}) for a setup without Graph
 * access, written as Meta would list them (CLOUD-API-MORE §2.1): APPROVED, POSITIONAL, one BODY
 * component {@code {{1}} … {{n}}} with an {@code example.body_text}, so every rule that reads the
 * catalogue treats them like templates synced from Meta.
 */
public record ConfiguredTemplates(List<CatalogTemplate> all) {

    public ConfiguredTemplates {
        all = List.copyOf(all);
    }

    /** A configured template as a catalogue entry. */
    public static CatalogTemplate template(String name, String language, TemplateCategory category, int bodyParameters) {
        if (bodyParameters < 0) {
            throw new IllegalArgumentException("template " + name + ": body-parameters must be 0 or more");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode body = json.objectNode().put("type", "BODY");
        if (bodyParameters == 0) {
            body.put("text", name);
        } else {
            StringJoiner text = new StringJoiner(" ");
            ArrayNode examples = json.arrayNode();
            for (int i = 1; i <= bodyParameters; i++) {
                text.add("{{" + i + "}}");
                examples.add("example " + i);
            }
            body.put("text", text.toString());
            body.putObject("example").putArray("body_text").add(examples);
        }
        return new CatalogTemplate(null, name, language, "APPROVED", category,
                CatalogTemplate.ParameterFormat.POSITIONAL, json.arrayNode().add(body));
    }
}
