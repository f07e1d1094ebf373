package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.MessageState;
import dev.sandesh.webhook.domain.StatusEvent;
import dev.sandesh.webhook.domain.StatusLattice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Merges status facts into {@code message_status}, safely under concurrency: the row is inserted
 * if absent in one statement (the common case: first fact about a message); otherwise it is read
 * {@code FOR UPDATE} and merged in Java with {@link StatusLattice}, so two webhooks about the same
 * message serialise on its row and neither's fact is lost. Callers hold the transaction and take
 * rows in wamid order, so two POSTs touching the same messages cannot deadlock.
 */
@ApplicationScoped
public class MessageStatusRepository {

    private static final Logger LOG = Logger.getLogger(MessageStatusRepository.class);

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO {h-schema}message_status (wamid, campaign_id, recipient_seq, country, status,
                accepted_at, sent_at, delivered_at, read_at, failed_at, error_code, error_title,
                pricing_category, pricing_type, pricing_model, billable, recipient_id, updated_at)
            VALUES (:wamid, :campaignId, :recipientSeq, :country, :status,
                :acceptedAt, :sentAt, :deliveredAt, :readAt, :failedAt, :errorCode, :errorTitle,
                :pricingCategory, :pricingType, :pricingModel, :billable, :recipientId, :updatedAt)
            ON CONFLICT (wamid) DO NOTHING""";

    /**
     * Merges {@code events} (all about {@code wamid}) and, when given, ties the message to its
     * campaign recipient. Must run inside a transaction. Nothing is written when the facts are
     * already known, so redelivered outcomes and duplicate webhooks leave the row untouched.
     *
     * @return whether the row changed
     */
    public Uni<Boolean> merge(String wamid, List<StatusEvent> events, RecipientLink link, Instant now) {
        MessageState fresh = Objects.requireNonNull(StatusLattice.fold(events), "no events for " + wamid);
        return Panache.getSession().chain(session -> insertIfAbsent(session, wamid, fresh, link, now)
                .chain(inserted -> inserted > 0
                        ? Uni.createFrom().item(true)
                        : session.find(MessageStatusEntity.class, wamid, LockMode.PESSIMISTIC_WRITE)
                                .map(row -> mergeInto(row, events, link, now))));
    }

    private static Uni<Integer> insertIfAbsent(Mutiny.Session session, String wamid, MessageState state, RecipientLink link, Instant now) {
        MessageStatusEntity row = new MessageStatusEntity();
        row.setState(state);
        return session.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter("wamid", wamid)
                .setParameter("campaignId", link == null ? null : link.campaignId())
                .setParameter("recipientSeq", link == null ? null : link.recipientSeq())
                .setParameter("country", link == null ? null : link.country())
                .setParameter("status", row.status)
                .setParameter("acceptedAt", row.acceptedAt)
                .setParameter("sentAt", row.sentAt)
                .setParameter("deliveredAt", row.deliveredAt)
                .setParameter("readAt", row.readAt)
                .setParameter("failedAt", row.failedAt)
                .setParameter("errorCode", row.errorCode)
                .setParameter("errorTitle", row.errorTitle)
                .setParameter("pricingCategory", row.pricingCategory)
                .setParameter("pricingType", row.pricingType)
                .setParameter("pricingModel", row.pricingModel)
                .setParameter("billable", row.billable)
                .setParameter("recipientId", row.recipientId)
                .setParameter("updatedAt", now)
                .executeUpdate();
    }

    private static boolean mergeInto(MessageStatusEntity row, List<StatusEvent> events, RecipientLink link, Instant now) {
        MessageState before = row.state();
        MessageState after = before;
        for (StatusEvent event : events) {
            after = StatusLattice.apply(after, event);
        }
        boolean changed = !after.equals(before);
        if (changed) {
            row.setState(after);
        }
        if (link != null) {
            if (row.campaignId == null) {
                row.campaignId = link.campaignId();
                row.recipientSeq = link.recipientSeq();
                row.country = link.country();
                changed = true;
            } else if (!row.campaignId.equals(link.campaignId()) || !Objects.equals(row.recipientSeq, link.recipientSeq())) {
                // a wamid is unique to one send: a second owner means a bug upstream; keep the first
                LOG.warnf("wamid %s is already tied to campaign %s recipient %d; ignoring campaign %s recipient %d",
                        row.wamid, row.campaignId, row.recipientSeq, link.campaignId(), link.recipientSeq());
            }
        }
        if (changed) {
            row.updatedAt = now;
        }
        return changed;
    }
}
