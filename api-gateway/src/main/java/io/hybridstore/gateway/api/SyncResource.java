package io.hybridstore.gateway.api;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.gateway.sync.SyncService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/sync}: blob uploads that never finished ({@code GET uploads?olderThan=PT1H&limit=},
 * {@code DELETE uploads/{uploadId}} aborts one) and the collector's orphan chunks ({@code GET orphans}).
 */
@Path("/")
@Admin
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    @Inject
    SyncService sync;

    @GET
    @Path("admin/sync/uploads")
    public Map<String, Object> uploads(@QueryParam("olderThan") @DefaultValue("PT1H") String olderThan,
                                       @QueryParam("limit") @DefaultValue("100") String limit) {
        Duration age;
        try {
            age = Duration.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw StoreException.badRequest("olderThan must be an ISO-8601 duration like PT1H, not \"" + olderThan + "\"");
        }
        int max;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw StoreException.badRequest("limit must be a number, not \"" + limit + "\"");
        }
        long now = sync.now();
        List<Map<String, Object>> items = sync.abandoned(age, max).stream().map(u -> uploadJson(u, now)).toList();
        return Map.of("olderThan", age.toString(), "uploads", items);
    }

    @DELETE
    @Path("admin/sync/uploads/{uploadId}")
    public Response abort(@PathParam("uploadId") String uploadId) {
        sync.abort(uploadId);
        return Response.noContent().build();
    }

    /** Orphan chunks (no record references them) the collector found and deleted, per the healer leader's last pass. */
    @GET
    @Path("admin/sync/orphans")
    public Map<String, Object> orphans() {
        Map<String, Object> json = new LinkedHashMap<>();
        HealerStatus status = sync.collector().orElse(null);
        json.put("reported", status != null);
        if (status != null) {
            json.put("healer", status.healerId());
            json.put("orphanChunksCollected", status.garbageDeleted());
            json.put("lastPassAt", status.lastPassAtMillis() == 0 ? null : Instant.ofEpochMilli(status.lastPassAtMillis()).toString());
        }
        return json;
    }

    private static Map<String, Object> uploadJson(UploadRegistry.Upload u, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uploadId", u.uploadId());
        json.put("key", u.key());
        json.put("version", u.version());
        json.put("gateway", u.gateway());
        json.put("startedAt", Instant.ofEpochMilli(u.startedAt()).toString());
        json.put("ageSeconds", (now - u.startedAt()) / 1000);
        return json;
    }
}
