package dev.sandesh.simulator.domain;

import java.util.List;

/**
 * A template the simulated WhatsApp Business Account owns.
 *
 * @param name           template name, as sent in {@code template.name}
 * @param languages      language codes it has a translation for ({@code en}, {@code hi}, {@code pt_BR}...)
 * @param category       pricing category reported in status webhooks ({@code marketing}, {@code utility}...)
 * @param bodyParameters number of {@code {{n}}} placeholders in the body
 * @param status         review/quality state
 */
public record MessageTemplate(String name, List<String> languages, String category, int bodyParameters,
                              TemplateStatus status) {

    public MessageTemplate {
        languages = List.copyOf(languages);
        if (bodyParameters < 0) {
            throw new IllegalArgumentException("bodyParameters must be >= 0");
        }
    }

    public MessageTemplate withStatus(TemplateStatus newStatus) {
        return new MessageTemplate(name, languages, category, bodyParameters, newStatus);
    }
}
