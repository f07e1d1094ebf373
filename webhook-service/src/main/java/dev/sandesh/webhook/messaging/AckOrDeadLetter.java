package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * How this service's AMQP consumers end a delivery: ack once the handler's work is done; nack
 * otherwise, which the channels' {@code failure-strategy=reject} turns into a dead letter — a poison
 * body at once, anything else after the handler's own bounded retries. Never a requeue loop.
 */
final class AckOrDeadLetter {

    private AckOrDeadLetter() {
    }

    /** @param what what the message carries, for the log line ("outcome", "campaign event") */
    static Uni<Void> settle(Message<?> message, Supplier<Uni<?>> work, Logger log, String what) {
        return Uni.createFrom().deferred(work)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof WireFormatException) {
                        log.warnf("dead-lettering a poison %s: %s", what, failure.getMessage());
                    } else {
                        log.errorf(failure, "dead-lettering the %s after retries", what);
                    }
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
