package dev.sandesh.broadcast.security;

import dev.sandesh.broadcast.domain.ApiKeys;
import dev.sandesh.contracts.InternalSignature;
import io.quarkus.security.AuthenticationFailedException;
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
 * Who a bearer token is. An API key from {@code sandesh.api.keys} ({@link ApiKeys}) is the identity
 * named after the key (never the key itself) with the role {@value #API_ROLE} and the attribute
 * {@value #PHONE_NUMBER_IDS} (the numbers it is limited to; empty = every number). The internal
 * secret ({@link InternalSignature#acceptsBearer}) is {@value #INTERNAL_PRINCIPAL} with the role
 * {@value #INTERNAL_ROLE}. The two roles open different paths (application.properties): an API key
 * cannot call {@code /internal}, the internal secret cannot use the campaign API. Anything else
 * fails: 401.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String API_ROLE = "api";
    public static final String INTERNAL_ROLE = "internal";
    public static final String INTERNAL_PRINCIPAL = "sandesh-internal";
    /** {@code Set<String>}: the phone number ids an API key may act for; empty for every number. */
    public static final String PHONE_NUMBER_IDS = "sandesh.phone-number-ids";

    private final ApiKeys keys;
    private final InternalSignature signature;

    ApiKeyIdentityProvider(ApiKeys keys, InternalSignature signature) {
        this.keys = keys;
        this.signature = signature;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Optional<ApiKeys.Key> key = keys.match(token);
        boolean internal = signature.acceptsBearer(token);
        if (key.isPresent()) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(key.get().name()))
                    .addRole(API_ROLE)
                    .addAttribute(PHONE_NUMBER_IDS, key.get().phoneNumberIds())
                    .build());
        }
        if (internal) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(INTERNAL_PRINCIPAL)).addRole(INTERNAL_ROLE).build());
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("the bearer token is not valid"));
    }
}
