package dev.sandesh.sender.metrics;

import dev.sandesh.sender.client.CloudApiBreaker;
import dev.sandesh.sender.domain.BreakerState;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.NumberRateBucket;
import dev.sandesh.sender.domain.SendPolicy;
import dev.sandesh.sender.domain.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every meter of sender-service (REFERENCE.md, "Operations"). Meters are looked up once per recipient
 * or request on the hot path, so each is built and registered once and then taken from a map.
 *
 * <ul>
 *   <li>{@code sandesh_sender_sends_total{result,error_class}}: recipients whose send finished here;</li>
 *   <li>{@code sandesh_sender_retries_total{reason}}: throughput, pair-rate and maintenance retries of a
 *       recipient, and the gateway's transient retries of a request ({@code reason="transient"});</li>
 *   <li>{@code sandesh_sender_rate{phone_number_id}}: the rate a number is paced at now;</li>
 *   <li>{@code sandesh_sender_circuit_breaker_state}: 0 closed, 1 half-open, 2 open;</li>
 *   <li>{@code sandesh_sender_cloud_api_requests_seconds{outcome}}: latency of each request, by Meta's code.</li>
 * </ul>
 */
@ApplicationScoped
@Startup // so that the counters exist (at zero) before the first batch
public class SendMetrics {

    /** The reason of the gateway's retries of a transient failure (5xx, Meta's transient codes, no connection). */
    public static final String TRANSIENT = "transient";

    /** The retry reasons, as {@link SendPolicy#errorClass} names them, and the gateway's transient retries. */
    private static final List<String> RETRY_REASONS = List.of("throughput", "pair_rate", "maintenance", TRANSIENT);

    private final MeterRegistry registry;
    private final Map<String, Counter> sends = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();

    @Inject
    public SendMetrics(MeterRegistry registry, CloudApiBreaker breaker) {
        this(registry, breaker::state);
    }

    public SendMetrics(MeterRegistry registry, Supplier<BreakerState> breakerState) {
        this.registry = registry;
        for (LedgerState state : LedgerState.values()) {
            if (state != LedgerState.CLAIMED) {
                sends(state, "none");
            }
        }
        RETRY_REASONS.forEach(this::retries);
        // The supplier is often a method reference made for this call alone: Micrometer holds gauge
        // objects weakly, so without a strong reference the first GC would turn the gauge into NaN.
        Gauge.builder("sandesh.sender.circuit_breaker.state", breakerState, state -> state.get().gaugeValue())
                .description("The Cloud API circuit breaker: 0 closed, 1 half-open, 2 open")
                .strongReference(true)
                .register(registry);
    }

    /** One recipient's send finished (in this process) with this result. */
    public void sent(SendResult result) {
        sends(result.state(), SendPolicy.errorClassOf(result)).increment();
    }

    /** One recipient is sent again after an error of this class (throughput, pair_rate, maintenance, transient). */
    public void retried(String errorClass) {
        retries(errorClass).increment();
    }

    /** Reports the number's current paced rate from now on (once per number). */
    public void watchRate(String phoneNumberId, NumberRateBucket bucket) {
        Gauge.builder("sandesh.sender.rate", bucket, NumberRateBucket::currentRate)
                .description("Messages/s the number is paced at now (lowered after 130429, 0 = unlimited)")
                .tag("phone_number_id", phoneNumberId)
                .register(registry);
    }

    public Timer.Sample requestStarted() {
        return Timer.start(registry);
    }

    /** @param outcome "accepted", Meta's error code, "timeout" or "io-error" */
    public void requestEnded(Timer.Sample sample, String outcome) {
        sample.stop(requests.computeIfAbsent(outcome, o -> registry.timer("sandesh.sender.cloud_api.requests", "outcome", o)));
    }

    private Counter sends(LedgerState state, String errorClass) {
        return sends.computeIfAbsent(state.name() + '/' + errorClass, key -> Counter.builder("sandesh.sender.sends")
                .description("Recipients whose send finished in this process, by result and error class")
                .tag("result", state.name().toLowerCase())
                .tag("error_class", errorClass)
                .register(registry));
    }

    private Counter retries(String reason) {
        return retries.computeIfAbsent(reason, r -> Counter.builder("sandesh.sender.retries")
                .description("Sends made again after a throughput, pair-rate or maintenance error, "
                        + "or a transient failure (reason=transient)")
                .tag("reason", r)
                .register(registry));
    }
}
