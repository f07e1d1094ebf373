package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.OptOut;

import java.util.ArrayList;
import java.util.List;

/**
 * Which opt-outs keep a recipient out of a campaign (DESIGN.md §4 Opt-outs; CLOUD-API-MORE §3.8):
 * an ALL opt-out blocks every template; a MARKETING one (Meta's {@code user_preferences} stop, 131050,
 * marketing STOP keywords) blocks MARKETING templates only — UTILITY and AUTHENTICATION still go —
 * and only from the business number it names ({@code '*'} = every number). Either key matches: the
 * phone or the BSUID.
 */
public final class OptOutScopes {

    /** The {@code phone_number_id} of an opt-out that applies to every business number. */
    public static final String EVERY_NUMBER = "*";

    private OptOutScopes() {
    }

    /** The scopes that block a template of {@code category} (MARKETING, UTILITY, AUTHENTICATION; any case). */
    public static List<String> blocking(String category) {
        List<String> scopes = new ArrayList<>(2);
        for (OptOut.Scope scope : OptOut.Scope.values()) {
            if (scope.blocks(category)) {
                scopes.add(scope.name());
            }
        }
        return scopes;
    }

    /** The keys an opt-out is stored under: its phone and its BSUID, whichever it has. */
    public static List<String> subjects(OptOut event) {
        List<String> subjects = new ArrayList<>(2);
        if (event.phone() != null) {
            subjects.add(event.phone().startsWith("+") ? event.phone() : "+" + event.phone());
        }
        if (event.userId() != null) {
            subjects.add(event.userId());
        }
        return subjects;
    }

    /** The business number an opt-out is stored for. */
    public static String number(OptOut event) {
        return event.phoneNumberId() == null ? EVERY_NUMBER : event.phoneNumberId();
    }
}
