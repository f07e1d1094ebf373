package dev.sandesh.broadcast.domain;

import java.util.List;
import java.util.Optional;

/**
 * The templates campaigns may use: synced from Meta's {@code message_templates} when
 * {@code sandesh.cloud-api.waba-id} is set, else the ones configured under {@code sandesh.templates.*}.
 */
public interface TemplateCatalog {

    /** The template of that name in that language (compared with {@link CatalogTemplate#languageKey}). */
    Optional<CatalogTemplate> find(String name, String language);

    /** Every template known, ordered by name then language. */
    List<CatalogTemplate> all();
}
