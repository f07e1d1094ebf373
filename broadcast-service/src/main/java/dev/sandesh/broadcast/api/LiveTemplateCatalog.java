package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.GraphTemplatesClient;
import dev.sandesh.broadcast.config.CloudApiConfig;
import dev.sandesh.broadcast.config.TemplateRefreshConfig;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.ConfiguredTemplates;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateSnapshot;
import dev.sandesh.broadcast.persistence.TemplateCatalogStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The {@link TemplateCatalog} campaigns are checked against. With {@code sandesh.cloud-api.waba-id}
 * set it is the WABA's {@code message_templates} at Meta, stored in {@code broadcast.catalog_template}
 * and served from an in-memory {@link TemplateSnapshot} read back from that table, so replicas
 * agree and a restart has the catalogue before Meta answers. Without a WABA id it is the configured
 * templates ({@code sandesh.templates.*}: a setup without Graph access).
 *
 * <p>Refreshed at start, by {@link TemplateRefreshTimer} and on {@code POST /v1/templates/refresh};
 * when Meta cannot be read the catalogue in use stays.
 */
@ApplicationScoped
public class LiveTemplateCatalog implements TemplateCatalog {

    private static final Logger LOG = Logger.getLogger(LiveTemplateCatalog.class);
    private static final Duration STARTUP_LOAD = Duration.ofSeconds(30);

    private final ConfiguredTemplates configured;
    private final Optional<String> wabaId;
    private final GraphTemplatesClient graph;
    private final TemplateCatalogStore store;
    private final InstantSource clock;
    private final Duration every;
    private volatile TemplateSnapshot snapshot;
    /** Spacing of the refreshes a lookup of an unknown template makes ({@link #refreshIfUnknown}). */
    static final Duration MISS_REFRESH_SPACING = Duration.ofSeconds(10);
    private Uni<Void> missRefresh;
    private Instant lastMissRefresh;

    public LiveTemplateCatalog(ConfiguredTemplates configured, CloudApiConfig cloudApi, GraphTemplatesClient graph,
                               TemplateCatalogStore store, InstantSource clock,
                               TemplateRefreshConfig refresh) {
        this.configured = configured;
        this.wabaId = cloudApi.wabaId().map(String::trim).filter(id -> !id.isEmpty());
        if (wabaId.isPresent() && cloudApi.accessToken().filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalStateException("sandesh.cloud-api.access-token (SANDESH_CLOUD_API_ACCESS_TOKEN) is required"
                    + " when sandesh.cloud-api.waba-id is set: the template catalogue is read from Meta with it");
        }
        this.graph = graph;
        this.store = store;
        this.clock = clock;
        this.every = refresh.templateRefresh();
        this.snapshot = wabaId.isPresent() ? TemplateSnapshot.of(List.of(), null) : TemplateSnapshot.of(configured.all(), null);
    }

    /** The stored catalogue first (so campaigns can start at once), then Meta's in the background. */
    void onStart(@Observes StartupEvent start) {
        if (wabaId.isEmpty()) {
            LOG.infof("template catalogue: %d configured template(s) (no sandesh.cloud-api.waba-id)", snapshot.byKey().size());
            return;
        }
        snapshot = store.load(wabaId.get()).await().atMost(STARTUP_LOAD);
        LOG.infof("template catalogue: %d stored template(s) of WABA %s, synced %s; refreshing from Meta now and every %s",
                snapshot.byKey().size(), wabaId.get(), snapshot.syncedAt(), every);
        refresh().subscribe().with(t -> { }, e -> { });
    }

    @Override
    public Optional<CatalogTemplate> find(String name, String language) {
        return snapshot.find(name, language);
    }

    @Override
    public List<CatalogTemplate> all() {
        return snapshot.all();
    }

    /** The catalogue in use, with when it was read from Meta (null for configured templates). */
    public TemplateSnapshot snapshot() {
        return snapshot;
    }

    /** Where the catalogue comes from: {@code meta} (with the WABA id) or {@code configuration}. */
    public Optional<String> wabaId() {
        return wabaId;
    }

    /**
     * Reads the catalogue again: every page from Meta, stored as the WABA's whole set, then the
     * snapshot from the table. Fails with {@link dev.sandesh.broadcast.client.GraphTemplatesException}
     * when Meta cannot be read; the stored set is still re-read then, so a refresh another replica
     * made is picked up and the old catalogue stays in use.
     */
    public Uni<List<CatalogTemplate>> refresh() {
        if (wabaId.isEmpty()) {
            snapshot = TemplateSnapshot.of(configured.all(), null);
            return Uni.createFrom().item(snapshot.all());
        }
        String waba = wabaId.get();
        return graph.fetchAll(waba)
                .flatMap(templates -> store.replace(waba, templates, clock.instant()))
                .flatMap(stored -> reload(waba))
                .invoke(s -> LOG.infof("template catalogue: %d template(s) of WABA %s read from Meta", s.byKey().size(), waba))
                .onFailure().call(failure -> {
                    LOG.warnf("template catalogue: not refreshed from Meta, %d template(s) synced %s stay in use: %s",
                            snapshot.byKey().size(), snapshot.syncedAt(), failure.getMessage());
                    return reload(waba).onFailure().recoverWithNull();
                })
                .map(TemplateSnapshot::all);
    }

    /**
     * Reads the catalogue again when a campaign names a template it does not hold: Meta may have
     * approved it since the last refresh (or the first refresh after a start into an empty database
     * is still running). At most one such refresh runs at a time (callers share it), and they are
     * {@link #MISS_REFRESH_SPACING} apart, so requests for a template that really is unknown never
     * turn into a stream of Graph calls. Never fails: the check that follows reports the unknown template.
     */
    public Uni<Void> refreshIfUnknown(String name, String language) {
        if (wabaId.isEmpty() || name == null || language == null || name.isBlank() || language.isBlank()
                || find(name, language).isPresent()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(this::missRefresh);
    }

    private synchronized Uni<Void> missRefresh() {
        if (missRefresh != null) {
            return missRefresh;
        }
        Instant now = clock.instant();
        if (lastMissRefresh != null && Duration.between(lastMissRefresh, now).compareTo(MISS_REFRESH_SPACING) < 0) {
            return Uni.createFrom().voidItem();
        }
        lastMissRefresh = now;
        missRefresh = refresh().onFailure().recoverWithNull().replaceWithVoid()
                .eventually(() -> {
                    synchronized (this) {
                        missRefresh = null;
                    }
                })
                .memoize().indefinitely();
        return missRefresh;
    }

    private Uni<TemplateSnapshot> reload(String waba) {
        return store.load(waba).invoke(loaded -> snapshot = loaded);
    }
}
