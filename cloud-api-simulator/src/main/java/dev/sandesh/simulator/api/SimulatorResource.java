package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.CloudApiError;
import dev.sandesh.simulator.config.SimulatorState;
import dev.sandesh.simulator.domain.HeldMessages;
import dev.sandesh.simulator.domain.MarketingMessagesFault;
import dev.sandesh.simulator.domain.SentMessageLog;
import dev.sandesh.simulator.domain.PairRateLimiter;
import dev.sandesh.simulator.domain.PhoneNumbers;
import dev.sandesh.simulator.domain.RecipientRules;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.ThroughputLimiter;
import dev.sandesh.simulator.domain.WamidGenerator;
import dev.sandesh.simulator.domain.WebhookAttemptLog;
import dev.sandesh.simulator.webhook.InboundWebhookPayload;
import dev.sandesh.simulator.webhook.WebhookDispatcher;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own API, outside Meta's namespace: the audit that tests and benchmarks read
 * ("was anyone sent twice?"), its reset, the knobs a scenario changes at runtime, the webhook
 * attempt log, and what users do (inbound messages, marketing opt-outs) on request.
 */
@Path("/_simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    /** {@code POST /_simulator/inbound}: a text, or a quick-reply button press. */
    public record InboundRequest(String from, String text, Button button, String contextId, String name,
                                 String phoneNumberId) {
        public record Button(String payload, String text) { }
    }

    /** {@code POST /_simulator/user-preferences}: {@code value} = stop | resume. */
    public record PreferenceRequest(String waId, String value, String detail, String name, String phoneNumberId) { }

    /** {@code GET/PUT /_simulator/marketing-messages}. */
    public record MarketingFaultView(Integer failWith, String template) { }

    /** What an inbound request queued: the user's message id (inbound only) and the notification kind. */
    public record InboundQueued(String id, String field, boolean webhooksOn) { }

    private final SendAudit audit;
    private final StatusSchedule schedule;
    private final ThroughputLimiter limiter;
    private final PairRateLimiter pairRate;
    private final RuntimeSettings settings;
    private final WebhookAttemptLog attemptLog;
    private final RecipientRules recipients;
    private final PhoneNumbers phoneNumbers;
    private final InboundWebhookPayload inbound;
    private final WebhookDispatcher dispatcher;
    private final WamidGenerator wamids;
    private final InstantSource clock;
    private final SentMessageLog sent;
    private final HeldMessages held;
    private final SimulatorState state;

    public SimulatorResource(SendAudit audit, StatusSchedule schedule, ThroughputLimiter limiter,
                             PairRateLimiter pairRate, RuntimeSettings settings,
                             WebhookAttemptLog attemptLog, RecipientRules recipients, PhoneNumbers phoneNumbers,
                             InboundWebhookPayload inbound, WebhookDispatcher dispatcher, WamidGenerator wamids,
                             InstantSource clock, SentMessageLog sent, SimulatorState state, HeldMessages held) {
        this.held = held;
        this.sent = sent;
        this.state = state;
        this.audit = audit;
        this.schedule = schedule;
        this.limiter = limiter;
        this.pairRate = pairRate;
        this.settings = settings;
        this.attemptLog = attemptLog;
        this.recipients = recipients;
        this.phoneNumbers = phoneNumbers;
        this.inbound = inbound;
        this.dispatcher = dispatcher;
        this.wamids = wamids;
        this.clock = clock;
    }

    /** @param limit most recipients listed under {@code recipients.duplicates} */
    @GET
    @Path("/audit")
    public AuditReport audit(@QueryParam("limit") @DefaultValue("1000") int limit) {
        SendAudit.WebhookCounts w = audit.webhooks();
        return new AuditReport(audit.acceptedTotal(), audit.acceptedByOutcome(), audit.recipients(Math.max(0, limit)),
                new AuditReport.Rejections(audit.rejectionsTotal(), audit.rejectionsByCode()),
                new AuditReport.RateLimited(audit.rejectionsWithCode(CloudApiError.RATE_LIMIT_HIT),
                        audit.rejectionsWithCode(CloudApiError.PAIR_RATE_LIMIT)),
                new AuditReport.Faults(audit.rejectionsWithCode(CloudApiError.SOMETHING_WENT_WRONG),
                        audit.rejectionsWithCode(CloudApiError.SERVICE_UNAVAILABLE), audit.unansweredTotal()),
                new AuditReport.Webhooks(w.postsAttempted(), w.postsDelivered(), w.postsFailed(), w.postsAbandoned(),
                        w.statusesDelivered(), w.statusesAbandoned(), w.statusesDeliveredByStatus(),
                        schedule.awaiting(), audit.duplicatePostsTotal(), audit.inboundPostsTotal()), held.size());
    }

    /** Accepted sends to one recipient; {@code to} as sent, with or without '+'. */
    @GET
    @Path("/audit/recipients/{to}")
    public AuditReport.RecipientAudit recipient(@PathParam("to") String to) {
        String waId = to.startsWith("+") ? to.substring(1) : to;
        return new AuditReport.RecipientAudit(waId, audit.acceptedFor(waId),
                sent.find(waId, null, 100).stream().map(AuditReport.Sent::of).toList());
    }

    /**
     * Forgets every count, every status not yet reported and the attempt log, and refills the
     * throughput and pair-rate buckets (POSTs already in flight finish). Configuration stays.
     */
    @POST
    @Path("/reset")
    public AuditReport reset() {
        audit.reset();
        sent.clear();
        held.clear();
        schedule.clear();
        attemptLog.clear();
        limiter.refill();
        pairRate.refill();
        return audit(1000);
    }

    @GET
    @Path("/config")
    public SimulatorSettings config() {
        return settings.view();
    }

    @PUT
    @Path("/config")
    @Consumes(MediaType.APPLICATION_JSON)
    public SimulatorSettings changeConfig(Map<String, Object> change) {
        settings.change(change);
        return config();
    }

    /** The recipient rules alone; same shape as {@code recipientRules} of the config. */
    @GET
    @Path("/recipient-rules")
    public List<SimulatorSettings.RuleView> recipientRules() {
        return recipients.rules().stream().map(RuntimeSettings::ruleView).toList();
    }

    @PUT
    @Path("/recipient-rules")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<SimulatorSettings.RuleView> replaceRecipientRules(List<Object> rules) {
        settings.change(java.util.Collections.singletonMap("recipientRules", rules == null ? List.of() : rules));
        return recipientRules();
    }

    /** The newest webhook POST attempts (oldest first), with results and retry delays. */
    @GET
    @Path("/webhooks/attempts")
    public List<WebhookAttemptLog.Attempt> webhookAttempts(@QueryParam("limit") @DefaultValue("100") int limit) {
        return attemptLog.last(limit);
    }

    /** A user writes to the business: a text (e.g. "STOP") or a quick-reply button press. */
    @POST
    @Path("/inbound")
    @Consumes(MediaType.APPLICATION_JSON)
    public InboundQueued inbound(InboundRequest request) {
        if (request == null || request.from() == null || !request.from().matches("\\+?[1-9][0-9]{4,14}")) {
            throw new BadRequestException("from must be the user's phone number (digits)");
        }
        boolean button = request.button() != null && request.button().payload() != null;
        if (!button && (request.text() == null || request.text().isEmpty())) {
            throw new BadRequestException("give text, or button.payload (and optionally button.text)");
        }
        String phoneNumberId = phoneNumberId(request.phoneNumberId());
        String from = request.from().startsWith("+") ? request.from().substring(1) : request.from();
        String id = wamids.next();
        byte[] body = inbound.message(new InboundWebhookPayload.InboundMessage(phoneNumberId, from,
                name(request.name()), id, clock.instant().getEpochSecond(), button ? null : request.text(),
                button ? request.button().payload() : null, button ? request.button().text() : null,
                request.contextId()));
        audit.inboundPost();
        dispatcher.dispatchInbound("messages", body);
        return new InboundQueued(id, "messages", settings.view().webhookUrl() != null);
    }

    /**
     * A user stops (or resumes) marketing messages from the business: Meta notifies field
     * {@code user_preferences}, and from then on marketing templates to the user fail with 131050.
     */
    @POST
    @Path("/user-preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public InboundQueued userPreferences(PreferenceRequest request) {
        if (request == null || request.waId() == null || !request.waId().matches("\\+?[1-9][0-9]{4,14}")) {
            throw new BadRequestException("waId must be the user's phone number (digits)");
        }
        if (!"stop".equals(request.value()) && !"resume".equals(request.value())) {
            throw new BadRequestException("value must be stop or resume");
        }
        String waId = request.waId().startsWith("+") ? request.waId().substring(1) : request.waId();
        boolean stop = "stop".equals(request.value());
        recipients.marketingPreference(waId, stop);
        String detail = request.detail() != null ? request.detail()
                : stop ? "User requested to stop marketing messages" : "User requested to resume marketing messages";
        byte[] body = inbound.preference(new InboundWebhookPayload.MarketingPreference(
                phoneNumberId(request.phoneNumberId()), waId, name(request.name()), request.value(), detail,
                clock.instant().getEpochSecond()));
        audit.inboundPost();
        dispatcher.dispatchInbound("user_preferences", body);
        return new InboundQueued(null, "user_preferences", settings.view().webhookUrl() != null);
    }

    /** Accepted sends with the values they carried (newest {@code limit}), by recipient and/or template name. */
    @GET
    @Path("/audit/sends")
    public List<AuditReport.Sent> sends(@QueryParam("to") String to, @QueryParam("template") String template,
                                        @QueryParam("limit") @DefaultValue("100") int limit) {
        String waId = to == null ? null : to.startsWith("+") ? to.substring(1) : to;
        return sent.find(waId, template, Math.max(0, limit)).stream().map(AuditReport.Sent::of).toList();
    }

    /** The send of one wamid, while the log still keeps it ({@code audit-sends-kept}). */
    @GET
    @Path("/audit/sends/{wamid}")
    public AuditReport.Sent sendOf(@PathParam("wamid") String wamid) {
        return sent.find(wamid).map(AuditReport.Sent::of)
                .orElseThrow(() -> new NotFoundException("no kept send with id " + wamid));
    }

    /** {@code GET/PUT /_simulator/held}: messages held for quality assessment, and their automatic release. */
    public record HeldView(int held, String releaseAfter) { }

    @GET
    @Path("/held")
    public HeldView held() {
        return new HeldView(held.size(), held.releaseAfter() == null ? null : held.releaseAfter().toString());
    }

    /** {@code {"releaseAfter":"2s"}} (held messages are released that long after acceptance) or {@code null} (on demand only). */
    @PUT
    @Path("/held")
    @Consumes(MediaType.APPLICATION_JSON)
    public HeldView changeHeld(Map<String, Object> change) {
        try {
            held.releaseAfter(change == null ? null : RuntimeSettings.duration(change, "releaseAfter").orElse(null));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return held();
    }

    /** The MM API error produced on demand: {@code {"failWith":null}} when none. */
    @GET
    @Path("/marketing-messages")
    public MarketingFaultView marketingMessages() {
        MarketingMessagesFault fault = state.marketingFault();
        return fault == null ? new MarketingFaultView(null, null) : new MarketingFaultView(fault.code(), fault.templateName());
    }

    /**
     * {@code {"failWith":134101,"template":"diwali_offer"}}: later MM API sends (of that template, or
     * all without {@code template}) that pass the template checks fail so; {@code {"failWith":null}} stops it.
     */
    @PUT
    @Path("/marketing-messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public MarketingFaultView changeMarketingMessages(MarketingFaultView change) {
        if (change == null || change.failWith() == null) {
            state.marketingFault(null);
        } else {
            try {
                state.marketingFault(new MarketingMessagesFault(change.failWith(), change.template()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        return marketingMessages();
    }

    private String phoneNumberId(String requested) {
        if (requested == null) {
            return phoneNumbers.any().orElseThrow(() -> new BadRequestException("no phone number configured"));
        }
        if (!phoneNumbers.owns(requested)) {
            throw new BadRequestException("unknown phoneNumberId " + requested);
        }
        return requested;
    }

    private static String name(String name) {
        return name == null || name.isBlank() ? "Test User" : name;
    }
}
