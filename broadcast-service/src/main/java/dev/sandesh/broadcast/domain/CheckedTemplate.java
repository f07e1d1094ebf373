package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sandesh.contracts.TemplateComponents;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign's template after {@link TemplateCheck} accepted it: the catalogue entry, the effective
 * send-time components (given, or derived from the template), and what is left to check for each
 * recipient — the values that hold placeholders, once substituted.
 *
 * @param template       the catalogue's template (its category is the one billed)
 * @param components     the effective {@code template.components}, compiled; empty when the template takes none
 * @param slots          every value with a placeholder, with the rule its substituted value must meet
 * @param exactParameters for the short form (components derived from a POSITIONAL template): how many
 *                       positional parameters each recipient must give; -1 when any number will do
 */
public record CheckedTemplate(CatalogTemplate template, TemplateComponents components, List<Slot> slots, int exactParameters) {

    public CheckedTemplate {
        slots = List.copyOf(slots);
    }

    /**
     * A value that varies per recipient.
     *
     * @param field   where it is, as the API names it: {@code template.components[2].parameters[0].text}
     * @param pointer the same place in the components array
     */
    public record Slot(String field, JsonPointer pointer, ValueRule rule) {
    }

    /** Why one recipient cannot be sent this template. */
    public record RecipientProblem(RejectionReason reason, String detail) {
    }

    /** The components to store with the campaign and carry in every batch; null when the template takes none. */
    public ArrayNode effectiveComponents() {
        return components.isEmpty() ? null : components.source();
    }

    /**
     * One recipient's values, substituted: every placeholder resolved (else MISSING_VARIABLE), every
     * resolved value within Meta's rules (else INVALID_PARAMETER, CLOUD-API-MORE §1.8), and in the short
     * form the template's number of parameters (else PARAMETER_COUNT, as before components existed).
     */
    public Optional<RecipientProblem> check(List<String> parameters, Map<String, String> variables) {
        if (exactParameters >= 0 && parameters.size() != exactParameters) {
            return Optional.of(new RecipientProblem(RejectionReason.PARAMETER_COUNT,
                    "template " + template.name() + " takes " + exactParameters + " body parameter(s), got " + parameters.size()));
        }
        if (slots.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode resolved;
        try {
            resolved = components.resolve(parameters, variables);
        } catch (TemplateComponents.UnresolvedPlaceholder e) {
            String source = e.placeholder().matches("\\{\\{\\s*\\d+\\s*}}") ? "positional parameter" : "variable";
            return Optional.of(new RecipientProblem(RejectionReason.MISSING_VARIABLE,
                    "template." + e.path() + ": no " + source + " for " + e.placeholder()));
        }
        for (Slot slot : slots) {
            JsonNode value = resolved.at(slot.pointer());
            String problem = slot.rule().problem(value.asText());
            if (problem != null) {
                return Optional.of(new RecipientProblem(RejectionReason.INVALID_PARAMETER, slot.field() + " " + problem));
            }
        }
        return Optional.empty();
    }
}
