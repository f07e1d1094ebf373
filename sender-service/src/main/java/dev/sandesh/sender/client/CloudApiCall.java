package dev.sandesh.sender.client;

import dev.sandesh.sender.config.CloudApiConfig;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.metrics.SendMetrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Exactly one request to the Cloud API, bounded by a timeout, behind the circuit breaker: a
 * SmallRye Fault Tolerance {@link TypedGuard} over the Vert.x {@code Future} of the request, built
 * once from {@link CloudApiConfig} (the programmatic API: no CDI interceptor, no request context,
 * no context capture per call; REFERENCE.md "Performance").
 *
 * <p>The timeout sits here, around the HTTP exchange alone, and not on {@link PacedCloudApiCall}:
 * there it would also cover the wait for a pacing slot, and a message that never left would be
 * reported as UNKNOWN. A timeout is never retried: the request may have reached Meta, which has no
 * idempotency key, so a retry could deliver twice. The timed-out request is reset, so that its
 * connection serves the next one. {@code sandesh.cloud-api.timeout} (10 s).
 *
 * <p>The circuit breaker sits here too, so that it counts requests, not recipients: when at least
 * half of the last 20 requests failed transiently or timed out, it opens for 10 s (then lets a few
 * through); refused and permanent answers (Meta did answer) count as successes. While it is open
 * the call fails at once with {@code CircuitBreakerOpenException} and nothing leaves: the gateway
 * reports {@link SendAttempt.BreakerOpen}, the handler defers those recipients and re-queues them
 * (see {@code SendBatchHandler}). It is named {@value #BREAKER} for {@code CircuitBreakerMaintenance};
 * its state is read through {@link CloudApiBreaker}. {@code sandesh.cloud-api.breaker.*}.
 *
 * <p>Without thread offload the guard stays on the caller's Vert.x event loop, as
 * {@code @AsynchronousNonBlocking} did; the timeout fires from Fault Tolerance's timer.
 */
@ApplicationScoped
@Startup // the breaker's name is known to CircuitBreakerMaintenance (and the gauge) before the first send
public class CloudApiCall {

    /** The circuit breaker's name, for {@code CircuitBreakerMaintenance}. */
    public static final String BREAKER = "cloud-api";

    private static final TypeLiteral<Future<MessageAccepted>> ANSWER = new TypeLiteral<>() {
    };

    private final CloudApiClient client;
    private final SendMetrics metrics;
    private final TypedGuard<Future<MessageAccepted>> guard;

    public CloudApiCall(CloudApiClient client, CloudApiConfig config, SendMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        CloudApiConfig.Breaker breaker = config.breaker();
        this.guard = TypedGuard.create(ANSWER)
                .withDescription("cloud-api request")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .failOn(List.of(TransientCloudApiException.class, TimeoutException.class))
                .done()
                .build();
    }

    /**
     * @return Meta's answer, with the wamid it accepted the message with (never null); fails with
     *         {@link TransientCloudApiException} for transient errors and connections that never opened,
     *         {@link CloudApiException} for every other error answer, {@link TimeoutException} without
     *         an answer in time, {@link CircuitBreakerOpenException} when nothing was sent
     */
    public Future<MessageAccepted> send(String phoneNumberId, TemplateMessageRequest request) {
        Request made = new Request();
        return guard.get(() -> {
            made.sample = metrics.requestStarted();
            return client.send(phoneNumberId, request.endpoint(), request.json(), made.exchange)
                    .recover(failure -> Future.failedFuture(connectFailureIsTransient(failure)));
        }).andThen(ended -> made.ended(ended.cause()));
    }

    /** One guarded call: its request (if the breaker let it through) and that request's latency sample. */
    private final class Request {
        final CloudApiClient.Exchange exchange = new CloudApiClient.Exchange();
        Timer.Sample sample;

        void ended(Throwable failure) {
            if (failure instanceof TimeoutException) {
                exchange.abandon();
            }
            if (sample != null) {
                metrics.requestEnded(sample, outcome(failure));
            }
        }
    }

    /** A connection that never opened is safe to retry: the request cannot have reached Meta. */
    private static Throwable connectFailureIsTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return new TransientCloudApiException(0, CloudApiError.connectFailed(t.getClass().getSimpleName()));
            }
        }
        return failure;
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "accepted";
        }
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        return failure instanceof CloudApiException e ? String.valueOf(e.error().code()) : "io-error";
    }
}
