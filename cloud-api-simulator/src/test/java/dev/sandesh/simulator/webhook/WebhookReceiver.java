package dev.sandesh.simulator.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-only stand-in for webhook-service: keeps every POST's raw bytes and signature. */
@Path("/test-webhooks")
public class WebhookReceiver {

    public record Received(byte[] body, String signature) { }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** Answer 500 to this many POSTs (counting down) before answering 200. */
    static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    static final AtomicInteger REFUSED = new AtomicInteger();

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@HeaderParam("X-Hub-Signature-256") String signature, byte[] body) {
        if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            REFUSED.incrementAndGet();
            return Response.serverError().build();
        }
        RECEIVED.add(new Received(body, signature));
        return Response.ok().build();
    }
}
