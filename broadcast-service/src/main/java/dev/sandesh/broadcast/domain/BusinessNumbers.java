package dev.sandesh.broadcast.domain;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The business phone numbers this deployment sends from: the default one, those listed, those with
 * a tier of their own and those an API key is scoped to. A campaign can name only one of them.
 *
 * <p>Meta sends only from a business number added to the WhatsApp Business Account and registered
 * for Cloud API ("A valid business phone number must be registered before it can be used to send and
 * receive messages via Cloud API": developers.facebook.com/documentation/business-messaging/whatsapp/
 * business-phone-numbers/phone-numbers), and the send call names it by its phone number id
 * ({@code POST /{phone-number-id}/messages}, CLOUD-API.md §1), so a campaign naming any other id could
 * never send. Refusing it when the campaign is created also
 * bounds what the rest of Sandesh keeps per number — sender-service's pacing lanes, rate buckets,
 * leases and meters, keyed by the numbers of signed batches that only broadcast-service publishes —
 * to this set.
 */
public final class BusinessNumbers {

    /** How many of the numbers a refusal lists. */
    private static final int LISTED = 10;

    private final Set<String> ids;

    private BusinessNumbers(Set<String> ids) {
        this.ids = Set.copyOf(ids);
    }

    /**
     * @param defaultId the number campaigns send from unless they name another
     * @param listed    every other number of the deployment
     * @param tiered    the numbers with a messaging-limit tier of their own
     * @param keys      the API keys: the numbers a key is scoped to are the deployment's too
     */
    public static BusinessNumbers of(String defaultId, Collection<String> listed, Collection<String> tiered, ApiKeys keys) {
        Set<String> ids = new TreeSet<>();
        ids.add(defaultId.strip());
        listed.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(ids::add);
        tiered.stream().map(String::strip).forEach(ids::add);
        ids.addAll(keys.scopedNumbers());
        return new BusinessNumbers(ids);
    }

    public boolean contains(String phoneNumberId) {
        return ids.contains(phoneNumberId);
    }

    public int size() {
        return ids.size();
    }

    /** Why a campaign naming {@code phoneNumberId} is refused: the reason of its field error. */
    public String refusal(String phoneNumberId) {
        String known = ids.stream().sorted().limit(LISTED).collect(Collectors.joining(", "));
        return "not one of this deployment's business numbers (" + known + (ids.size() > LISTED ? ", …" : "")
                + "); another one is added with sandesh.broadcast.phone-number-ids";
    }
}
