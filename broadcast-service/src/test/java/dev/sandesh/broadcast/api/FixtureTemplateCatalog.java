package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.ConfiguredTemplates;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateFixtures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue for {@link FullTemplatesTest}: Meta's templates of {@link TemplateFixtures} (NAMED with an
 * image header and buttons, OTP, carousel, LTO…), which the configured-template mechanism cannot describe
 * (it writes POSITIONAL body-only templates), plus the configured ones, so the short form is tested on the
 * same app. A port, not the database or the broker; enabled only by {@link FullTemplatesTest.FixtureCatalogue}.
 */
@Alternative
@ApplicationScoped
public class FixtureTemplateCatalog implements TemplateCatalog {

    private final List<CatalogTemplate> all;

    public FixtureTemplateCatalog(ConfiguredTemplates configured) {
        List<CatalogTemplate> templates = new ArrayList<>(TemplateFixtures.ALL);
        templates.addAll(configured.all());
        templates.sort(Comparator.comparing(CatalogTemplate::name).thenComparing(CatalogTemplate::language));
        this.all = List.copyOf(templates);
    }

    @Override
    public Optional<CatalogTemplate> find(String name, String language) {
        String key = CatalogTemplate.key(name, language);
        return all.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    @Override
    public List<CatalogTemplate> all() {
        return all;
    }
}
