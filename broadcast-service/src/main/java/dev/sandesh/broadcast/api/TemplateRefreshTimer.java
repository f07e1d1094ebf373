package dev.sandesh.broadcast.api;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the template catalogue from Meta again every {@code sandesh.broadcast.template-refresh}
 * ({@code 10m}): Meta pauses, disables and re-categorises templates on its own (CLOUD-API-MORE
 * §3.1–§3.2). The first run waits one interval, because {@link LiveTemplateCatalog} refreshes at start.
 * A failure is logged there and the catalogue in use stays.
 */
@ApplicationScoped
public class TemplateRefreshTimer {

    private final LiveTemplateCatalog catalog;

    public TemplateRefreshTimer(LiveTemplateCatalog catalog) {
        this.catalog = catalog;
    }

    @Scheduled(every = "${sandesh.broadcast.template-refresh}", delayed = "${sandesh.broadcast.template-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return catalog.refresh().replaceWithVoid().onFailure().recoverWithNull();
    }
}
