package dev.sandesh.simulator.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The decisions behind {@code POST /{version}/{phone-number-id}/messages}, in the order Meta
 * makes them: access token, phone number id, account state, (injected server faults), request
 * shape and parameter values, template, throughput, pair rate. Only a send that passes all of
 * them is counted as accepted and gets statuses; an injected timeout is accepted but unanswered.
 */
public final class MessageIntake {

    /** Everything the intake consults; the mutable parts change at runtime via the control API. */
    public record Parts(TemplateRegistry templates, ThroughputLimiter limiter, PairRateLimiter pairRate,
                        RecipientRules recipients, PhoneNumbers phoneNumbers, WamidGenerator wamids, SendAudit audit,
                        StatusSchedule schedule, Supplier<AccountState> account, Supplier<FaultPlan> faults,
                        Supplier<WebhookQuirks> quirks, BooleanSupplier webhooksEnabled, LongSupplier nanoClock,
                        SentMessageLog sent, Supplier<MarketingMessagesFault> marketingFault,
                        LongSupplier epochMillis, HeldMessages held) { }

    private final byte[] accessToken;
    private final Parts p;

    public MessageIntake(String accessToken, Parts parts) {
        this.accessToken = accessToken.getBytes(StandardCharsets.UTF_8);
        this.p = parts;
    }

    /**
     * @param bearerToken the presented access token, or null when none was presented
     * @param send        the parsed body, or null when the body is not a JSON object
     */
    public SendOutcome send(String phoneNumberId, String bearerToken, TemplateSend send) {
        return send(SendEndpoint.MESSAGES, phoneNumberId, bearerToken, send);
    }

