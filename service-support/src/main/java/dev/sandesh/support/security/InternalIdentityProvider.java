package dev.sandesh.support.security;

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

/**
 * A bearer token that is the internal secret (current or previous, {@link InternalSignature#acceptsBearer})
 * is the identity {@value #PRINCIPAL} with the role {@value #ROLE}; any other token fails (401).
 * Priority 0 (the default): a service with other bearer identities (broadcast-service's API keys)
 * gives its provider a higher priority, and that provider answers no identity (a null item) for a
 * token it does not know, so the token comes here.
 */
@ApplicationScoped
public class InternalIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String ROLE = "internal";
    public static final String PRINCIPAL = "sandesh-internal";

    private final InternalSignature signature;

    InternalIdentityProvider(InternalSignature signature) {
        this.signature = signature;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (signature.acceptsBearer(request.getToken().getToken())) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(PRINCIPAL)).addRole(ROLE).build());
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("the bearer token is not valid"));
    }
}
