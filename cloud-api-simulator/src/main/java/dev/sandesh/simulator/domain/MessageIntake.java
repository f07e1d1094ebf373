package dev.sandesh.simulator.domain;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The decisions behind {@code POST /{version}/{phone-number-id}/messages}, in the order Meta
 * makes them: access token, phone number id, request shape, template, throughput. Only a send
 * that passes all of them takes a throughput token, is counted as accepted and gets statuses.
 */
public final class MessageIntake {

    private final byte[] accessToken;
    private final Set<String> phoneNumberIds;
    private final TemplateRegistry templates;
    private final ThroughputLimiter limiter;
    private final RecipientRules recipients;
    private final WamidGenerator wamids;
    private final SendAudit audit;
    private final StatusSchedule schedule;
    private final BooleanSupplier webhooksEnabled;
    private final LongSupplier nanoClock;

    public MessageIntake(String accessToken, Set<String> phoneNumberIds, TemplateRegistry templates,
                         ThroughputLimiter limiter, RecipientRules recipients, WamidGenerator wamids, SendAudit audit,
                         StatusSchedule schedule, BooleanSupplier webhooksEnabled, LongSupplier nanoClock) {
        this.accessToken = accessToken.getBytes(StandardCharsets.UTF_8);
        this.phoneNumberIds = Set.copyOf(phoneNumberIds);
        this.templates = templates;
        this.limiter = limiter;
        this.recipients = recipients;
        this.wamids = wamids;
        this.audit = audit;
        this.schedule = schedule;
        this.webhooksEnabled = webhooksEnabled;
        this.nanoClock = nanoClock;
    }

    /**
     * @param bearerToken the presented access token, or null when none was presented
     * @param send        the parsed body, or null when the body is not a JSON object
     */
    public SendOutcome send(String phoneNumberId, String bearerToken, TemplateSend send) {
        Optional<CloudApiError> error = check(phoneNumberId, bearerToken, send);
        if (error.isPresent()) {
            audit.rejected(error.get().code());
            return new SendOutcome.Rejected(error.get());
        }
        String waId = SendRules.waId(send.to());
        String wamid = wamids.next();
        audit.accepted(waId);
        if (webhooksEnabled.getAsBoolean()) {
            String category = templates.find(send.templateName()).map(MessageTemplate::category).orElse("marketing");
            schedule.accepted(new AcceptedMessage(wamid, phoneNumberId, waId, category, send.bizOpaqueCallbackData(),
                    recipients.undeliverable(waId)), nanoClock.getAsLong());
        }
        return new SendOutcome.Accepted(send.to(), waId, wamid);
    }

    private Optional<CloudApiError> check(String phoneNumberId, String bearerToken, TemplateSend send) {
        if (bearerToken == null
                || !MessageDigest.isEqual(accessToken, bearerToken.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(CloudApiError.invalidAccessToken());
        }
        if (!phoneNumberIds.contains(phoneNumberId)) {
            return Optional.of(CloudApiError.unknownObject(phoneNumberId));
        }
        if (send == null) {
            return Optional.of(CloudApiError.invalidParameter("The request body must be a JSON object."));
        }
        Optional<CloudApiError> invalid = SendRules.check(send);
        if (invalid.isPresent()) {
            return invalid;
        }
        Optional<CloudApiError> templateError =
                templates.check(send.templateName(), send.languageCode(), send.bodyParameterCount());
        if (templateError.isPresent()) {
            return templateError;
        }
        if (!limiter.tryAcquire(phoneNumberId)) {
            return Optional.of(CloudApiError.rateLimitHit());
        }
        return Optional.empty();
    }
}
