package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Objects;

/**
 * A message template as Meta's template-management API describes it
 * ({@code GET /{version}/{WABA-ID}/message_templates}, CLOUD-API-MORE §2.1): Meta identifies a
 * template by name <em>and</em> language, and pauses, disables and re-categorises it on its own,
 * so every campaign is checked against the catalogue's copy before anything is sent.
 *
 * @param id              Meta's template id (null for a template configured by hand)
 * @param name            the template's name, as sent in {@code template.name}
 * @param language        the language code as Meta lists it ({@code en}, {@code en_US}, {@code pt_BR})
 * @param status          Meta's review status: {@code APPROVED}, {@code PAUSED}, {@code DISABLED},
 *                        {@code PENDING}, {@code REJECTED}, … (kept as Meta wrote it; unknown values are
 *                        simply not sendable)
 * @param category        the category Meta bills it in (Meta may change it: {@code template_category_update})
 * @param parameterFormat how its variables are written: {@code NAMED} ({@code {{customer}}}) or
 *                        {@code POSITIONAL} ({@code {{1}}}); Meta's default is POSITIONAL
 * @param components      the template's definition components as Meta returns them (HEADER, BODY,
 *                        FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER …), a JSON array
 */
public record CatalogTemplate(String id, String name, String language, String status, TemplateCategory category,
                              ParameterFormat parameterFormat, JsonNode components) {

    public CatalogTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(parameterFormat, "parameterFormat");
        Objects.requireNonNull(components, "components");
    }

    /** How Meta writes a template's variables. */
    public enum ParameterFormat {
        NAMED, POSITIONAL;

        /** Meta leaves {@code parameter_format} out of older templates: they are positional. */
        public static ParameterFormat fromWire(String value) {
            return value != null && value.trim().equalsIgnoreCase("NAMED") ? NAMED : POSITIONAL;
        }
    }

    /** Only an APPROVED template can be sent (132001 / 132015 / 132016 otherwise). */
    public boolean sendable() {
        return "APPROVED".equalsIgnoreCase(status);
    }

    /** The catalogue key of this template: name plus {@link #languageKey(String)}. */
    public String key() {
        return key(name, language);
    }

    public static String key(String name, String language) {
        return name.trim() + '/' + languageKey(language);
    }

    /**
     * Language codes compared as Meta treats them in practice: case- and {@code -}/{@code _}-insensitive
     * ({@code en_US}, {@code en-us} and {@code EN_us} are one language).
     */
    public static String languageKey(String language) {
        return language.trim().replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
