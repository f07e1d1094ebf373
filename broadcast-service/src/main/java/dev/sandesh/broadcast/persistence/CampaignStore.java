package dev.sandesh.broadcast.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.broadcast.domain.CampaignEvent;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.domain.ScreenedAudience;
import dev.sandesh.broadcast.domain.ScreenedRecipient;
import dev.sandesh.contracts.SendBatch;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The campaign's write path and its recipient reads, in SQL on the reactive pool.
 *
 * <p>Why not entities here: a campaign may have hundreds of thousands of recipients. Persisting
 * them as entities would hold each in a persistence context and send one row per statement
 * (batched or not); one {@code INSERT ... SELECT FROM unnest(...)} per {@value #ROWS_PER_INSERT}
 * recipients, with the campaign row, in one transaction, stores 100,000 recipients in about a
 * second, and either everything is stored or nothing is.
 */
@ApplicationScoped
public class CampaignStore {

    static final int ROWS_PER_INSERT = 5_000;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> VARIABLES = new TypeReference<>() {
    };

    private static final String INSERT_CAMPAIGN = """
            INSERT INTO broadcast.campaign (id, name, template_name, template_language, template_category,
                phone_number_id, state, idempotency_key, request_fingerprint, recipients, valid, rejected,
                rejected_invalid, rejected_duplicate, rejected_opted_out, batch_size, created_at, updated_at,
                rejected_parameters, start_requested, scheduled_at, over_limit, retry_of, template_components,
                rejected_missing_variable, rejected_invalid_parameter, retry_forced)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $19, $20, $21, $22, $23,
                $24, $25, $26)
            """;

    static final String INSERT_RECIPIENTS = """
            INSERT INTO broadcast.recipient (campaign_id, sequence, input, phone_e164, country, parameters,
                external_id, rejection_reason, rejection_detail, variables)
            SELECT $1, r.sequence, r.input, r.phone, r.country, r.parameters::jsonb, r.external_id, r.reason, r.detail,
                r.variables::jsonb
            FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                AS r(sequence, input, phone, country, parameters, external_id, reason, detail, variables)
            """;

    private static final String VALID_PAGE = """
            SELECT sequence, phone_e164, country, parameters::text AS parameters, variables::text AS variables, external_id
            FROM broadcast.recipient
            WHERE campaign_id = $1 AND rejection_reason IS NULL AND sequence > $2 AND sequence <= $3
            ORDER BY sequence
            LIMIT $4
            """;

    private static final String REJECTED_PAGE = """
            SELECT sequence, input, external_id, rejection_reason, rejection_detail
            FROM broadcast.recipient
            WHERE campaign_id = $1 AND rejection_reason IS NOT NULL AND sequence > $2
            ORDER BY sequence
            LIMIT $3
            """;

    private final Pool pool;
    private final ObjectMapper json;

    /** $2..$10 of {@link #INSERT_RECIPIENTS}. */
    private final ArrayColumns<ScreenedRecipient> recipientColumns;

    public CampaignStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
        this.recipientColumns = new ArrayColumns<ScreenedRecipient>()
                .column(Long[]::new, ScreenedRecipient::sequence)
                .column(String[]::new, r -> r.entry().phone())
                .column(String[]::new, ScreenedRecipient::phoneE164)
                .column(String[]::new, ScreenedRecipient::country)
                .column(String[]::new, r -> toJson(r.entry().parameters()))
                .column(String[]::new, r -> r.entry().externalId())
                .column(String[]::new, r -> r.rejection() == null ? null : r.rejection().name())
                .column(String[]::new, ScreenedRecipient::detail)
                .column(String[]::new, r -> variablesJson(r.entry().variables()));
    }

    /**
     * Stores the campaign (DRAFT) and every recipient, valid or rejected, in one transaction.
     *
     * @throws DuplicateIdempotencyKey (as the Uni's failure) when another campaign has the key
     * @throws DuplicateRetryChild (as the Uni's failure) when the parent has an unforced retry child already
     */
    public Uni<Void> create(NewCampaign campaign, ScreenedAudience audience) {
        Map<RejectionReason, Integer> byReason = audience.rejectedByReason();
        int valid = audience.validCount();
        int total = audience.recipients().size();
        Tuple row = Tuple.tuple()
                .addUUID(campaign.id())
                .addString(campaign.name())
                .addString(campaign.template().name())
                .addString(campaign.template().language())
                .addString(campaign.template().category())
                .addString(campaign.phoneNumberId())
                .addString(campaign.state().name())
                .addString(campaign.idempotencyKey())
                .addString(campaign.requestFingerprint())
                .addInteger(total)
                .addInteger(valid)
                .addInteger(total - valid)
                .addInteger(byReason.get(RejectionReason.INVALID_NUMBER))
                .addInteger(byReason.get(RejectionReason.DUPLICATE))
                .addInteger(byReason.get(RejectionReason.OPTED_OUT))
                .addInteger(campaign.batchSize())
                .addOffsetDateTime(campaign.createdAt().atOffset(java.time.ZoneOffset.UTC))
                .addInteger(byReason.get(RejectionReason.PARAMETER_COUNT))
                .addBoolean(campaign.startRequested())
                .addOffsetDateTime(campaign.scheduledAt() == null ? null : campaign.scheduledAt().atOffset(java.time.ZoneOffset.UTC))
                .addString(campaign.overLimit().name())
                .addUUID(campaign.retryOf())
                .addString(componentsJson(campaign.template().components()))
                .addInteger(byReason.get(RejectionReason.MISSING_VARIABLE))
                .addInteger(byReason.get(RejectionReason.INVALID_PARAMETER))
                .addBoolean(campaign.retryForced());
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT_CAMPAIGN).execute(row)
                        .chain(() -> insertRecipients(connection, campaign.id(), audience.recipients()))
                        .chain(() -> CampaignHistory.record(connection, campaign.id(), CampaignEvent.CREATED,
                                valid + " valid of " + total + " recipients", campaign.createdAt()))
                        .chain(() -> campaign.state() == CampaignState.SCHEDULED
                                ? CampaignHistory.record(connection, campaign.id(), CampaignEvent.SCHEDULED, "for " + campaign.scheduledAt(),
                                campaign.createdAt())
                                : Uni.createFrom().voidItem()))
                .onFailure(CampaignStore::isIdempotencyKeyConflict)
                .transform(e -> new DuplicateIdempotencyKey("a campaign with this Idempotency-Key exists", e))
                .onFailure(CampaignStore::isSecondRetryChild)
                .transform(e -> new DuplicateRetryChild(campaign.retryOf(), e));
    }

    Uni<Void> insertRecipients(SqlConnection connection, UUID campaignId, List<ScreenedRecipient> recipients) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < recipients.size(); from += ROWS_PER_INSERT) {
            List<ScreenedRecipient> chunk = recipients.subList(from, Math.min(from + ROWS_PER_INSERT, recipients.size()));
            chain = chain.chain(() -> connection.preparedQuery(INSERT_RECIPIENTS).execute(recipientColumns(campaignId, chunk)).replaceWithVoid());
        }
        return chain;
    }

    Tuple recipientColumns(UUID campaignId, List<ScreenedRecipient> chunk) {
        List<Object> params = new ArrayList<>();
        params.add(campaignId);
        params.addAll(recipientColumns.arrays(chunk));
        return Tuple.from(params);
    }

    /**
     * At most {@code max} valid recipients with {@code afterSequence < sequence <= lastSequence},
     * in sequence order, as keyset pages of at most {@code pageSize}, read one page at a time as
     * the subscriber asks, so a campaign of any size is published in bounded memory.
     */
    public Multi<List<SendBatch.Recipient>> validRecipientPages(UUID campaignId, long afterSequence, long lastSequence, long max,
                                                                int pageSize) {
        long[] after = {afterSequence};
        long[] left = {max};
        return Multi.createBy().repeating()
                .uni(() -> left[0] <= 0 ? Uni.createFrom().item(List.<SendBatch.Recipient>of()) : pool.preparedQuery(VALID_PAGE)
                        .execute(Tuple.of(campaignId, after[0], lastSequence, (int) Math.min(pageSize, left[0])))
                        .map(rows -> {
                            List<SendBatch.Recipient> page = new ArrayList<>(rows.size());
                            for (Row row : rows) {
                                page.add(new SendBatch.Recipient(row.getLong("sequence"), row.getString("phone_e164"),
                                        row.getString("country"), fromJson(row.getString("parameters")),
                                        variablesFromJson(row.getString("variables")), row.getString("external_id")));
                            }
                            if (!page.isEmpty()) {
                                after[0] = page.getLast().sequence();
                            }
                            left[0] -= page.size();
                            return page;
                        }))
                .until(List::isEmpty);
    }

    // The release-time opt-out check (DESIGN.md §4): recipients of the page opted out since the campaign
    // was created (by scope and business number, phone or BSUID; see OptOutScopes) become rejected
    // OPTED_OUT, and the campaign's counts move with them, in one statement per page.
    private static final String SKIP_OPTED_OUT = """
            WITH opted AS (
                UPDATE broadcast.recipient r
                   SET rejection_reason = 'OPTED_OUT', rejection_detail = 'the person opted out after the campaign was created'
                 WHERE r.campaign_id = $1 AND r.sequence = any($2) AND r.rejection_reason IS NULL
                   AND EXISTS (SELECT 1 FROM broadcast.opt_out o
                                WHERE o.subject = r.phone_e164 AND o.phone_number_id IN ($3, '*') AND o.scope = any($4))
             RETURNING r.sequence),
            counted AS (
                UPDATE broadcast.campaign c
                   SET valid = valid - n.skipped, rejected = rejected + n.skipped, rejected_opted_out = rejected_opted_out + n.skipped
                  FROM (SELECT count(*)::int AS skipped FROM opted) n
                 WHERE c.id = $1 AND n.skipped > 0)
            SELECT sequence FROM opted
            """;

    /**
     * The recipients of {@code page} still to be sent: those opted out since the campaign was created
     * are marked rejected OPTED_OUT (counts included) and left out. One statement per page.
     */
    public Uni<List<SendBatch.Recipient>> withoutOptedOut(UUID campaignId, String phoneNumberId, String category,
                                                          List<SendBatch.Recipient> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(page);
        }
        Long[] sequences = page.stream().map(SendBatch.Recipient::sequence).toArray(Long[]::new);
        String[] scopes = dev.sandesh.broadcast.domain.OptOutScopes.blocking(category).toArray(String[]::new);
        return pool.preparedQuery(SKIP_OPTED_OUT).execute(Tuple.of(campaignId, sequences, phoneNumberId, scopes))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return page;
                    }
                    java.util.Set<Long> skipped = new java.util.HashSet<>();
                    for (Row row : rows) {
                        skipped.add(row.getLong("sequence"));
                    }
                    return page.stream().filter(r -> !skipped.contains(r.sequence())).toList();
                });
    }

    /** Rejected recipients after {@code afterSequence}, in sequence order. */
    public Uni<List<StoredRejection>> rejections(UUID campaignId, long afterSequence, int limit) {
        return pool.preparedQuery(REJECTED_PAGE).execute(Tuple.of(campaignId, afterSequence, limit))
                .map(rows -> {
                    List<StoredRejection> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new StoredRejection(row.getLong("sequence"), row.getString("input"), row.getString("external_id"),
                                row.getString("rejection_reason"), row.getString("rejection_detail")));
                    }
                    return page;
                });
    }

    /** A campaign's audience counts as stored (after uploads). */
    public Uni<StoredAudienceCounts> counts(UUID campaignId) {
        return pool.preparedQuery("SELECT recipients, valid, rejected, rejected_invalid, rejected_duplicate, rejected_opted_out, "
                        + "rejected_parameters, rejected_missing_variable, rejected_invalid_parameter FROM broadcast.campaign WHERE id = $1")
                .execute(Tuple.of(campaignId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Map<RejectionReason, Long> byReason = new java.util.EnumMap<>(RejectionReason.class);
                    byReason.put(RejectionReason.INVALID_NUMBER, r.getLong("rejected_invalid"));
                    byReason.put(RejectionReason.DUPLICATE, r.getLong("rejected_duplicate"));
                    byReason.put(RejectionReason.OPTED_OUT, r.getLong("rejected_opted_out"));
                    byReason.put(RejectionReason.PARAMETER_COUNT, r.getLong("rejected_parameters"));
                    byReason.put(RejectionReason.MISSING_VARIABLE, r.getLong("rejected_missing_variable"));
                    byReason.put(RejectionReason.INVALID_PARAMETER, r.getLong("rejected_invalid_parameter"));
                    return new StoredAudienceCounts(r.getLong("recipients"), r.getLong("valid"), r.getLong("rejected"), byReason);
                });
    }

    /** Valid recipients by country (ISO region), which prices a campaign. */
    public Uni<Map<String, Long>> validByCountry(UUID campaignId) {
        return pool.preparedQuery("SELECT coalesce(country, '??') AS country, count(*) AS n FROM broadcast.recipient "
                        + "WHERE campaign_id = $1 AND rejection_reason IS NULL GROUP BY 1")
                .execute(Tuple.of(campaignId))
                .map(rows -> {
                    Map<String, Long> counts = new java.util.TreeMap<>();
                    rows.forEach(r -> counts.put(r.getString("country"), r.getLong("n")));
                    return counts;
                });
    }

    /** The stored recipients with these sequences (normalised number, country, the caller's id, their values), by sequence. */
    public Uni<Map<Long, StoredRecipient>> recipients(UUID campaignId, List<Long> sequences) {
        if (sequences.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT sequence, phone_e164, country, external_id, parameters::text AS parameters, "
                        + "variables::text AS variables FROM broadcast.recipient WHERE campaign_id = $1 AND sequence = any($2)")
                .execute(Tuple.of(campaignId, sequences.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, StoredRecipient> found = new java.util.HashMap<>();
                    rows.forEach(r -> found.put(r.getLong("sequence"), new StoredRecipient(r.getLong("sequence"), r.getString("phone_e164"),
                            r.getString("country"), r.getString("external_id"), fromJson(r.getString("parameters")),
                            variablesFromJson(r.getString("variables")))));
                    return found;
                });
    }

    /** The parent has an unforced retry child already (unique index campaign_one_retry_per_parent, V10). */
    private static boolean isSecondRetryChild(Throwable failure) {
        return failure instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && "campaign_one_retry_per_parent".equals(pg.getConstraint());
    }

    private static boolean isIdempotencyKeyConflict(Throwable failure) {
        return failure instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && pg.getConstraint() != null && pg.getConstraint().contains("idempotency_key");
    }

    private String toJson(List<String> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write template parameters as JSON", e);
        }
    }

    /** Null when there are none: most campaigns use no named values, and a NULL column costs nothing. */
    private String variablesJson(Map<String, String> variables) {
        if (variables.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write recipient variables as JSON", e);
        }
    }

    /** Rows stored before V5 and recipients without named values have NULL. */
    private Map<String, String> variablesFromJson(String variables) {
        if (variables == null) {
            return Map.of();
        }
        try {
            return json.readValue(variables, VARIABLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored recipient variables are not a JSON object of strings", e);
        }
    }

    private String componentsJson(JsonNode components) {
        if (components == null) {
            return null;
        }
        try {
            return json.writeValueAsString(components);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write template components as JSON", e);
        }
    }

    private List<String> fromJson(String parameters) {
        try {
            return json.readValue(parameters, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored template parameters are not a JSON list of strings", e);
        }
    }
}
