package dev.sandesh.broadcast.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.domain.TemplateSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of one WABA as last read from Meta ({@code broadcast.catalog_template}): written as a
 * whole set per refresh, read back into a {@link TemplateSnapshot}, so replicas agree and a restart
 * has the catalogue before Meta answers.
 */
@ApplicationScoped
public class TemplateCatalogStore {

    private static final String INSERT = """
            INSERT INTO broadcast.catalog_template
                (waba_id, name, language_key, language, template_id, status, category, parameter_format, components, synced_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10)
            ON CONFLICT (waba_id, name, language_key) DO UPDATE SET language = EXCLUDED.language,
                template_id = EXCLUDED.template_id, status = EXCLUDED.status, category = EXCLUDED.category,
                parameter_format = EXCLUDED.parameter_format, components = EXCLUDED.components, synced_at = EXCLUDED.synced_at
            """;

    private final Pool pool;
    private final ObjectMapper json;

    public TemplateCatalogStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Replaces the WABA's catalogue with these templates in one transaction. */
    public Uni<Void> replace(String wabaId, List<CatalogTemplate> templates, Instant syncedAt) {
        OffsetDateTime at = OffsetDateTime.ofInstant(syncedAt, ZoneOffset.UTC);
        List<Tuple> rows = new ArrayList<>();
        for (CatalogTemplate t : templates) {
            rows.add(Tuple.tuple().addString(wabaId).addString(t.name()).addString(CatalogTemplate.languageKey(t.language())).addString(t.language())
                    .addString(t.id()).addString(t.status()).addString(t.category().name())
                    .addString(t.parameterFormat().name()).addString(t.components().toString()).addOffsetDateTime(at));
        }
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM broadcast.catalog_template WHERE waba_id = $1").execute(Tuple.of(wabaId))
                .flatMap(deleted -> rows.isEmpty() ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid()));
    }

    /** The WABA's catalogue as last stored; empty with a null {@code syncedAt} when never synced. */
    public Uni<TemplateSnapshot> load(String wabaId) {
        return pool.preparedQuery("""
                        SELECT name, language, template_id, status, category, parameter_format, components::text AS components, synced_at
                        FROM broadcast.catalog_template WHERE waba_id = $1""")
                .execute(Tuple.of(wabaId))
                .map(rows -> {
                    List<CatalogTemplate> templates = new ArrayList<>();
                    Instant syncedAt = null;
                    for (Row row : rows) {
                        templates.add(template(row));
                        Instant at = row.getOffsetDateTime("synced_at").toInstant();
                        syncedAt = syncedAt == null || at.isAfter(syncedAt) ? at : syncedAt;
                    }
                    return TemplateSnapshot.of(templates, syncedAt);
                });
    }

    private CatalogTemplate template(Row row) {
        try {
            return new CatalogTemplate(row.getString("template_id"), row.getString("name"), row.getString("language"),
                    row.getString("status"), TemplateCategory.valueOf(row.getString("category")),
                    CatalogTemplate.ParameterFormat.valueOf(row.getString("parameter_format")),
                    json.readTree(row.getString("components")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog_template " + row.getString("name") + ": components are not JSON", e);
        }
    }
}
