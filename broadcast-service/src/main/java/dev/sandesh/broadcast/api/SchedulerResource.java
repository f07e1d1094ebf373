package dev.sandesh.broadcast.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Releases what is due: SCHEDULED campaigns whose time has come, and the next 24 h windows of
 * spread campaigns; then moves RUNNING campaigns that webhook-service's stats show complete or
 * halted (a bounded number per tick), so they finish without anyone reading them. Called every few seconds by {@link SchedulerTimer} and, in the cluster, by a
 * Knative PingSource (the pod may be scaled to zero between calls). Also resumes a start whose
 * publishing was interrupted (the publish ledger says where). Safe to call concurrently, from
 * several replicas: a start is a conditional move that one tick wins, a window is published under
 * a lease, and the campaigns to settle are claimed with {@code FOR UPDATE SKIP LOCKED}
 * ({@link CampaignLifecycle#tick}).
 */
@Path("/internal/v1/scheduler/tick")
@Tag(name = "Internal")
public class SchedulerResource {

    private final CampaignLifecycle lifecycle;

    public SchedulerResource(CampaignLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start due scheduled campaigns, release due windows, complete or halt finished running campaigns")
    public Uni<CampaignViews.Tick> tick() {
        return lifecycle.tick();
    }
}
