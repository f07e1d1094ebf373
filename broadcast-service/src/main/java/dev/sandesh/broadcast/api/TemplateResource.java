package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.broadcast.client.GraphTemplatesException;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.TemplateSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/**
 * The template catalogue campaigns are checked against ({@link LiveTemplateCatalog}): Meta's
 * {@code message_templates} of {@code sandesh.cloud-api.waba-id}, or the configured templates.
 */
@Path("/v1/templates")
@Tag(name = "Templates")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final LiveTemplateCatalog catalog;

    public TemplateResource(LiveTemplateCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param source    {@code meta} (read from the WABA's {@code message_templates}) or {@code configuration}
     * @param wabaId    the WABA read, null for configured templates
     * @param syncedAt  when the set was last read from Meta, null if never (or configured)
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TemplateList(String source, String wabaId, Instant syncedAt, List<TemplateView> templates) {
    }

    /** One template; {@code category} in the API's lower case, the rest as Meta wrote it. */
    @RegisterForReflection
    public record TemplateView(String name, String language, String status, String category, String parameterFormat,
                               JsonNode components, String id, Instant syncedAt) {
    }

    @GET
    @Operation(summary = "The templates campaigns may use, by name then language")
    public TemplateList list() {
        return view(catalog.snapshot());
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Read the catalogue from Meta now; 502/503 (and the old catalogue kept) when Meta cannot be read")
    public Uni<TemplateList> refresh() {
        return catalog.refresh()
                .map(templates -> view(catalog.snapshot()))
                .onFailure(GraphTemplatesException.class).transform(e -> {
                    GraphTemplatesException failure = (GraphTemplatesException) e;
                    return switch (failure.kind()) {
                        case UNREACHABLE -> new ProblemException(503, "Meta unavailable",
                                failure.getMessage() + "; the catalogue in use is unchanged", null);
                        case BAD_ANSWER -> new ProblemException(502, "Meta refused the template list",
                                failure.getMessage() + "; the catalogue in use is unchanged", null);
                    };
                });
    }

    private TemplateList view(TemplateSnapshot snapshot) {
        List<TemplateView> templates = snapshot.all().stream().map(t -> view(t, snapshot.syncedAt())).toList();
        return new TemplateList(catalog.wabaId().isPresent() ? "meta" : "configuration",
                catalog.wabaId().orElse(null), snapshot.syncedAt(), templates);
    }

    private static TemplateView view(CatalogTemplate t, Instant syncedAt) {
        return new TemplateView(t.name(), t.language(), t.status(), t.category().wire(), t.parameterFormat().name(),
                t.components(), t.id(), syncedAt);
    }
}
