package dev.sandesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A template as Meta knows it: its name, language code (e.g. {@code en}, {@code hi}, {@code pt_BR})
 * and category ({@code marketing}, {@code utility}, {@code authentication}), which decides its price.
 *
 * @param components Meta's send-time {@code template.components} array, exactly as the send API takes it
 *                   (CLOUD-API-MORE §1), except that any string value may hold placeholders
 *                   ({@code {{customer}}}, {@code {{1}}}) that {@link TemplateComponents} resolves per
 *                   recipient; {@code null} when the template is sent without components. Added in
 *                   version 1 without a bump: older producers leave it out, older consumers ignore it.
 */
public record TemplateRef(String name, String language, String category, JsonNode components) {

    public TemplateRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(category, "category");
        if (components != null && (components.isNull() || components.isMissingNode())) {
            components = null;
        }
        if (components != null && !components.isArray()) {
            throw new IllegalArgumentException("components must be a JSON array, not " + components.getNodeType());
        }
    }

    public TemplateRef(String name, String language, String category) {
        this(name, language, category, null);
    }
}
