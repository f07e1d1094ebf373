package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.TemplateCategory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a template event (CLOUD-API-MORE §3.1–§3.4) changes in {@code broadcast}: the campaigns on a
 * template, found by name and language as Meta compares them ({@link CatalogTemplate#languageKey}:
 * the webhook writes {@code en-US} where Graph and campaigns write {@code en_US}), and the catalogue
 * row Meta's webhook is news of, amended before the next refresh from Meta reads it again.
 */
@ApplicationScoped
public class TemplateCampaigns {

    /** The campaign's language as a {@link CatalogTemplate#languageKey}, in HQL. */
    private static final String SAME_TEMPLATE = "templateName = :name and lower(replace(trim(templateLanguage), '-', '_')) = :language";

    private final CampaignRepository campaigns;
    private final Pool pool;

    public TemplateCampaigns(CampaignRepository campaigns, Pool pool) {
        this.campaigns = campaigns;
        this.pool = pool;
    }

    /** Campaigns on template {@code name} in {@code language} in one of {@code states}, oldest first. */
    public Uni<List<CampaignEntity>> on(String name, String language, Set<CampaignState> states) {
        return Panache.withSession(() -> campaigns.find(SAME_TEMPLATE + " and state in :states order by createdAt, id",
                Parameters.with("name", name.trim()).and("language", CatalogTemplate.languageKey(language)).and("states", states)).list());
    }

    /** Shows {@code reason} on campaigns on the template in one of {@code states}. @return how many */
    public Uni<Integer> note(String name, String language, Set<CampaignState> states, String reason, Instant at) {
        return Panache.withTransaction(() -> campaigns.update("stateReason = :reason, updatedAt = :at where " + SAME_TEMPLATE
                + " and state in :states", Parameters.with("reason", reason).and("at", at).and("name", name.trim())
                .and("language", CatalogTemplate.languageKey(language)).and("states", states)));
    }

    /**
     * The live campaigns on the template take Meta's new category (their estimate and view use it);
     * {@code note} is shown on those not paused (a pause's reason says more).
     * @return how many campaigns changed
     */
    public Uni<Integer> recategorise(String name, String language, TemplateCategory category, String note, Instant at) {
        Set<CampaignState> live = Set.of(CampaignState.DRAFT, CampaignState.SCHEDULED, CampaignState.RUNNING, CampaignState.PAUSED);
        Parameters parameters = Parameters.with("category", category.wire()).and("at", at).and("name", name.trim())
                .and("language", CatalogTemplate.languageKey(language)).and("states", live)
                .and("paused", CampaignState.PAUSED).and("note", note);
        return Panache.withTransaction(() -> campaigns.update("templateCategory = :category, updatedAt = :at,"
                + " stateReason = case when state = :paused then stateReason else :note end"
                + " where " + SAME_TEMPLATE + " and state in :states", parameters));
    }

    /**
     * Amends the WABA's catalogue row ({@code broadcast.catalog_template}, written by
     * {@link TemplateCatalogStore} on each refresh) with what the webhook says, so the catalogue
     * says PAUSED at once, even while Meta's list cannot be read. Null leaves a column as it is.
     * @return whether the template was in the catalogue
     */
    public Uni<Boolean> amendCatalogue(String wabaId, String name, String language, String status, TemplateCategory category) {
        return pool.preparedQuery("""
                        UPDATE broadcast.catalog_template SET status = coalesce($4, status), category = coalesce($5, category)
                        WHERE waba_id = $1 AND name = $2 AND language_key = $3""")
                .execute(Tuple.of(wabaId, name.trim(), CatalogTemplate.languageKey(language), status,
                        category == null ? null : category.name()))
                .map(rows -> rows.rowCount() > 0);
    }
}
