package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "sandesh.broadcast")
public interface BroadcastConfig {

    /** Valid recipients per {@code SendBatch} message. */
    @WithDefault("100")
    int batchSize();

    /** ISO region for numbers written without a country code. */
    @WithDefault("IN")
    String defaultRegion();

    /** Meta's id of the business phone number campaigns send from unless they name another. */
    @WithDefault("106540352242922")
    String phoneNumberId();

    /**
     * The deployment's other business numbers, which campaigns may name instead of
     * {@link #phoneNumberId()} (comma list). Numbers with a tier of their own
     * ({@link #messagingLimitTiers()}) and those an API key is scoped to count too; any other id is
     * refused with 400 (domain.BusinessNumbers).
     */
    Optional<List<String>> phoneNumberIds();

    /**
     * How long to wait for the broker to confirm one batch (a start's publish then stops, and the
     * scheduler tick resumes it) or a control message (answered 503); per message, so a campaign of
     * any size can be published.
     */
    @WithDefault("30s")
    Duration publishTimeout();

    /**
     * On resume, how long after the broker confirmed the RESUME control the campaign's batches are
     * published again. sender-service reads controls and batches from two queues at once: a batch
     * taken up before its RESUME would find the campaign still halted or paused and report its
     * recipients HALTED or DEFERRED again. The sender applies a control within milliseconds and
     * re-reads the control table every second, so two seconds lets the RESUME win.
     */
    @WithDefault("2s")
    Duration resumeHandover();

    /**
     * The CloudEvents adapter ({@code POST /internal/cloudevents/optouts}) answers instead of 404:
     * on under {@code %knative}, where a RabbitmqSource feeds it and the {@code optouts} AMQP
     * channel is off (docs/CONVENTIONS.md).
     */
    @WithDefault("false")
    boolean cloudeventsEnabled();

    /** Declare the batches and control queues (and their DLQs) at startup, so messages wait for a sender that never ran. */
    @WithDefault("true")
    boolean declareBatchQueue();

    /**
     * Meta's messaging-limit tier of the sending numbers: unique users per moving 24 h
     * ({@code 250}, {@code 2000}, {@code 10000}, {@code 100000} or {@code unlimited}).
     */
    @WithDefault("unlimited")
    String messagingLimitTier();

    /** The tier of particular phone number ids, when they differ from {@link #messagingLimitTier()}. */
    Map<String, String> messagingLimitTiers();

    /** An operator's rate card (same columns as the shipped one) instead of {@code RateCard.shipped()}. */
    Optional<Path> rateCardFile();

    /**
     * How long a recipient still accepted, sent or UNKNOWN may go without news before it counts as
     * settled (domain.Settlement): a campaign is COMPLETED once every valid recipient is settled.
     */
    @WithDefault("72h")
    Duration settleAfter();

    /** Default page size of list endpoints. */
    @WithDefault("100")
    int pageSize();

    /** The local scheduler tick (api.SchedulerTimer). */
    Scheduler scheduler();

    interface Scheduler {
        /** How often: a duration such as {@code 5s}, or {@code off} where a Knative PingSource calls the tick endpoint. */
        @WithDefault("5s")
        String every();
    }

    default String tierOf(String phoneNumberId) {
        return messagingLimitTiers().getOrDefault(phoneNumberId, messagingLimitTier());
    }
}
