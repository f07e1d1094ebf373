package dev.sandesh.webhook.api;

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
        return ProblemMapper.respond(Problem.of(404, "Not Found", "the CloudEvents adapter is switched off (the AMQP consumer is in use)"));
    }

    /**
     * 401 unsigned / 403 not signed with the internal secret, 400 for other poison (each
     * dead-lettered, no retry, nothing changed), 503 with {@code Retry-After: 1} for anything else.
     */
    static Response failed(Throwable failure, String event) {
        if (failure instanceof ForgedMessageException forged) {
            return forged.unsigned()
                    ? ProblemMapper.respond(Problem.of(401, "Unauthorized", "unsigned internal message: no valid " + InternalSignature.EXTENSION + " attribute"))
                    : ProblemMapper.respond(Problem.of(403, "Forbidden", "the internal message's signature does not match"));
        }
        if (failure instanceof WireFormatException poison) {
            return ProblemMapper.respond(Problem.of(400, "Bad Request", poison.getMessage()));
        }
        return Response.fromResponse(ProblemMapper.respond(Problem.of(503, "Service Unavailable",
                        "the " + event + " could not be handled now; retry later")))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .build();
    }
}