    /** A send through {@code endpoint}; the MM API takes the same body but only marketing templates. */
    public SendOutcome send(SendEndpoint endpoint, String phoneNumberId, String bearerToken, TemplateSend send) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        FaultPlan faults = p.faults().get();
        TemplateRegistry.Checked checked = check(endpoint, phoneNumberId, bearerToken, send, faults, random);
        if (checked instanceof TemplateRegistry.Checked.Invalid invalid) {
            p.audit().rejected(invalid.error().code());
            return new SendOutcome.Rejected(invalid.error());
        }
        TemplateRegistry.Checked.Valid valid = (TemplateRegistry.Checked.Valid) checked;
        String waId = send.recipientKey();
        String wamid = p.wamids().next();
        boolean marketing = valid.template().category() == TemplateCategory.MARKETING;
        // The MM API reports its deliveries as marketing_lite (M/webhooks/reference/messages/status).
        String category = endpoint == SendEndpoint.MARKETING_MESSAGES ? "marketing_lite"
                : valid.template().category().pricing();
        RecipientRules.Resolution resolution = p.recipients().resolve(waId);
        RecipientOutcome outcome = resolution.outcome().marketingOnly() && !marketing
                ? RecipientOutcome.READ : resolution.outcome();
        p.audit().accepted(waId);
        p.sent().record(wamid, waId, phoneNumberId, endpoint, valid.template(), p.epochMillis().getAsLong(),
                valid.values());
        p.audit().outcome(outcome);
        if (p.webhooksEnabled().getAsBoolean()) {
            WebhookQuirks quirks = p.quirks().get();
            AcceptedMessage.Fate fate = new AcceptedMessage.Fate(outcome,
                    resolution.readDelay() == null ? -1 : resolution.readDelay().toNanos(),
                    outcome == RecipientOutcome.READ && quirks.drawSkipDelivered(random),
                    !outcome.failsUnsent() && outcome != RecipientOutcome.HELD && quirks.drawReorder(random));
            AcceptedMessage message = new AcceptedMessage(wamid, phoneNumberId, waId, category,
                    send.bizOpaqueCallbackData(), fate, send.toBsuid(), valid.template().name(),
                    valid.template().language(),
                    outcome == RecipientOutcome.REPLIES_BUTTON ? quickReply(valid.template(), valid.values()) : null);
            if (outcome == RecipientOutcome.HELD) {
                p.held().hold(message, p.nanoClock().getAsLong());
            } else {
                p.schedule().accepted(message, p.nanoClock().getAsLong());
            }
        }
        SendOutcome.Accepted accepted = new SendOutcome.Accepted(send.toBsuid() ? send.recipient() : send.to(),
                send.toBsuid() ? null : waId, wamid, send.toBsuid() ? send.recipient() : null,
                outcome == RecipientOutcome.HELD ? "held_for_quality_assessment" : "accepted");
        if (faults.drawTimeout(random)) {
            p.audit().unanswered();
            return new SendOutcome.Unanswered(accepted);
        }
        return accepted;
    }

    private TemplateRegistry.Checked check(SendEndpoint endpoint, String phoneNumberId, String bearerToken,
                                           TemplateSend send, FaultPlan faults, ThreadLocalRandom random) {
        Optional<CloudApiError> request = checkRequest(endpoint, phoneNumberId, bearerToken, send, faults, random);
        if (request.isPresent()) {
            return new TemplateRegistry.Checked.Invalid(request.get());
        }
        TemplateRegistry.Checked checked = p.templates().check(send);
        if (checked instanceof TemplateRegistry.Checked.Valid valid) {
            Optional<CloudApiError> after = checkAfterTemplate(endpoint, phoneNumberId, send, valid.template());
            if (after.isPresent()) {
                return new TemplateRegistry.Checked.Invalid(after.get());
            }
        }
        return checked;
    }

    /**
     * What tapping the template's first quick reply sends back: the payload this send gave it, else
     * the button text (Meta's default payload), or null when the template has none.
     */
    static AcceptedMessage.QuickReply quickReply(MessageTemplate template, java.util.List<SentValue> values) {
        for (TemplateComponent component : template.components()) {
            if (component instanceof TemplateComponent.Buttons buttons) {
                for (int i = 0; i < buttons.buttons().size(); i++) {
                    if (buttons.buttons().get(i) instanceof TemplateButton.QuickReply q) {
                        int index = i;
                        String payload = values.stream()
                                .filter(v -> v.card() == null && Integer.valueOf(index).equals(v.index()))
                                .map(SentValue::value).findFirst().orElse(q.text());
                        return new AcceptedMessage.QuickReply(payload, q.text());
                    }
                }
            }
        }
        return null;
    }

    private Optional<CloudApiError> checkAfterTemplate(SendEndpoint endpoint, String phoneNumberId, TemplateSend send,
                                                       MessageTemplate template) {
        if (send.toBsuid() && template.category() == TemplateCategory.AUTHENTICATION) {
            // One-tap, zero-tap and copy-code templates need a phone number (M/business-scoped-user-ids).
            return Optional.of(CloudApiError.bsuidNotSupported());
        }
        if (endpoint == SendEndpoint.MARKETING_MESSAGES) {
            if (template.category() != TemplateCategory.MARKETING) {
                // "only marketing messages supported (utility/auth template sent)" (CLOUD-API-MORE §5).
                return Optional.of(CloudApiError.marketingMessages(CloudApiError.MM_ONLY_MARKETING, template.name()));
            }
            MarketingMessagesFault fault = p.marketingFault().get();
            if (fault != null && fault.applies(template.name())) {
                return Optional.of(fault.error(template.name()));
            }
        }
        if (!p.limiter().tryAcquire(phoneNumberId)) {
            return Optional.of(CloudApiError.rateLimitHit());
        }
        if (!p.pairRate().tryAcquire(phoneNumberId, send.recipientKey())) {
            return Optional.of(CloudApiError.pairRateLimitHit());
        }
        return Optional.empty();
    }

    private Optional<CloudApiError> checkRequest(SendEndpoint endpoint, String phoneNumberId, String bearerToken,
                                                 TemplateSend send, FaultPlan faults, ThreadLocalRandom random) {
        if (bearerToken == null
                || !MessageDigest.isEqual(accessToken, bearerToken.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(CloudApiError.invalidAccessToken());
        }
        if (!p.phoneNumbers().owns(phoneNumberId)) {
            return Optional.of(CloudApiError.unknownObject(phoneNumberId));
        }
        Optional<CloudApiError> account = p.account().get().error();
        if (account.isPresent()) {
            return account;
        }
        CloudApiError serverError = faults.drawServerError(random);
        if (serverError != null) {
            return Optional.of(serverError);
        }
        if (send == null) {
            return Optional.of(CloudApiError.invalidParameter("The request body must be a JSON object."));
        }
        if (endpoint == SendEndpoint.MARKETING_MESSAGES) {
            Optional<CloudApiError> marketing = SendRules.checkMarketing(send);
            if (marketing.isPresent()) {
                return marketing;
            }
        }
        return SendRules.check(send);
    }
}
