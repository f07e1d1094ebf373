package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.InboundReply;
import dev.sandesh.webhook.domain.StorefrontEvent;
import dev.sandesh.webhook.domain.StorefrontEventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code reply} (V9): inbound replies to our messages, tied to the campaign recipient whose wamid
 * they quote ({@code context.id}), and the send answers Meta held ({@code message_status.held}).
 * A reply is recorded in the webhook's transaction, tied at once when {@code message_status} knows
 * its wamid's campaign, else later in the transaction of the batch outcome that ties the wamid
 * ({@link #tie}); either way, the moment it is tied is the moment its {@code sandesh.message.replied}
 * event is recorded ({@link StorefrontEvents}), once. Idempotent: Meta's retries of a reply
 * (same message id) and outcomes redelivered change nothing.
 */
@ApplicationScoped
public class Replies {

    private static final String RETURNED = "r.message_id, r.context_wamid, CAST(r.campaign_id AS text), r.recipient_seq, m.external_id, r.kind, r.text, r.payload, "
            + NativeQueries.epochMicros("r.at");

    /** New replies, tied where message_status knows the wamid's campaign; returns the new tied ones (the outer m: before this statement). */
    private static final String INSERT = """
            WITH r AS (
            INSERT INTO webhook.reply (message_id, context_wamid, campaign_id, recipient_seq, phone, user_id, phone_number_id,
                                       kind, text, payload, at, recorded_at)
            SELECT u.id, u.context, m.campaign_id, m.recipient_seq, u.phone, u.user_id, u.number, u.kind, u.text, u.payload,
                   CAST(u.at AS timestamptz), CAST(?10 AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                          CAST(?6 AS text[]), CAST(?7 AS text[]), CAST(?8 AS text[]), CAST(?9 AS text[]))
                   AS u(id, context, phone, user_id, number, kind, text, payload, at)
              LEFT JOIN webhook.message_status m ON m.wamid = u.context
             ORDER BY u.id
            ON CONFLICT (message_id) DO NOTHING
            RETURNING *
            )
            SELECT %s FROM r LEFT JOIN webhook.message_status m ON m.wamid = r.context_wamid
             WHERE r.campaign_id IS NOT NULL""".formatted(RETURNED);

    /** Replies that arrived before the outcome tied their wamid: tied now. */
    private static final String TIE = """
            WITH r AS (
            UPDATE webhook.reply AS r SET campaign_id = m.campaign_id, recipient_seq = m.recipient_seq
              FROM webhook.message_status m
             WHERE r.context_wamid = ANY(CAST(?1 AS text[])) AND r.campaign_id IS NULL
               AND m.wamid = r.context_wamid AND m.campaign_id IS NOT NULL
            RETURNING r.*
            )
            SELECT %s FROM r JOIN webhook.message_status m ON m.wamid = r.context_wamid""".formatted(RETURNED);

    private static final String HELD = """
            UPDATE webhook.message_status SET held = true
             WHERE wamid = ANY(CAST(?1 AS text[])) AND NOT held""";

    /** ?1..?9 of {@link #INSERT}. */
    private static final ArrayColumns<InboundReply> COLUMNS = new ArrayColumns<InboundReply>()
            .column(String[]::new, InboundReply::messageId)
            .column(String[]::new, InboundReply::contextWamid)
            .column(String[]::new, InboundReply::phone)
            .column(String[]::new, InboundReply::userId)
            .column(String[]::new, InboundReply::phoneNumberId)
            .column(String[]::new, r -> r.kind().name())
            .column(String[]::new, InboundReply::text)
            .column(String[]::new, InboundReply::payload)
            .column(String[]::new, r -> NativeQueries.iso(r.at()));

    private final StorefrontEvents storefrontEvents;

    Replies(StorefrontEvents storefrontEvents) {
        this.storefrontEvents = storefrontEvents;
    }

    /** Records {@code replies} in the current transaction. @return replies newly tied to a campaign recipient */
    public Uni<Integer> record(List<InboundReply> replies, Instant now) {
        if (replies.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, InboundReply> distinct = new LinkedHashMap<>();
        replies.forEach(r -> distinct.putIfAbsent(r.messageId(), r)); // one statement may insert a key once
        List<Object> params = new ArrayList<>(COLUMNS.arrays(List.copyOf(distinct.values())));
        params.add(now);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(INSERT, Object[].class), params.toArray()).getResultList())
                .chain(this::events);
    }

    /** After an outcome tied {@code wamids}, in its transaction: their waiting replies are tied. @return replies tied */
    public Uni<Integer> tie(Collection<String> wamids) {
        if (wamids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] sorted = wamids.stream().sorted().distinct().toArray(String[]::new);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(TIE, Object[].class), (Object) sorted).getResultList())
                .chain(this::events);
    }

    /** Marks the wamids Meta answered held_for_quality_assessment (in the outcome's transaction, after the upsert). */
    public Uni<Integer> held(Collection<String> wamids) {
        if (wamids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] sorted = wamids.stream().sorted().distinct().toArray(String[]::new);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(HELD), (Object) sorted).executeUpdate());
    }

    private Uni<Integer> events(List<Object[]> tied) {
        List<StorefrontEvent> events = tied.stream().sorted(Comparator.comparing(row -> (String) row[0])).map(Replies::event).toList();
        return storefrontEvents.add(events).replaceWith(tied.size());
    }

    /** {@code sandesh.message.replied}: the recipient, the wamid replied to, the reply's kind and text/payload; keyed by the reply's id. */
    static StorefrontEvent event(Object[] row) {
        UUID campaignId = UUID.fromString((String) row[2]);
        Map<String, Object> data = StorefrontEvent.message(campaignId, ((Number) row[3]).longValue(), (String) row[4],
                (String) row[1], null, null, null);
        data.put("replyWamid", row[0]);
        data.put("kind", row[5]);
        data.put("text", row[6]);
        data.put("payload", row[7]);
        return new StorefrontEvent(StorefrontEventType.MESSAGE_REPLIED, "message.replied:" + row[0], campaignId, data,
                NativeQueries.fromEpochMicros(row[8]));
    }
}
