package dev.sandesh.sender.domain;

import java.util.Optional;

/**
 * The error codes the sender writes itself when Meta gave none: negative, so that they never
 * collide with Meta's {@code error.code}. They are stored in {@code sender.send_ledger.error_code}
 * and carried by {@code BatchOutcome.RecipientOutcome.errorCode}, which webhook-service and
 * broadcast-service read: <b>the numbers are a wire format and must not change</b>.
 *
 * <table>
 *   <tr><th>code</th><th>case</th><th>reported</th></tr>
 *   <tr><td>-1</td><td>{@link ConnectFailed}</td><td>FAILED after the transient retries (the request never left)</td></tr>
 *   <tr><td>-2</td><td>{@link NotSent}</td><td>FAILED: a local failure before any request left</td></tr>
 *   <tr><td>-3</td><td>{@link BreakerOpen}</td><td>DEFERRED: held back by the open circuit breaker, re-queued</td></tr>
 *   <tr><td>-4</td><td>{@link ParameterMissing}</td><td>FAILED, not sent: a placeholder of the template's components
 *       has no value for this recipient (broadcast checks campaigns beforehand; this is the safety net)</td></tr>
 *   <tr><td>-5</td><td>{@link OptedOut}</td><td>FAILED, not sent: the recipient opted out (after the campaign was
 *       created) in a scope covering the template, from this business number or every one</td></tr>
 *   <tr><td>-6</td><td>{@link TakenOver}</td><td>DEFERRED in the outcome of a delivery that lost the recipient to a
 *       later delivery of the same batch before its request left: that delivery sends and reports it</td></tr>
 *   <tr><td>-7</td><td>{@link ShuttingDown}</td><td>DEFERRED, claim released: the sender was shutting down before the
 *       recipient's request left; the batch is handed back to the broker and redelivered</td></tr>
 *   <tr><td>-100 … -599</td><td>{@link HttpStatusOnly}</td><td>an HTTP error answer without Meta's error body</td></tr>
 * </table>
 */
public sealed interface LocalError {

    LocalError CONNECT_FAILED = new ConnectFailed();
    LocalError NOT_SENT = new NotSent();
    LocalError BREAKER_OPEN = new BreakerOpen();
    LocalError PARAMETER_MISSING = new ParameterMissing();
    LocalError OPTED_OUT = new OptedOut();
    LocalError TAKEN_OVER = new TakenOver();
    LocalError SHUTTING_DOWN = new ShuttingDown();

    /** The negative code stored and published. */
    int code();

    /** What the code means, for people reading a ledger row or an outcome. */
    String meaning();

    /** The connection could not be opened, so the request never left: safe to retry. */
    record ConnectFailed() implements LocalError {
        @Override
        public int code() {
            return -1;
        }

        @Override
        public String meaning() {
            return "connection failed before the request left";
        }
    }

    /** Something failed locally before any request left (nothing reached Meta). */
    record NotSent() implements LocalError {
        @Override
        public int code() {
            return -2;
        }

        @Override
        public String meaning() {
            return "not sent: a local failure before any request left";
        }
    }

    /** The Cloud API's circuit breaker was open: nothing left, the recipient is re-queued. */
    record BreakerOpen() implements LocalError {
        @Override
        public int code() {
            return -3;
        }

        @Override
        public String meaning() {
            return "not sent: the Cloud API circuit breaker is open; re-queued for later";
        }
    }

    /**
     * A {@code {{placeholder}}} of the template's components has no value for the recipient (or the
     * components cannot be compiled): the request would have been refused (132000), so it is not sent.
     */
    record ParameterMissing() implements LocalError {
        @Override
        public int code() {
            return -4;
        }

        @Override
        public String meaning() {
            return "not sent: a template parameter has no value for this recipient";
        }
    }

    /** The recipient opted out of this template's scope from this number: checked just before the send, nothing left. */
    record OptedOut() implements LocalError {
        @Override
        public int code() {
            return -5;
        }

        @Override
        public String meaning() {
            return "not sent: the recipient opted out";
        }
    }

    /**
     * Another delivery of the same batch took the recipient over before this one's request left (a
     * redelivery after this delivery was presumed dead): nothing left from here, the other sends it.
     */
    record TakenOver() implements LocalError {
        @Override
        public int code() {
            return -6;
        }

        @Override
        public String meaning() {
            return "not sent by this delivery: another delivery of the batch took the recipient over and sends it";
        }
    }

    /** The sender was shutting down (SIGTERM) before the recipient's request left: its claim is released, the batch redelivered. */
    record ShuttingDown() implements LocalError {
        @Override
        public int code() {
            return -7;
        }

        @Override
        public String meaning() {
            return "not sent: the sender was shutting down; the batch is redelivered";
        }
    }

    /** An HTTP error answer without Meta's error envelope (a proxy's 502, an HTML page): {@code -status}. */
    record HttpStatusOnly(int status) implements LocalError {
        public HttpStatusOnly {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
        }

        @Override
        public int code() {
            return -status;
        }

        @Override
        public String meaning() {
            return "HTTP " + status + " without a Cloud API error body";
        }
    }

    /** The local error a stored code stands for; empty for Meta's codes (and for no code). */
    static Optional<LocalError> of(Integer code) {
        if (code == null || code >= 0) {
            return Optional.empty();
        }
        return switch (code) {
            case -1 -> Optional.of(CONNECT_FAILED);
            case -2 -> Optional.of(NOT_SENT);
            case -3 -> Optional.of(BREAKER_OPEN);
            case -4 -> Optional.of(PARAMETER_MISSING);
            case -5 -> Optional.of(OPTED_OUT);
            case -6 -> Optional.of(TAKEN_OVER);
            case -7 -> Optional.of(SHUTTING_DOWN);
            default -> -code >= 100 && -code <= 599 ? Optional.of(new HttpStatusOnly(-code)) : Optional.empty();
        };
    }
}
