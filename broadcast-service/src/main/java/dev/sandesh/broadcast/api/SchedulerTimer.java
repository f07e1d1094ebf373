package dev.sandesh.broadcast.api;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The local clock for the scheduler: ticks every {@code sandesh.broadcast.scheduler.every}
 * ({@code 5s}; {@code off} to disable, e.g. under Knative where a PingSource calls the tick endpoint).
 */
@ApplicationScoped
public class SchedulerTimer {

    private static final Logger LOG = Logger.getLogger(SchedulerTimer.class);

    private final CampaignLifecycle lifecycle;

    public SchedulerTimer(CampaignLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(every = "${sandesh.broadcast.scheduler.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return lifecycle.tick()
                .invoke(t -> {
                    if (t.started() + t.windowsReleased() + t.completed() + t.halted() + t.failed() > 0) {
                        LOG.infof("scheduler tick: %d started, %d windows released, %d completed, %d halted, %d failed",
                                t.started(), t.windowsReleased(), t.completed(), t.halted(), t.failed());
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("scheduler tick failed: %s", e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
