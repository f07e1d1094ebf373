package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.persistence.OptOutRepository;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Applies one {@link OptOut} event, whichever adapter received it (the RabbitMQ channel or the
 * HTTP endpoint Knative feeds). A body that is not an OptOut fails with
 * {@link WireFormatException} at once (poison); database failures are retried a few times first.
 */
@ApplicationScoped
public class OptOutHandler {

    private final OptOutRepository optOuts;

    public OptOutHandler(OptOutRepository optOuts) {
        this.optOuts = optOuts;
    }

    public Uni<OptOut> handle(byte[] body) {
        OptOut event;
        try {
            event = WireJson.decode(body, OptOut.class, OptOut.VERSION);
        } catch (WireFormatException poison) {
            return Uni.createFrom().failure(poison);
        }
        return optOuts.apply(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .replaceWith(event);
    }
}
