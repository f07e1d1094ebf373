package dev.sandesh.broadcast.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * How the catalogue reads Meta's pages: the first URL, then each {@code paging.next} until there is
 * none (CLOUD-API-MORE §2.1: a reader that stops at page one silently misses templates). The next
 * URL is absolute and Sandesh sends its access token there, so it must point under
 * {@code sandesh.cloud-api.base-url}; a repeated URL or more than {@code maxPages} pages is a loop.
 *
 * @param baseUrl  {@code sandesh.cloud-api.base-url}, e.g. {@code https://graph.facebook.com}
 * @param maxPages the most pages read in one refresh
 */
public record TemplatePaging(String baseUrl, int maxPages) {

    /** The fields Sandesh keeps; Meta's defaults would add {@code sub_category} (M/templates/template-management). */
    public static final String FIELDS = "id,name,language,status,category,parameter_format,components";

    public TemplatePaging {
        if (maxPages < 1) {
            throw new IllegalArgumentException("max pages must be 1 or more");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** What to do after a page. */
    public sealed interface Step {
        record Fetch(String url) implements Step {
        }

        record Done() implements Step {
        }

        record Refused(String reason) implements Step {
        }
    }

    public String first(String version, String wabaId, int limit) {
        return baseUrl + "/" + version + "/" + wabaId + "/message_templates?fields=" + FIELDS + "&limit=" + limit;
    }

    /**
     * The step after a page whose {@code paging.next} is {@code next}.
     *
     * @param pagesRead pages read so far, this one included
     * @param visited   the URLs already fetched
     */
    public Step after(String next, int pagesRead, Set<String> visited) {
        if (next == null || next.isBlank()) {
            return new Step.Done();
        }
        if (!under(next.trim())) {
            return new Step.Refused("paging.next points to " + origin(next) + ", not under sandesh.cloud-api.base-url " + baseUrl);
        }
        if (visited.contains(next.trim())) {
            return new Step.Refused("paging.next repeats a page already read (a paging loop)");
        }
        if (pagesRead >= maxPages) {
            return new Step.Refused("more than " + maxPages + " pages of templates (sandesh.cloud-api.templates-max-pages)");
        }
        return new Step.Fetch(next.trim());
    }

    private boolean under(String url) {
        try {
            URI base = new URI(baseUrl);
            URI next = new URI(url);
            return next.getScheme() != null && next.getScheme().equalsIgnoreCase(base.getScheme())
                    && next.getHost() != null && next.getHost().equalsIgnoreCase(base.getHost())
                    && port(next) == port(base)
                    && next.getUserInfo() == null
                    && (next.getPath() + "/").startsWith(base.getPath() + "/");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    /** Scheme, host and port only: the rest of Meta's URL carries the token-bound cursor. */
    private static String origin(String url) {
        try {
            URI uri = new URI(url.trim());
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return "an unreadable URL";
        }
    }
}
