package io.hybridstore.gateway.api;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore.DeadLetter;
import io.hybridstore.gateway.replay.DeadLetters;
import io.hybridstore.gateway.replay.WalApplier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * WAL records the replay set aside: {@code GET /admin/dead-letters} lists them, {@code GET .../{id}}
 * shows one with its payload, {@code POST .../{id}/redrive} applies it now and removes it,
 * {@code DELETE .../{id}} discards it. {@code id} is the record's version, e.g. {@code 3-1042}.
 */
@Path("/admin/dead-letters")
@Admin
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    static final int MAX_LIST = 1000;

    @Inject
    DeadLetters deadLetters;

    /** One letter as operators see it; {@code payload} (base64) only when one letter is asked for. */
    public record View(String id, String key, String code, String reason, int attempts, String at, String gateway,
                       int payloadBytes, String payload) {
        static View of(DeadLetter l, byte[] payload) {
            return new View(l.id(), l.key(), l.code(), l.reason(), l.attempts(), Instant.ofEpochMilli(l.atMillis()).toString(),
                    l.gateway(), l.payloadBytes(), payload == null ? null : Base64.getEncoder().encodeToString(payload));
        }
    }

    public record Listing(long waiting, List<View> letters) {
    }

    public record Redriven(String id, String key, String outcome) {
    }

    @GET
    public Listing list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw StoreException.badRequest("limit must be 1.." + MAX_LIST);
        }
        List<View> letters = deadLetters.list(limit).stream().map(l -> View.of(l, null)).toList();
        return new Listing(deadLetters.waiting(), letters);
    }

    @GET
    @Path("{id}")
    public View get(@PathParam("id") String id) {
        Version version = version(id);
        return View.of(deadLetters.get(version), deadLetters.payload(version));
    }

    @POST
    @Path("{id}/redrive")
    public Redriven redrive(@PathParam("id") String id) {
        Version version = version(id);
        String key = deadLetters.get(version).key();
        WalApplier.Outcome outcome = deadLetters.redrive(version);
        return new Redriven(id, key, outcome.tag());
    }

    @DELETE
    @Path("{id}")
    public void discard(@PathParam("id") String id) {
        deadLetters.discard(version(id));
    }

    private static Version version(String id) {
        try {
            return Version.parse(id);
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("a dead letter id is a version, partition-offset (e.g. 3-1042): " + id);
        }
    }
}
