package dev.sandesh.sender.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The last opt-out check before a send (DESIGN.md §4 Opt-outs; CLOUD-API-MORE §3.8): a recipient
 * opted out, in a scope that covers the batch's template, of the batch's business number (or of
 * every number) is not sent; it is FAILED with {@link LocalError#OPTED_OUT}. A MARKETING opt-out
 * covers only MARKETING templates (and a template whose category is unknown); an ALL opt-out covers
 * every template.
 *
 * <p>Which opt-outs apply is one query per batch (persistence); this class decides which scopes the
 * query asks for and splits the batch by its answer.
 */
public final class OptOutCheck {

    private OptOutCheck() {
    }

    /** The scopes that block a template of {@code category}. */
    public static List<OptOut.Scope> blockingScopes(String category) {
        List<OptOut.Scope> scopes = new ArrayList<>(2);
        for (OptOut.Scope scope : OptOut.Scope.values()) {
            if (scope.blocks(category)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** The recipients not opted out, in order; {@code optedOutPhones} is the query's answer. */
    public static List<SendBatch.Recipient> toSend(List<SendBatch.Recipient> claimed, Set<String> optedOutPhones) {
        return optedOutPhones.isEmpty() ? claimed : claimed.stream().filter(r -> !optedOutPhones.contains(r.phone())).toList();
    }

    /** The result of each opted-out recipient: FAILED with {@link LocalError#OPTED_OUT}, nothing sent. */
    public static List<SendResult> notSent(List<SendBatch.Recipient> claimed, Set<String> optedOutPhones) {
        if (optedOutPhones.isEmpty()) {
            return List.of();
        }
        return claimed.stream().filter(r -> optedOutPhones.contains(r.phone()))
                .map(r -> SendResult.failed(r.sequence(),
                        new CloudApiError.Unrecognised(LocalError.OPTED_OUT.code(), LocalError.OPTED_OUT.meaning()), 0))
                .toList();
    }
}
