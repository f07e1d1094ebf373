package dev.sandesh.broadcast.api;

import dev.sandesh.contracts.ForgedMessageException;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.WireFormatException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * How a CloudEvents adapter answers (docs/CONVENTIONS.md, "Inbound messages: one handler, two
 * adapters"): eventing-rabbitmq acks a 2xx, dead-letters most 4xx and 500 without a retry, and
 * retries only 404/413/425/429/502/503/504 — so a failure that may pass on a retry must be a 503,
 * never the 500 the app's {@link ProblemMapper} would give an unexpected exception.
 */
final class CloudEventAnswer {

    private CloudEventAnswer() {
    }

    /** 204: the handler's work is done. */
    static Response handled() {
        return Response.noContent().build();
    }

    /** 404: the adapter is switched off (the AMQP consumer is in use). */
    static Response switchedOff() {
        return ProblemMapper.respond(404, "Not found", "the CloudEvents adapter is switched off (the AMQP consumer is in use)", null, null);
    }

    /** 400 for poison (dead-lettered, no retry), 503 with {@code Retry-After: 1} for anything else. */
    static Response failed(Throwable failure, String event) {
        if (failure instanceof ForgedMessageException forged) {
            return forged.unsigned()
                    ? ProblemMapper.respond(401, "Unauthorized", "unsigned internal message: no valid " + InternalSignature.EXTENSION + " attribute", null, null)
                    : ProblemMapper.respond(403, "Forbidden", "the internal message's signature does not match", null, null);
        }
        if (failure instanceof WireFormatException poison) {
            return ProblemMapper.respond(400, "Not " + event, poison.getMessage(), null, null);
        }
        return Response.fromResponse(ProblemMapper.respond(503, "Service unavailable",
                        "the " + event + " could not be handled now; retry later", null, null))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .build();
    }
}
