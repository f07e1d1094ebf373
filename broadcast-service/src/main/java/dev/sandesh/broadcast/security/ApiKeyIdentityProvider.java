package dev.sandesh.broadcast.security;

import dev.sandesh.broadcast.domain.ApiKeys;
import dev.sandesh.support.security.InternalIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Who a bearer token is, when it is an API key from {@code sandesh.api.keys} ({@link ApiKeys}): the
 * identity named after the key (never the key itself) with the role {@value #API_ROLE} and the
 * attribute {@value #PHONE_NUMBER_IDS} (the numbers it is limited to; empty = every number). A token
 * that is no API key gets no identity here (a null item): service-support's
 * {@link InternalIdentityProvider} makes the internal secret {@value #INTERNAL_PRINCIPAL} with the
 * role {@value #INTERNAL_ROLE}, and a token neither knows fails (401). The two roles open different
 * paths (application.properties): an API key cannot call {@code /internal}, the internal secret
 * cannot use the campaign API.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String API_ROLE = "api";
    public static final String INTERNAL_ROLE = InternalIdentityProvider.ROLE;
    public static final String INTERNAL_PRINCIPAL = InternalIdentityProvider.PRINCIPAL;
    /** {@code Set<String>}: the phone number ids an API key may act for; empty for every number. */
    public static final String PHONE_NUMBER_IDS = "sandesh.phone-number-ids";

    private final ApiKeys keys;

    ApiKeyIdentityProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Optional<ApiKeys.Key> key = keys.match(request.getToken().getToken());
        if (key.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(key.get().name()))
                .addRole(API_ROLE)
                .addAttribute(PHONE_NUMBER_IDS, key.get().phoneNumberIds())
                .build());
    }
}
