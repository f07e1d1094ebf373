package dev.sandesh.sender.client;

import dev.sandesh.sender.config.CloudApiConfig;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.metrics.SendMetrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;

/**
 * Exactly one request to the Cloud API, bounded by a timeout.
 *
 * <p>The timeout sits here, around the HTTP exchange alone, and not on {@link CloudApiGateway}:
 * there it would also cover the wait for a pacing slot, and a message that never left would be
 * reported as UNKNOWN. A timeout is never retried: the request may have reached Meta, which has no
 * idempotency key, so a retry could deliver twice. The annotation's 10 s is the only definition;
 * override it with {@code quarkus.fault-tolerance."dev.sandesh.sender.client.CloudApiCall/send".timeout.value} (ms).
 *
 * <p>The circuit breaker sits here too, so that it counts requests, not recipients: when at least
 * half of the last 20 requests failed transiently or timed out, it opens for 10 s (then lets a few
 * through); refused and permanent answers (Meta did answer) count as successes. While it is open
 * the call fails at once with {@code CircuitBreakerOpenException} and nothing leaves: the gateway
 * reports {@link SendAttempt.BreakerOpen}, the handler defers those recipients and re-queues them
 * (see {@code SendBatchHandler}). Its state is read through {@link CloudApiBreaker}. Tune with
 * {@code quarkus.fault-tolerance."dev.sandesh.sender.client.CloudApiCall/send".circuit-breaker.*}.
 *
 * <p>{@code @AsynchronousNonBlocking}: see {@link CloudApiGateway}; the timeout still fires from
 * Fault Tolerance's timer.
 */
@ApplicationScoped
public class CloudApiCall {

    /** The circuit breaker's name, for {@code CircuitBreakerMaintenance}. */
    public static final String BREAKER = "cloud-api";

    private final CloudApiClient client;
    private final CloudApiConfig config;
    private final SendMetrics metrics;
    private final String authorization;

    public CloudApiCall(@RestClient CloudApiClient client, CloudApiConfig config, SendMetrics metrics) {
        this.client = client;
        this.config = config;
        this.metrics = metrics;
        this.authorization = "Bearer " + config.accessToken();
    }

    /**
     * @return Meta's answer, with the wamid it accepted the message with (never null)
     * @throws TransientCloudApiException (as the Uni's failure) for transient errors and connections that never opened
     * @throws CloudApiException          for every other error answer
     */
    @AsynchronousNonBlocking
    @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, delayUnit = ChronoUnit.MILLIS,
            successThreshold = 2, failOn = {TransientCloudApiException.class, TimeoutException.class})
    @CircuitBreakerName(BREAKER)
    public Uni<MessageAccepted> send(String phoneNumberId, TemplateMessageRequest request) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.requestStarted();
            return client.send(config.version(), phoneNumberId, request.endpoint().path(), authorization, request.json())
                    .map(accepted -> {
                        String wamid = accepted == null ? null : accepted.wamid();
                        if (wamid == null) {
                            // 200 without an id: it may well have been sent, so it must not be retried.
                            throw new IllegalStateException("Cloud API answered 200 without a message id");
                        }
                        return accepted;
                    })
                    .onFailure().transform(CloudApiCall::connectFailureIsTransient)
                    .onTermination().invoke((accepted, failure, cancelled) -> metrics.requestEnded(sample, outcome(failure, cancelled)));
        });
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

    private static String outcome(Throwable failure, boolean cancelled) {
        if (cancelled) {
            return "timeout";
        }
        if (failure == null) {
            return "accepted";
        }
        return failure instanceof CloudApiException e ? String.valueOf(e.error().code()) : "io-error";
    }
}
