package dev.sandesh.contracts;

import java.util.List;

/**
 * The RabbitMQ topology, in one place (DESIGN.md §3). Each route is a durable exchange with one
 * durable queue bound to it, and a dead-letter queue named {@code <queue>.dlq} for messages that
 * could not be processed after bounded retries.
 *
 * <p>The same names are shipped as configuration in {@code META-INF/microprofile-config.properties}
 * ({@code sandesh.topology.<route>.exchange/queue}) so that each service's
 * {@code application.properties} refers to them instead of repeating them; a test keeps both forms
 * equal.
 */
public final class Topology {

    /** The AMQP header that names the event type of a message's body. */
    public static final String TYPE_HEADER = "type";

    /** The exchange that dead letters are routed through (SmallRye's default name). */
    public static final String DEAD_LETTER_EXCHANGE = "DLX";

    /** broadcast-service → sender-service: {@link SendBatch}. */
    public static final Route BATCHES = new Route("batches", "sandesh.batches", "sender.batches");

    /** sender-service → webhook-service: {@link BatchOutcome}. */
    public static final Route OUTCOMES = new Route("outcomes", "sandesh.outcomes", "webhook.outcomes");

    /** webhook-service → broadcast-service: {@link OptOut}. */
    public static final Route OPTOUTS = new Route("optouts", "sandesh.optouts", "broadcast.optouts");

    /**
     * webhook-service → sender-service: the same {@link OptOut} events on a second queue bound to
     * {@code sandesh.optouts}, so the sender checks them just before each send.
     */
    public static final Route SENDER_OPTOUTS = new Route("sender-optouts", "sandesh.optouts", "sender.optouts");

    /** broadcast-service → sender-service: {@link CampaignControl} (pause, resume, cancel). */
    public static final Route CONTROL = new Route("control", "sandesh.control", "sender.control");

    /** webhook-service → broadcast-service: {@link TemplateEvent} (Meta paused, re-categorised … a template). */
    public static final Route TEMPLATES = new Route("templates", "sandesh.templates", "broadcast.templates");

    /** broadcast-service → webhook-service: {@link CampaignTransition} (completed, halted, paused, resumed), for the storefront's events. */
    public static final Route CAMPAIGN_EVENTS = new Route("campaign-events", "sandesh.campaign-events", "webhook.campaign-events");

    public static final List<Route> ROUTES = List.of(BATCHES, OUTCOMES, OPTOUTS, SENDER_OPTOUTS, CONTROL, TEMPLATES, CAMPAIGN_EVENTS);

    private Topology() {
    }

    /**
     * @param key      the route's name in configuration keys ({@code sandesh.topology.<key>.*})
     * @param exchange durable exchange the producer publishes to
     * @param queue    durable queue the consumer reads
     */
    public record Route(String key, String exchange, String queue) {

        public String deadLetterQueue() {
            return queue + ".dlq";
        }
    }
}
