package dev.sandesh.contracts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a consumer does with a delivery whose handling failed (docs/CONVENTIONS.md, "Inbound
 * messages"): the one classification every AMQP consumer and CloudEvents adapter of Sandesh uses.
 *
 * <ul>
 *   <li>{@link Kind#POISON}: the message itself is wrong ({@link WireFormatException} — not the
 *       expected event, an unknown version, a forged or unsigned message — or a validation failure).
 *       Dead-lettered at once with the reason; retrying cannot help.</li>
 *   <li>{@link Kind#TRANSIENT}: a dependency is unavailable — a refused, reset or closed connection,
 *       a pool or request timeout, PostgreSQL's SQLSTATE class {@code 08} (connection), {@code 53}
 *       (insufficient resources), {@code 57P01}–{@code 57P03} (shutting down, cannot connect now),
 *       {@code 40001}/{@code 40P01} (serialization failure, deadlock), {@code 55P03} (lock not
 *       available), a broker that does not confirm. The consumer waits and retries with capped
 *       exponential backoff ({@link RetryBackoff}) for as long as it takes: an outage is a wait,
 *       never a dead letter.</li>
 *   <li>{@link Kind#UNEXPECTED}: anything else (a bug, a constraint the code did not expect).
 *       Retried a bounded number of times, then dead-lettered with the reason, so that one message
 *       cannot block its queue for ever; {@code POST /internal/v1/dlq/{queue}/replay} brings it
 *       back after the fix.</li>
 * </ul>
 *
 * Pure Java: the SQLSTATE of a database exception is read by the caller, which knows its driver
 * (e.g. {@code t instanceof PgException pg ? Optional.ofNullable(pg.getSqlState()) : Optional.empty()}).
 */
public final class ConsumerFailures {

    public enum Kind { POISON, TRANSIENT, UNEXPECTED }

    /** The header carrying why a message was dead-lettered (with {@link #EXCEPTION_HEADER} and {@link #QUEUE_HEADER}). */
    public static final String REASON_HEADER = "x-sandesh-reason";
    /** The class of the exception that dead-lettered the message. */
    public static final String EXCEPTION_HEADER = "x-sandesh-exception";
    /** The queue the message was dead-lettered from (where a replay sends it back). */
    public static final String QUEUE_HEADER = "x-sandesh-queue";
    /** How many times a replay moved the message back to its queue. */
    public static final String REPLAYS_HEADER = "x-sandesh-replays";

    /** SQLSTATEs that say "the database is not available now", beyond whole classes 08 and 53. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "55P03");

    /** Exception classes (by name, so that contracts needs none of their libraries) that mean a lost or refused connection. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.http.HttpClosedException",
            "io.vertx.core.VertxException",
            "io.netty.channel.ConnectTimeoutException",
            "io.netty.handler.timeout.TimeoutException",
            "com.rabbitmq.client.AlreadyClosedException",
            "com.rabbitmq.client.ShutdownSignalException",
            "org.hibernate.reactive.exception.ConnectionException",
            "jakarta.persistence.QueryTimeoutException",
            "org.hibernate.exception.JDBCConnectionException");

    /**
     * Words in a message of an exception that the clients raise without a class of their own
     * (Vert.x's {@code NoStackTraceThrowable}: "Not connected", "Timeout", "Connection is closed",
     * "Message publish nacked by the broker").
     */
    private static final String[] TRANSIENT_WORDS = {
            "connection refused", "connection reset", "connection is closed", "connection closed",
            "not connected", "timeout", "timed out", "nacked by the broker", "pool closed",
            "broken pipe", "channel is closed", "channel closed", "already closed", "shutdown"};

    private static final int MAX_DEPTH = 16;

    private ConsumerFailures() {
    }

    /** {@link #classify(Throwable, Function)} without a database driver at hand. */
    public static Kind classify(Throwable failure) {
        return classify(failure, t -> Optional.empty());
    }

    /**
     * @param sqlState the SQLSTATE of one link of the cause chain, if it is a database exception
     */
    public static Kind classify(Throwable failure, Function<Throwable, Optional<String>> sqlState) {
        Throwable link = failure;
        for (int depth = 0; link != null && depth < MAX_DEPTH; depth++, link = link.getCause() == link ? null : link.getCause()) {
            if (link instanceof WireFormatException || isValidation(link)) {
                return Kind.POISON;
            }
            if (isTransient(link, sqlState)) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.UNEXPECTED;
    }

    /** A reason short enough for a header: the exception's class and message, first line, at most 512 characters. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        String reason = failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return reason.length() <= 512 ? reason : reason.substring(0, 512);
    }

    /** Bean validation, and a body Jackson could not read (an IOException, but never a transient one). */
    private static boolean isValidation(Throwable link) {
        for (Class<?> type = link.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            String name = type.getName();
            if (name.equals("jakarta.validation.ValidationException") || name.equals("com.fasterxml.jackson.core.JacksonException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(Throwable link, Function<Throwable, Optional<String>> sqlState) {
        if (link instanceof java.net.ConnectException
                || link instanceof java.net.SocketException
                || link instanceof java.net.SocketTimeoutException
                || link instanceof java.net.UnknownHostException
                || link instanceof java.nio.channels.ClosedChannelException
                || link instanceof java.util.concurrent.TimeoutException
                || link instanceof java.io.IOException) {
            return true;
        }
        Optional<String> state = sqlState.apply(link);
        if (state.isPresent()) {
            String code = state.get().toUpperCase(Locale.ROOT);
            return code.startsWith("08") || code.startsWith("53") || TRANSIENT_SQL_STATES.contains(code);
        }
        for (Class<?> type = link.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            if (TRANSIENT_CLASSES.contains(type.getName())) {
                return true;
            }
        }
        String message = link.getMessage();
        if (message != null) {
            String lower = message.toLowerCase(Locale.ROOT);
            for (String word : TRANSIENT_WORDS) {
                if (lower.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }
}
