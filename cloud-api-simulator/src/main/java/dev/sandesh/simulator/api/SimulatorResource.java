package dev.sandesh.simulator.api;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.config.WebhookTarget;
import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.TemplateRegistry;
import dev.sandesh.simulator.domain.TemplateStatus;
import dev.sandesh.simulator.domain.ThroughputLimiter;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's own API, outside Meta's namespace: the audit that tests and benchmarks read
 * ("was anyone sent twice?"), its reset, and the knobs a scenario changes at runtime.
 */
@Path("/_simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    private final SendAudit audit;
    private final StatusSchedule schedule;
    private final ThroughputLimiter limiter;
    private final WebhookTarget webhookTarget;
    private final TemplateRegistry templates;
    private final List<String> phoneNumberIds;

    public SimulatorResource(SendAudit audit, StatusSchedule schedule, ThroughputLimiter limiter,
                             WebhookTarget webhookTarget, TemplateRegistry templates, SimulatorConfig config) {
        this.audit = audit;
        this.schedule = schedule;
        this.limiter = limiter;
        this.webhookTarget = webhookTarget;
        this.templates = templates;
        this.phoneNumberIds = List.copyOf(config.phoneNumberIds());
    }

    /** @param limit most recipients listed under {@code recipients.duplicates} */
    @GET
    @Path("/audit")
    public AuditReport audit(@QueryParam("limit") @DefaultValue("1000") int limit) {
        SendAudit.WebhookCounts w = audit.webhooks();
        return new AuditReport(audit.acceptedTotal(), audit.recipients(Math.max(0, limit)),
                new AuditReport.Rejections(audit.rejectionsTotal(), audit.rejectionsByCode()),
                new AuditReport.Webhooks(w.postsAttempted(), w.postsDelivered(), w.postsFailed(), w.postsAbandoned(),
                        w.statusesDelivered(), w.statusesAbandoned(), w.statusesDeliveredByStatus(),
                        schedule.awaiting()));
    }

    /** Accepted sends to one recipient; {@code to} as sent, with or without '+'. */
    @GET
    @Path("/audit/recipients/{to}")
    public AuditReport.RecipientAudit recipient(@PathParam("to") String to) {
        String waId = to.startsWith("+") ? to.substring(1) : to;
        return new AuditReport.RecipientAudit(waId, audit.acceptedFor(waId));
    }

    /** Forgets every count and every status not yet reported (POSTs already in flight finish). */
    @POST
    @Path("/reset")
    public AuditReport reset() {
        audit.reset();
        schedule.clear();
        return audit(1000);
    }

    @GET
    @Path("/config")
    public SimulatorSettings config() {
        ThroughputLimiter.Limits limits = limiter.limits();
        return new SimulatorSettings(limits.rate(), limits.burst(), webhookTarget.url().orElse(null), phoneNumberIds);
    }

    @PUT
    @Path("/config")
    @Consumes(MediaType.APPLICATION_JSON)
    public SimulatorSettings changeConfig(Map<String, Object> change) {
        if (change == null) {
            throw new BadRequestException("body must be a JSON object");
        }
        if (change.containsKey("rate") || change.containsKey("burst")) {
            double rate = number(change, "rate").orElse(limiter.limits().rate());
            Double burst = number(change, "burst").orElse(change.containsKey("rate") ? null : limiter.limits().burst());
            limiter.change(ThroughputLimiter.Limits.of(rate, burst));
        }
        if (change.containsKey("webhookUrl")) {
            Object url = change.get("webhookUrl");
            webhookTarget.change(url == null ? null : url.toString());
        }
        return config();
    }

    @GET
    @Path("/templates")
    public List<TemplateView> templates() {
        return templates.all().stream().map(TemplateView::of).toList();
    }

    /** Adds a template or changes one, e.g. {@code {"status":"PAUSED"}} to make sends fail with 132015. */
    @PUT
    @Path("/templates/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView putTemplate(@PathParam("name") String name, TemplateView change) {
        MessageTemplate current = templates.find(name)
                .orElse(new MessageTemplate(name, List.of("en"), "marketing", 0, TemplateStatus.APPROVED));
        if (change == null) {
            throw new BadRequestException("body must be a JSON object");
        }
        MessageTemplate updated = new MessageTemplate(name,
                change.languages() != null ? change.languages() : current.languages(),
                change.category() != null ? change.category() : current.category(),
                change.bodyParameters() != null ? change.bodyParameters() : current.bodyParameters(),
                change.status() != null ? change.status() : current.status());
        templates.put(updated);
        return TemplateView.of(updated);
    }

    private static Optional<Double> number(Map<String, Object> change, String key) {
        Object value = change.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        throw new BadRequestException(key + " must be a number");
    }
}
