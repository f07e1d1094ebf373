package dev.sandesh.simulator.domain;

import java.util.List;

/**
 * A template the simulated WhatsApp Business Account owns.
 *
 * @param name             template name, as sent in {@code template.name}
 * @param languages        language codes it has a translation for ({@code en}, {@code hi}, {@code pt_BR}...)
 * @param category         pricing category reported in status webhooks ({@code marketing}, {@code utility}...)
 * @param headerParameters parameters of the header component (0, or 1 for a media/text variable)
 * @param bodyParameters   number of {@code {{n}}} placeholders in the body
 * @param buttonParameters parameters over all button components (one per dynamic URL / quick-reply payload)
 * @param status           review/quality state
 */
public record MessageTemplate(String name, List<String> languages, String category, int headerParameters,
                              int bodyParameters, int buttonParameters, TemplateStatus status) {

    public MessageTemplate {
        languages = List.copyOf(languages);
        if (headerParameters < 0 || bodyParameters < 0 || buttonParameters < 0) {
            throw new IllegalArgumentException("parameter counts must be >= 0");
        }
    }

    /** A template with body parameters only. */
    public MessageTemplate(String name, List<String> languages, String category, int bodyParameters,
                           TemplateStatus status) {
        this(name, languages, category, 0, bodyParameters, 0, status);
    }

    public MessageTemplate withStatus(TemplateStatus newStatus) {
        return new MessageTemplate(name, languages, category, headerParameters, bodyParameters, buttonParameters,
                newStatus);
    }
}
