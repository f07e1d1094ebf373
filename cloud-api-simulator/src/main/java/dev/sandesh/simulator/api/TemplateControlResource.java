package dev.sandesh.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.simulator.config.WebhookTarget;
import dev.sandesh.simulator.domain.AcceptedMessage;
import dev.sandesh.simulator.domain.HeldMessages;
import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.RecipientOutcome;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.TemplateCategory;
import dev.sandesh.simulator.domain.TemplateEvent;
import dev.sandesh.simulator.domain.TemplateRegistry;
import dev.sandesh.simulator.domain.TemplateSlots;
import dev.sandesh.simulator.domain.TemplateStatus;
import dev.sandesh.simulator.webhook.TemplateWebhookPayload;
import dev.sandesh.simulator.webhook.WebhookDispatcher;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The template registry through the simulator's API: list and edit templates, and make Meta's
 * template changes happen on demand, each applied to the registry and notified on the webhook
 * like Meta does (CLOUD-API-MORE §3.1–§3.4), signed like every webhook.
 */
@Path("/_simulator/templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateControlResource {

    /** What a template event did: the notification sent (or not, with webhooks off) and the template now. */
    public record EventSent(String field, Map<String, Object> value, boolean webhooksOn, Map<String, Object> template) { }

    private static final Set<String> ALL_FIELDS = Set.of("name", "parameter_format", "components", "language",
            "status", "category", "id", "quality_score");

    private final TemplateRegistry templates;
    private final TemplateWebhookPayload payload;
    private final WebhookDispatcher dispatcher;
    private final WebhookTarget target;
    private final SendAudit audit;
    private final InstantSource clock;
    private final HeldMessages held;
    private final StatusSchedule schedule;
    private final AtomicLong ids = new AtomicLong(3_029_384_756_000_000L);

    public TemplateControlResource(TemplateRegistry templates, TemplateWebhookPayload payload,
                                   WebhookDispatcher dispatcher, WebhookTarget target, SendAudit audit,
                                   InstantSource clock, HeldMessages held, StatusSchedule schedule) {
        this.held = held;
        this.schedule = schedule;
        this.templates = templates;
        this.payload = payload;
        this.dispatcher = dispatcher;
        this.target = target;
        this.audit = audit;
        this.clock = clock;
    }

    /** The older view: one entry per name with its languages and parameter counts. */
    @GET
    public List<TemplateView> list() {
        Map<String, List<MessageTemplate>> byName = new TreeMap<>();
        templates.all().forEach(t -> byName.computeIfAbsent(t.name(), n -> new java.util.ArrayList<>()).add(t));
        return byName.values().stream().map(this::view).toList();
    }

    /**
     * The older count-only edit. {@code status} / {@code category} alone change every translation in
     * place; with counts or languages the template is replaced by a count-only one (see
     * {@link MessageTemplate#ofCounts}).
     */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView putCounts(@PathParam("name") String name, TemplateView change) {
        if (change == null) {
            throw new BadRequestException("body must be a JSON object");
        }
        List<MessageTemplate> current = templates.byName(name);
        try {
            TemplateCategory category = change.category() == null ? null : TemplateCategory.parse(change.category());
            boolean inPlace = change.languages() == null && change.headerParameters() == null
                    && change.bodyParameters() == null && change.buttonParameters() == null && !current.isEmpty();
            if (inPlace) {
                for (MessageTemplate t : current) {
                    templates.update(t.name(), t.language(), x -> {
                        MessageTemplate y = change.status() != null ? x.withStatus(change.status()) : x;
                        return category != null ? y.withCategory(category) : y;
                    });
                }
            } else {
                TemplateView old = current.isEmpty() ? null : view(current);
                List<String> languages = change.languages() != null ? change.languages()
                        : old != null ? old.languages() : List.of("en");
                current.forEach(t -> templates.remove(t.name(), t.language()));
                for (String language : languages) {
                    templates.put(MessageTemplate.ofCounts(nextId(), name, language,
                            category != null ? category : old != null ? TemplateCategory.parse(old.category())
                                    : TemplateCategory.MARKETING,
                            pick(change.headerParameters(), old == null ? null : old.headerParameters()),
                            pick(change.bodyParameters(), old == null ? null : old.bodyParameters()),
                            pick(change.buttonParameters(), old == null ? null : old.buttonParameters()),
                            change.status() != null ? change.status()
                                    : old != null ? old.status() : TemplateStatus.APPROVED));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return view(templates.byName(name));
    }

    /** One translation in Meta's shape, with {@code quality_score}. */
    @GET
    @Path("/{name}/{language}")
    public Map<String, Object> get(@PathParam("name") String name, @PathParam("language") String language) {
        return TemplateJson.write(find(name, language), ALL_FIELDS);
    }

    /** Adds or replaces a translation from Meta's shape (name and language come from the path; the id is kept). */
    @PUT
    @Path("/{name}/{language}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("name") String name, @PathParam("language") String language,
                                   JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be a template in Meta's shape");
        }
        com.fasterxml.jackson.databind.node.ObjectNode t = body.deepCopy();
        t.put("name", name);
        t.put("language", language);
        if (!t.has("id")) {
            t.put("id", templates.find(name, language).map(MessageTemplate::id).orElseGet(this::nextId));
        }
        try {
            return TemplateJson.write(templates.put(TemplateJson.read(t, nextId())), ALL_FIELDS);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @DELETE
    @Path("/{name}/{language}")
    public void delete(@PathParam("name") String name, @PathParam("language") String language) {
        find(name, language);
        templates.remove(name, language);
    }

    /** {@code {"event":"PAUSED","reason":"NONE","otherInfo":{"title":"FIRST_PAUSE","description":"…"}}} */
    @POST
    @Path("/{name}/{language}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public EventSent status(@PathParam("name") String name, @PathParam("language") String language, JsonNode body) {
        JsonNode other = body == null ? null : body.path("otherInfo");
        return happen(name, language, () -> new TemplateEvent.Status(text(body, "event"), text(body, "reason"),
                other == null ? null : text(other, "title"),
                other != null && text(other, "description") != null ? text(other, "description")
                        : text(body, "description")));
    }

    /**
     * {@code {"newCategory":"UTILITY"}} (done: the registry takes it) or
     * {@code {"correctCategory":"MARKETING","categoryUpdateTimestamp":1798761599}} (impending, default in 24 h).
     */
    @POST
    @Path("/{name}/{language}/category")
    @Consumes(MediaType.APPLICATION_JSON)
    public EventSent category(@PathParam("name") String name, @PathParam("language") String language, JsonNode body) {
        return happen(name, language, () -> {
            if (text(body, "correctCategory") != null) {
                long at = body.path("categoryUpdateTimestamp").asLong(clock.instant().getEpochSecond() + 86_400);
                return new TemplateEvent.Category(TemplateCategory.parse(text(body, "correctCategory")), at);
            }
            return new TemplateEvent.Category(TemplateCategory.parse(text(body, "newCategory")), null);
        });
    }

    /** {@code {"newQualityScore":"YELLOW"}} */
    @POST
    @Path("/{name}/{language}/quality")
    @Consumes(MediaType.APPLICATION_JSON)
    public EventSent quality(@PathParam("name") String name, @PathParam("language") String language, JsonNode body) {
        return happen(name, language, () -> new TemplateEvent.Quality(text(body, "newQualityScore")));
    }

    /** {@code {"components":[…Meta's shape…]}}: the content changes, and sends must follow it. */
    @POST
    @Path("/{name}/{language}/components")
    @Consumes(MediaType.APPLICATION_JSON)
    public EventSent components(@PathParam("name") String name, @PathParam("language") String language,
                                JsonNode body) {
        return happen(name, language, () -> new TemplateEvent.Components(
                TemplateJson.components(body == null ? null : body.path("components"))));
    }

    /** What a verdict on held messages did. */
    public record HeldVerdict(String verdict, int messages, EventSent paused) { }

    /**
     * Meta's pacing verdict on the messages of this translation held for quality assessment
     * (CLOUD-API-MORE §3.11): {@code {"verdict":"release"}} — they get sent, delivered, read;
     * {@code {"verdict":"pause"}} — the template is PAUSED (its status webhook is sent) and each held
     * message gets failed 132015, without a sent.
     */
    @POST
    @Path("/{name}/{language}/held")
    @Consumes(MediaType.APPLICATION_JSON)
    public HeldVerdict held(@PathParam("name") String name, @PathParam("language") String language, JsonNode body) {
        String verdict = text(body, "verdict");
        if (!"release".equals(verdict) && !"pause".equals(verdict)) {
            throw new BadRequestException("verdict must be release or pause");
        }
        find(name, language);
        EventSent paused = "pause".equals(verdict)
                ? happen(name, language, () -> new TemplateEvent.Status("PAUSED", "NONE", null, null)) : null;
        List<AcceptedMessage> taken = held.takeAll(name, language);
        long now = System.nanoTime();
        RecipientOutcome outcome = paused != null ? RecipientOutcome.PACING_FAILED : RecipientOutcome.READ;
        taken.forEach(m -> schedule.accepted(m.withOutcome(outcome), now));
        return new HeldVerdict(verdict, taken.size(), paused);
    }

    private EventSent happen(String name, String language, java.util.function.Supplier<TemplateEvent> event) {
        MessageTemplate before = find(name, language);
        TemplateEvent e;
        try {
            e = event.get();
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new BadRequestException(ex.getMessage() == null ? "invalid request" : ex.getMessage());
        }
        long now = clock.instant().getEpochSecond();
        Map<String, Object> value = e.value(before, now);
        MessageTemplate after = templates.update(name, language, e::apply).orElseThrow(NotFoundException::new);
        audit.inboundPost();
        dispatcher.dispatchInbound(e.field(), payload.write(e.field(), value, now));
        return new EventSent(e.field(), value, target.url().isPresent(), TemplateJson.write(after, ALL_FIELDS));
    }

    private MessageTemplate find(String name, String language) {
        return templates.find(name, language)
                .orElseThrow(() -> new NotFoundException("no template " + name + " in " + language));
    }

    private TemplateView view(List<MessageTemplate> translations) {
        MessageTemplate first = translations.get(0);
        TemplateSlots slots = TemplateSlots.compile(first);
        Set<String> languages = new LinkedHashSet<>();
        translations.forEach(t -> languages.add(t.language()));
        return new TemplateView(first.name(), List.copyOf(languages), first.category().pricing(),
                slots.headerParameters(), slots.bodyNames().size(),
                (int) slots.buttons().values().stream().filter(TemplateSlots.ButtonSlot::required).count(),
                first.status());
    }

    private String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    private static int pick(Integer given, Integer old) {
        return given != null ? given : old != null ? old : 0;
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.path(field).isTextual() ? null : node.get(field).asText();
    }
}
