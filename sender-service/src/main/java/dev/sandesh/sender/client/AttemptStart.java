package dev.sandesh.sender.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records, just before a recipient's first request leaves (its rate slot granted), that its
 * attempt started: the mark that lets a later delivery of the batch tell "may have left" (UNKNOWN)
 * from "never started" (sent by that delivery). The request leaves only once the mark is written.
 */
@FunctionalInterface
public interface AttemptStart {

    /** No mark (tests of the client alone). */
    AttemptStart NONE = () -> CompletableFuture.completedFuture(true);

    /**
     * @return true: recorded, the request may leave; false: this delivery no longer owns the
     *         recipient (another delivery took it over), nothing may leave; fails when the mark
     *         could not be written (nothing may leave now)
     */
    CompletionStage<Boolean> record();
}
