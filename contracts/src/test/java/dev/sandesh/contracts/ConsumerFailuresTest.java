package dev.sandesh.contracts;

import com.fasterxml.jackson.core.JsonParseException;
import dev.sandesh.contracts.ConsumerFailures.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerFailuresTest {

    /** A stand-in for the driver's exception (PgException) with its SQLSTATE. */
    static final class SqlStateException extends RuntimeException {
        final String state;

        SqlStateException(String state) {
            super("ERROR: something (" + state + ")");
            this.state = state;
        }
    }

    private static Kind classify(Throwable t) {
        return ConsumerFailures.classify(t, link -> link instanceof SqlStateException s ? Optional.of(s.state) : Optional.empty());
    }

    @Test
    void wireFormatAndForgedAndUnreadableBodiesArePoison() {
        assertThat(classify(new WireFormatException("not a SendBatch"))).isEqualTo(Kind.POISON);
        assertThat(classify(new ForgedMessageException(true, "unsigned"))).isEqualTo(Kind.POISON);
        assertThat(classify(new CompletionException(new WireFormatException("unknown version")))).isEqualTo(Kind.POISON);
        assertThat(classify(new JsonParseException(null, "Unexpected character"))).isEqualTo(Kind.POISON);
    }

    @Test
    void lostConnectionsTimeoutsAndUnavailableDatabasesAreTransient() {
        assertThat(classify(new ConnectException("Connection refused"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new RuntimeException("wrapped", new ConnectException("Connection refused")))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new TimeoutException())).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new IOException("stream closed"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new IllegalStateException("Not connected"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new RuntimeException("Message publish nacked by the broker"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new SqlStateException("08006"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new SqlStateException("57P01"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new SqlStateException("57P03"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new SqlStateException("53300"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classify(new SqlStateException("40001"))).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void otherDatabaseErrorsAndBugsAreUnexpected() {
        assertThat(classify(new SqlStateException("23505"))).isEqualTo(Kind.UNEXPECTED);
        assertThat(classify(new SqlStateException("42P01"))).isEqualTo(Kind.UNEXPECTED);
        assertThat(classify(new NullPointerException())).isEqualTo(Kind.UNEXPECTED);
        assertThat(classify(new IllegalArgumentException("no such campaign"))).isEqualTo(Kind.UNEXPECTED);
    }

    @Test
    void aSelfCausedChainEnds() {
        RuntimeException loop = new RuntimeException("a") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertThat(classify(loop)).isEqualTo(Kind.UNEXPECTED);
    }

    @Test
    void theReasonIsTheClassAndTheFirstLineOfTheMessage() {
        assertThat(ConsumerFailures.reason(new WireFormatException("not a SendBatch\nat line 2"))).isEqualTo("WireFormatException: not a SendBatch");
        assertThat(ConsumerFailures.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(ConsumerFailures.reason(new RuntimeException("x".repeat(2000)))).hasSize(512);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofMillis(25600));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.ceiling(1_000_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterDrawsBetweenHalfAndAllOfTheCeiling() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        assertThat(backoff.after(3, () -> 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.after(3, () -> 0.5)).isEqualTo(Duration.ofMillis(600));
        assertThat(backoff.after(3, () -> 0.999999)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
        assertThat(backoff.after(100, () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesABackoffThatCannotWork() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
