package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.TemplateStatus;
import java.util.List;

/**
 * A template as the older {@code GET/PUT /_simulator/templates} show it: one entry per name, its
 * languages, and the parameters a send must carry (header, body, required buttons). On PUT, fields
 * left out keep their current value (or the defaults en / marketing / 0 / APPROVED).
 */
public record TemplateView(String name, List<String> languages, String category, Integer headerParameters,
                           Integer bodyParameters, Integer buttonParameters, TemplateStatus status) { }
