package io.hybridstore.common.catalogue;

import io.hybridstore.common.spi.MetadataStore;
import java.util.List;

/**
 * A page of a listing: live objects (tombstones never appear) and common prefixes, each in key
 * order, and where the next page starts.
 *
 * @param objects        the records listed, with their revisions
 * @param commonPrefixes prefixes that rolled up under the delimiter
 * @param nextStartAfter the last key or common prefix this page covered when the listing goes on;
 *                       null when this is the last page
 */
public record ListPage(List<MetadataStore.Stored> objects, List<String> commonPrefixes, String nextStartAfter) {

    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    public boolean truncated() {
        return nextStartAfter != null;
    }
}
