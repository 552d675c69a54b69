package io.hybridstore.gateway.api;

import io.hybridstore.common.catalogue.IndexAudit;
import io.hybridstore.common.catalogue.ObjectFacts;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.catalogue.CatalogueItem;
import io.hybridstore.gateway.catalogue.CatalogueService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;

/**
 * The catalogue: {@code GET /objects} (a filtered page of keys, {@link io.hybridstore.gateway.catalogue.ListRequest}),
 * {@code GET /objects/{key}/info} and {@code HEAD /objects/{key}} for documents and blobs alike,
 * and the operator's {@code GET /admin/index} (compare indexes with records) and
 * {@code POST /admin/index/rebuild}.
 */
@Path("/")
@RunOnVirtualThread
public class CatalogueResource {

    /** Headers of {@code HEAD /objects/{key}} beyond the standard ones. */
    static final String KIND = "X-Object-Kind";
    static final String SIZE = "X-Object-Size";
    static final String STATE = "X-Object-State";
    static final String TAGS = "X-Object-Tags";

    @Inject
    CatalogueService catalogue;

    @GET
    @Path("objects")
    @Produces(MediaType.APPLICATION_JSON)
    public CatalogueService.Listing list(@Context UriInfo uri) {
        return catalogue.list(uri.getQueryParameters());
    }

    @GET
    @Path("objects/{key: .+}/info")
    @Produces(MediaType.APPLICATION_JSON)
    public Response info(@Context HttpServerRequest request) {
        ObjectMetadata record = catalogue.record(ObjectKeys.validate(ObjectPaths.key(request, "/info")));
        return Response.ok(CatalogueItem.info(record)).tag(record.version().toString()).build();
    }

    /** The object's facts as headers, no body; the same for a document as for a blob. */
    @HEAD
    @Path("objects/{key: .+}")
    public Response head(@Context HttpServerRequest request) {
        ObjectMetadata record = catalogue.record(ObjectKeys.validate(ObjectPaths.key(request, "")));
        return Response.ok()
                .tag(record.version().toString())
                .lastModified(new Date(ObjectFacts.modified(record)))
                .header("Content-Type", ObjectFacts.contentType(record))
                .header(KIND, ObjectFacts.kind(record))
                .header(SIZE, ObjectFacts.size(record))
                .header(STATE, ObjectFacts.state(record))
                .header(TAGS, String.join(",", record.labels().tags()))
                .build();
    }

    @GET
    @Admin
    @Path("admin/index")
    @Produces(MediaType.APPLICATION_JSON)
    public IndexAudit.Report compare() {
        return catalogue.compareIndexes();
    }

    @POST
    @Admin
    @Path("admin/index/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    public IndexAudit.Report rebuild() {
        return catalogue.rebuildIndexes();
    }
}
