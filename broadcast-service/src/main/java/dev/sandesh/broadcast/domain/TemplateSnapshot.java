package dev.sandesh.broadcast.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable copy of the catalogue, keyed by {@link CatalogTemplate#key()}: lookups never see a
 * half-replaced set, and a refresh swaps the whole snapshot at once.
 *
 * @param syncedAt when this set was read from Meta (null for the configured templates)
 */
public record TemplateSnapshot(Map<String, CatalogTemplate> byKey, Instant syncedAt) implements TemplateCatalog {

    private static final Comparator<CatalogTemplate> ORDER = Comparator.comparing(CatalogTemplate::name)
            .thenComparing(t -> CatalogTemplate.languageKey(t.language()));

    public TemplateSnapshot {
        byKey = Map.copyOf(byKey);
    }

    /** The snapshot of these templates; when two share a key (Meta never lists that), the later one wins. */
    public static TemplateSnapshot of(List<CatalogTemplate> templates, Instant syncedAt) {
        Map<String, CatalogTemplate> byKey = new LinkedHashMap<>();
        templates.forEach(t -> byKey.put(t.key(), t));
        return new TemplateSnapshot(byKey, syncedAt);
    }

    @Override
    public Optional<CatalogTemplate> find(String name, String language) {
        if (name == null || language == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(CatalogTemplate.key(name, language)));
    }

    @Override
    public List<CatalogTemplate> all() {
        return byKey.values().stream().sorted(ORDER).toList();
    }
}
