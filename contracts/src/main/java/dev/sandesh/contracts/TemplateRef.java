package dev.sandesh.contracts;

import java.util.Objects;

/**
 * A template as Meta knows it: its name, language code (e.g. {@code en}, {@code hi}, {@code pt_BR})
 * and category ({@code marketing}, {@code utility}, {@code authentication}), which decides its price.
 */
public record TemplateRef(String name, String language, String category) {

    public TemplateRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(category, "category");
    }
}
