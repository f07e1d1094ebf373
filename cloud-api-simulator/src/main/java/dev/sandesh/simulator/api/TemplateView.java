package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.TemplateStatus;
import java.util.List;

/**
 * A template of the registry, as {@code GET/PUT /_simulator/templates} show it. On PUT, fields
 * left out keep their current value (or the defaults en / marketing / 0 / APPROVED).
 */
public record TemplateView(String name, List<String> languages, String category, Integer headerParameters,
                           Integer bodyParameters, Integer buttonParameters, TemplateStatus status) {

    static TemplateView of(MessageTemplate template) {
        return new TemplateView(template.name(), template.languages(), template.category(),
                template.headerParameters(), template.bodyParameters(), template.buttonParameters(),
                template.status());
    }
}
