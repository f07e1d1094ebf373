package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.ConfiguredTemplates;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateSnapshot;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The {@link TemplateCatalog} campaigns are checked against: the configured templates
 * ({@code sandesh.templates.*}). Lookups read an immutable {@link TemplateSnapshot}, replaced as a
 * whole by {@link #refresh()}.
 */
@ApplicationScoped
public class LiveTemplateCatalog implements TemplateCatalog {

    private final ConfiguredTemplates configured;
    private volatile TemplateSnapshot snapshot;

    public LiveTemplateCatalog(ConfiguredTemplates configured) {
        this.configured = configured;
        this.snapshot = TemplateSnapshot.of(configured.all(), null);
    }

    @Override
    public Optional<CatalogTemplate> find(String name, String language) {
        return snapshot.find(name, language);
    }

    @Override
    public List<CatalogTemplate> all() {
        return snapshot.all();
    }

    /** Reads the catalogue again and answers it. */
    public Uni<List<CatalogTemplate>> refresh() {
        snapshot = TemplateSnapshot.of(configured.all(), null);
        return Uni.createFrom().item(snapshot.all());
    }
}
