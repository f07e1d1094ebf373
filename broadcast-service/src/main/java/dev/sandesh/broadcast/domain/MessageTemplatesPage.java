package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of Meta's {@code GET /{version}/{WABA-ID}/message_templates}
 * ({@code {"data":[…],"paging":{"cursors":{…},"next":"<absolute url>"}}}, CLOUD-API-MORE §2.1),
 * as catalogue entries.
 *
 * @param templates the entries Sandesh can use
 * @param skipped   why the others were left out (one line each, for a WARN): a category Sandesh
 *                  cannot price, or no name/language
 * @param next      Meta's {@code paging.next}, null on the last page
 */
public record MessageTemplatesPage(List<CatalogTemplate> templates, List<String> skipped, String next) {

    public MessageTemplatesPage {
        templates = List.copyOf(templates);
        skipped = List.copyOf(skipped);
    }

    /** Reads a page; an answer without a {@code data} array is not a page (IllegalArgumentException). */
    public static MessageTemplatesPage parse(JsonNode body) {
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("the answer has no \"data\" array");
        }
        List<CatalogTemplate> templates = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode entry : data) {
            String name = text(entry, "name");
            String language = text(entry, "language");
            if (name == null || language == null) {
                skipped.add("a template without name or language (id " + text(entry, "id") + ")");
                continue;
            }
            // Meta bills MARKETING, UTILITY and AUTHENTICATION (M/pricing); anything else (a retired
            // TRANSACTIONAL, a future one) cannot be priced, so it is left out rather than guessed.
            Optional<TemplateCategory> category = TemplateCategory.fromWire(text(entry, "category"));
            if (category.isEmpty()) {
                skipped.add("template " + name + "/" + language + ": category " + text(entry, "category")
                        + " is not marketing, utility or authentication");
                continue;
            }
            JsonNode components = entry.get("components");
            String status = text(entry, "status");
            templates.add(new CatalogTemplate(text(entry, "id"), name, language,
                    status == null ? "UNKNOWN" : status, category.get(),
                    CatalogTemplate.ParameterFormat.fromWire(text(entry, "parameter_format")),
                    components != null && components.isArray() ? components : JsonNodeFactory.instance.arrayNode()));
        }
        return new MessageTemplatesPage(templates, skipped, text(body.path("paging"), "next"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }
}
