package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One template translation of the simulated WhatsApp Business Account, in the shape Meta's
 * template-management API returns it (CLOUD-API-MORE §2.1): Meta identifies a template by name +
 * language, each translation with its own id and status.
 *
 * @param id           Graph id (a string of digits, as Graph returns it)
 * @param language     exactly as approved ({@code en}, {@code en_US}, {@code hi}); sends must match it exactly (§1.9)
 * @param qualityScore GREEN, YELLOW, RED or UNKNOWN (§3.3)
 */
public record MessageTemplate(String id, String name, String language, TemplateStatus status,
                              TemplateCategory category, ParameterFormat parameterFormat,
                              List<TemplateComponent> components, String qualityScore) {

    public MessageTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(category, "category");
        parameterFormat = parameterFormat == null ? ParameterFormat.POSITIONAL : parameterFormat;
        components = List.copyOf(components);
        qualityScore = qualityScore == null ? "UNKNOWN" : qualityScore;
        if (!id.matches("[1-9][0-9]{0,17}")) {
            // Graph ids are digits; the template webhooks carry them as integers (CLOUD-API-MORE §3.1).
            throw new IllegalArgumentException("template id must be digits, was " + id);
        }
        if (!name.matches("[a-z0-9_]{1,512}")) {
            // Meta: lowercase alphanumerics and underscores, at most 512 chars (Meta-copy:templates).
            throw new IllegalArgumentException("template name must be lowercase letters, digits and _, was " + name);
        }
    }

    /**
     * The older count-only registry entry ({@code templates.<name>.body-parameters=2}): a POSITIONAL
     * template with a TEXT header variable, a body of that many variables and that many dynamic
     * URL buttons, so configurations written before the Meta-shaped registry keep working.
     */
    public static MessageTemplate ofCounts(String id, String name, String language, TemplateCategory category,
                                           int headerParameters, int bodyParameters, int buttonParameters,
                                           TemplateStatus status) {
        if (headerParameters < 0 || headerParameters > 1 || bodyParameters < 0 || buttonParameters < 0
                || buttonParameters > 10) {
            throw new IllegalArgumentException("header parameters 0..1, body >= 0, buttons 0..10");
        }
        List<TemplateComponent> components = new ArrayList<>();
        if (headerParameters == 1) {
            components.add(new TemplateComponent.Header(TemplateComponent.HeaderFormat.TEXT, "Hi {{1}}",
                    List.of(new TemplateComponent.Example("1", "Asha")), null));
        }
        StringBuilder body = new StringBuilder("Message");
        List<TemplateComponent.Example> examples = new ArrayList<>();
        for (int i = 1; i <= bodyParameters; i++) {
            body.append(" {{").append(i).append("}}").append(i == bodyParameters ? "." : ",");
            examples.add(new TemplateComponent.Example(String.valueOf(i), "value" + i));
        }
        components.add(new TemplateComponent.Body(body.toString(), examples, false));
        if (buttonParameters > 0) {
            List<TemplateButton> buttons = new ArrayList<>();
            for (int i = 0; i < buttonParameters; i++) {
                buttons.add(new TemplateButton.Url("Open " + (i + 1), "https://shop.example/l/{{1}}",
                        "https://shop.example/l/abc"));
            }
            components.add(new TemplateComponent.Buttons(buttons));
        }
        return new MessageTemplate(id, name, language, status, category, ParameterFormat.POSITIONAL, components,
                null);
    }

    public MessageTemplate withStatus(TemplateStatus newStatus) {
        return new MessageTemplate(id, name, language, newStatus, category, parameterFormat, components, qualityScore);
    }

    public MessageTemplate withCategory(TemplateCategory newCategory) {
        return new MessageTemplate(id, name, language, status, newCategory, parameterFormat, components, qualityScore);
    }

    public MessageTemplate withQualityScore(String newScore) {
        return new MessageTemplate(id, name, language, status, category, parameterFormat, components, newScore);
    }

    public MessageTemplate withComponents(List<TemplateComponent> newComponents) {
        return new MessageTemplate(id, name, language, status, category, parameterFormat, newComponents, qualityScore);
    }
}
