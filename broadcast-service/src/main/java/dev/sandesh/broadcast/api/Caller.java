package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.security.ApiKeyIdentityProvider;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Who is calling: the {@link SecurityIdentity} Quarkus Security established for the request (an API
 * key named by {@code sandesh.api.keys}, see {@link ApiKeyIdentityProvider}); says which phone
 * numbers it may act for. The campaign API ({@code /v1/*}) is only reached with an API key
 * (application.properties, {@code quarkus.http.auth.permission.api}).
 *
 * <p>Authentication is lazy ({@code quarkus.http.auth.proactive=false}, so that refusals are
 * problem+json from the REST layer), and a lazily resolved identity may not be read synchronously
 * on the event loop: {@link #identify} takes it from the deferred identity, without blocking, before
 * the resource method runs.
 */
@RequestScoped
public class Caller {

    @Inject
    CurrentIdentityAssociation identities;

    private SecurityIdentity identity;

    /** Resolves the request's identity (already authenticated by the path permission, or anonymous). */
    @ServerRequestFilter
    public Uni<Void> identify() {
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .invoke(resolved -> identity = resolved)
                .replaceWithVoid();
    }

    private boolean anonymous() {
        return identity == null || identity.isAnonymous();
    }

    /** The phone number ids this caller is limited to; empty when it may act for every number. */
    public Set<String> phoneNumberIds() {
        Set<String> ids = anonymous() ? null : identity.getAttribute(ApiKeyIdentityProvider.PHONE_NUMBER_IDS);
        return ids == null ? Set.of() : ids;
    }

    /** The caller's name (the API key's name, never the key), or {@code anonymous}. */
    public String name() {
        return anonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /**
     * An {@code Idempotency-Key} as stored: scoped to this caller ({@code <name>:<key>}; a name has no
     * {@code :}), so two API keys that happen to choose the same key never see each other's campaign.
     * Null stays null.
     */
    public String idempotencyKey(String key) {
        return key == null ? null : name() + ":" + key;
    }

    /** Fails with 403 when the caller may not act for campaigns of {@code phoneNumberId}. */
    public void requireAccess(String phoneNumberId) {
        Set<String> ids = phoneNumberIds();
        if (!ids.isEmpty() && !ids.contains(phoneNumberId)) {
            throw new ProblemException(403, "Forbidden", "this API key may not act for phone number " + phoneNumberId, null);
        }
    }
}
