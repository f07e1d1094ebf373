package dev.sandesh.simulator.config;

import dev.sandesh.simulator.domain.PairRateLimiter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Forgets refilled pair-rate buckets every 10 s, so memory follows recent recipients only. */
@Singleton
public class Housekeeping {

    private final Vertx vertx;
    private final PairRateLimiter pairRate;
    private volatile long timerId = -1;

    public Housekeeping(Vertx vertx, PairRateLimiter pairRate) {
        this.vertx = vertx;
        this.pairRate = pairRate;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(10_000, id -> pairRate.sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }
}
