package io.hybridstore.gateway.api;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.usage.UsagePrefixes;
import io.hybridstore.common.usage.UsageRecount;
import io.hybridstore.common.usage.UsageReport;
import io.hybridstore.gateway.infra.Backend;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /report?prefix=}: the usage under a counted prefix, read from the counters the writes
 * keep (never a scan). Counted are the whole store ({@code prefix} empty or absent) and each
 * '/'-ending prefix of up to {@value UsagePrefixes#DEPTH} levels; any other prefix is a 400.
 * The operator's {@code POST /admin/report/recount?prefix=} rebuilds those counters from the
 * records (a scan: for records written before the counters existed), then answers the report.
 */
@Path("/")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    @Inject
    Backend backend;

    @GET
    @Path("report")
    public UsageReport report(@QueryParam("prefix") @DefaultValue("") String prefix) {
        return UsageReport.of(counted(prefix), backend.usage().usage(prefix));
    }

    /** What a recount did, and the report right after it. */
    public record Recounted(String prefix, long revision, long records, int corrections, UsageReport report) {
    }

    @POST
    @Admin
    @Path("admin/report/recount")
    public Recounted recount(@QueryParam("prefix") @DefaultValue("") String prefix) {
        UsageRecount.Result result = backend.usage().recount(counted(prefix));
        return new Recounted(prefix, result.revision(), result.records(), result.corrections().size(),
                UsageReport.of(prefix, backend.usage().usage(prefix)));
    }

    private static String counted(String prefix) {
        if (!UsagePrefixes.isCounted(prefix)) {
            throw StoreException.badRequest("prefix: usage is counted for the whole store (no prefix) and for '/'-ending prefixes of"
                    + " at most " + UsagePrefixes.DEPTH + " levels, such as 'photos/' or 'photos/2026/'; not for '" + prefix + "'");
        }
        return prefix;
    }
}
