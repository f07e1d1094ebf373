package dev.sandesh.simulator.api;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.domain.CloudApiError;
import dev.sandesh.simulator.domain.TemplateCategory;
import dev.sandesh.simulator.domain.TemplateRegistry;
import dev.sandesh.simulator.domain.TemplateStatus;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Meta's template list, {@code GET /{version}/{WABA-ID}/message_templates} (CLOUD-API-MORE §2.1):
 * {@code {"data":[…],"paging":{"cursors":{"before","after"},"next"}}} with {@code next} (an absolute
 * URL) only while more pages follow; {@code limit}, {@code after}/{@code before}, {@code fields}
 * and the filters {@code name} (part of the name), {@code status}, {@code category},
 * {@code language} (comma lists); {@code summary=total_count}. Bearer-checked like {@code /messages}.
 * Served by {@link MessagesResource}, which owns the {@code /{version}/{id}} root.
 */
@Singleton
public class TemplateListing {

    private static final int MAX_LIMIT = 1000;

    private final TemplateRegistry templates;
    private final SimulatorConfig config;
    private final byte[] accessToken;

    public TemplateListing(TemplateRegistry templates, SimulatorConfig config) {
        this.templates = templates;
        this.config = config;
        this.accessToken = config.accessToken().getBytes(StandardCharsets.UTF_8);
    }

    public Response list(String wabaId, String authorization, String accessTokenParam, String limit, String after,
                         String before, String fields, String name, String status, String category,
                         String language, String summary, HttpServerRequest request) {
        String token = MessagesResource.token(authorization, accessTokenParam);
        if (token == null || !MessageDigest.isEqual(accessToken, token.getBytes(StandardCharsets.UTF_8))) {
            return error(CloudApiError.invalidAccessToken());
        }
        if (!config.wabaId().equals(wabaId)) {
            return error(CloudApiError.unknownObject(wabaId));
        }
        int pageSize;
        TemplateRegistry.Query query;
        TemplateRegistry.Page page;
        try {
            pageSize = limit == null ? config.templatesPageSize() : Integer.parseInt(limit.strip());
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                throw new IllegalArgumentException("Param limit must be between 1 and " + MAX_LIMIT);
            }
            query = new TemplateRegistry.Query(blankToNull(name),
                    commaList(status, s -> TemplateStatus.valueOf(s.toUpperCase(Locale.ROOT))),
                    commaList(category, TemplateCategory::parse), commaList(language, Function.identity()));
            page = templates.page(query, pageSize, blankToNull(after), blankToNull(before));
        } catch (IllegalArgumentException e) {
            return error(CloudApiError.invalidParameter(e.getMessage()));
        }
        Set<String> wanted = fields == null || fields.isBlank() ? TemplateJson.DEFAULT_FIELDS
                : Arrays.stream(fields.split(",")).map(String::strip).collect(Collectors.toSet());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.data().stream().map(t -> TemplateJson.write(t, wanted)).toList());
        if (!page.data().isEmpty()) {
            Map<String, Object> paging = new LinkedHashMap<>();
            Map<String, Object> cursors = new LinkedHashMap<>();
            cursors.put("before", page.before());
            cursors.put("after", page.after());
            paging.put("cursors", cursors);
            if (page.hasNext()) {
                paging.put("next", link(request, "after", page.after()));
            }
            if (page.hasPrevious()) {
                paging.put("previous", link(request, "before", page.before()));
            }
            body.put("paging", paging);
        }
        if (summary != null && summary.contains("total_count")) {
            body.put("summary", Map.of("total_count", templates.page(query, MAX_LIMIT, null, null).data().size()));
        }
        return Response.ok(body).build();
    }

    /** This request's absolute URL with the cursor replaced, as Graph's paging links are. */
    private static String link(HttpServerRequest request, String cursorParam, String cursor) {
        StringBuilder url = new StringBuilder(request.scheme()).append("://").append(request.authority())
                .append(request.path()).append('?');
        request.params().forEach((key, value) -> {
            if (!key.equals("after") && !key.equals("before")) {
                url.append(enc(key)).append('=').append(enc(value)).append('&');
            }
        });
        return url.append(cursorParam).append('=').append(enc(cursor)).toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> Set<T> commaList(String value, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<T> set = new HashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                set.add(parse.apply(item.strip()));
            }
        }
        return set;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response error(CloudApiError error) {
        return Response.status(error.httpStatus()).entity(GraphErrorBody.of(error)).build();
    }
}
