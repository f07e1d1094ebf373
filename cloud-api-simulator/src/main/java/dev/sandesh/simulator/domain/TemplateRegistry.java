package dev.sandesh.simulator.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The templates of the simulated account; statuses can change at runtime (pause, disable). */
public final class TemplateRegistry {

    private final Map<String, MessageTemplate> byName = new ConcurrentHashMap<>();

    public TemplateRegistry(Collection<MessageTemplate> templates) {
        templates.forEach(t -> byName.put(t.name(), t));
    }

    public Optional<MessageTemplate> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<MessageTemplate> all() {
        return byName.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Replaces (or adds) a template. */
    public void put(MessageTemplate template) {
        byName.put(template.name(), template);
    }

    /**
     * Meta's checks on a template send, in the order Meta applies them. Only an APPROVED template
     * is in the "translation" Meta looks up, so PENDING/REJECTED ones answer 132001 like unknown ones.
     */
    public Optional<CloudApiError> check(TemplateSend send) {
        String name = send.templateName();
        String languageCode = send.languageCode();
        MessageTemplate template = byName.get(name);
        if (template == null || !template.languages().contains(languageCode)
                || template.status() == TemplateStatus.PENDING || template.status() == TemplateStatus.REJECTED) {
            return Optional.of(CloudApiError.templateNotFound(name, languageCode));
        }
        if (template.status() == TemplateStatus.PAUSED) {
            return Optional.of(CloudApiError.templatePaused(name));
        }
        if (template.status() == TemplateStatus.DISABLED) {
            return Optional.of(CloudApiError.templateDisabled(name));
        }
        // Meta counts per component ("header: number of localizable_params (0) does not match...").
        if (send.headerParameterCount() != template.headerParameters()) {
            return Optional.of(CloudApiError.parameterCountMismatch("header", send.headerParameterCount(),
                    template.headerParameters()));
        }
        if (send.bodyParameterCount() != template.bodyParameters()) {
            return Optional.of(CloudApiError.parameterCountMismatch("body", send.bodyParameterCount(),
                    template.bodyParameters()));
        }
        if (send.buttonParameterCount() != template.buttonParameters()) {
            return Optional.of(CloudApiError.parameterCountMismatch("button", send.buttonParameterCount(),
                    template.buttonParameters()));
        }
        return Optional.empty();
    }
}
