package io.hybridstore.gateway.catalogue;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.IndexAudit;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The catalogue as the gateway serves it: listings, one object's info, and the index compare and rebuild. */
public final class CatalogueService {

    private final MetadataStore metadata;
    private final Catalogue catalogue;
    private final Set<String> indexedFields;

    public CatalogueService(MetadataStore metadata, List<String> indexedFields) {
        this.metadata = metadata;
        this.catalogue = new Catalogue(metadata);
        this.indexedFields = Set.copyOf(indexedFields);
    }

    /** A page as {@code GET /objects} answers: items and the cursor of the next page (null on the last). */
    public record Listing(List<CatalogueItem> items, String next) {
    }

    public Listing list(Map<String, List<String>> params) {
        ListPage page = catalogue.list(ListRequest.parse(params, indexedFields));
        return new Listing(page.objects().stream().map(s -> CatalogueItem.listed(s.metadata())).toList(),
                ListRequest.cursor(page.nextStartAfter()));
    }

    /** The live record of {@code key}; a missing or deleted one is NOT_FOUND. */
    public ObjectMetadata record(String key) {
        return metadata.get(key).map(MetadataStore.Stored::metadata).filter(m -> !m.deleted())
                .orElseThrow(() -> new StoreException(ErrorCode.NOT_FOUND, "no object " + key));
    }

    public IndexAudit.Report compareIndexes() {
        return new IndexAudit(metadata).compare();
    }

    public IndexAudit.Report rebuildIndexes() {
        return new IndexAudit(metadata).rebuild();
    }
}
