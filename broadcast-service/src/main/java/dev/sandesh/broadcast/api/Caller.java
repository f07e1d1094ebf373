package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.ApiKeys;
import jakarta.enterprise.context.RequestScoped;

import java.util.Set;

/** The API key of the current request, set by {@link ApiKeyFilter}; says which phone numbers it may act for. */
@RequestScoped
public class Caller {

    private ApiKeys.Key key;

    void authenticate(ApiKeys.Key key) {
        this.key = key;
    }

    /** The phone number ids this key is limited to; empty when it may act for every number. */
    public Set<String> phoneNumberIds() {
        return key == null ? Set.of() : key.phoneNumberIds();
    }

    /** Fails with 403 when the key may not act for campaigns of {@code phoneNumberId}. */
    public void requireAccess(String phoneNumberId) {
        if (key != null && !key.allows(phoneNumberId)) {
            throw new ProblemException(403, "Forbidden", "this API key may not act for phone number " + phoneNumberId, null);
        }
    }
}
