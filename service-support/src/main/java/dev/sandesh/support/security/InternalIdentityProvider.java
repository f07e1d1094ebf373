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
 * is the identity {@value #PRINCIPAL} with the role {@value #ROLE}. Any other token gets no identity
 * here (a null item), so another provider may know it (broadcast-service's API keys); a token no
 * provider knows fails with Quarkus' {@link AuthenticationFailedException} (401). Whichever order
 * Quarkus asks the providers in, each answers only for its own tokens.
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
        return Uni.createFrom().nullItem();
    }
}
