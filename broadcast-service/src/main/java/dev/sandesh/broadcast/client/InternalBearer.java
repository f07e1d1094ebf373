package dev.sandesh.broadcast.client;

import dev.sandesh.contracts.InternalSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * {@code Authorization: Bearer <sandesh.internal.secret>} on every call to webhook-service's
 * {@code /internal/v1} (its endpoints refuse anything else with 401). The current secret; never logged.
 */
@ApplicationScoped
public class InternalBearer implements ClientHeadersFactory {

    private final InternalSignature signature;

    InternalBearer(InternalSignature signature) {
        this.signature = signature;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + signature.bearerToken());
        return headers;
    }
}
