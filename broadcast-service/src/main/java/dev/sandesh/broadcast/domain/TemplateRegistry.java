package dev.sandesh.broadcast.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The templates campaigns may use ({@code sandesh.templates.*}), by name. */
public final class TemplateRegistry {

    private final Map<String, TemplateSpec> templates;

    public TemplateRegistry(Map<String, TemplateSpec> templates) {
        this.templates = Map.copyOf(templates);
    }

    public Optional<TemplateSpec> find(String name) {
        return Optional.ofNullable(name == null ? null : templates.get(name.trim()));
    }

    /** What is wrong with a request's template, as (field, reason) pairs; empty when it is known and matches. */
    public List<String[]> problems(String name, String language, String category) {
        List<String[]> problems = new ArrayList<>();
        Optional<TemplateSpec> spec = find(name);
        if (spec.isEmpty()) {
            problems.add(new String[]{"template.name", "is not in the template registry (known: " + String.join(", ", templates.keySet().stream().sorted().toList()) + ")"});
            return problems;
        }
        if (language != null && !spec.get().language().equalsIgnoreCase(language.trim())) {
            problems.add(new String[]{"template.language", "template " + name.trim() + " is approved in " + spec.get().language()});
        }
        Optional<TemplateCategory> given = TemplateCategory.fromWire(category);
        if (given.isPresent() && given.get() != spec.get().category()) {
            problems.add(new String[]{"template.category", "template " + name.trim() + " is a " + spec.get().category().wire() + " template"});
        }
        return problems;
    }
}
