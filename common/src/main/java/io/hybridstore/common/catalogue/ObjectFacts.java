package io.hybridstore.common.catalogue;

import io.hybridstore.common.model.ObjectMetadata;
import java.util.Locale;

/**
 * What the catalogue shows and filters on, derived from a record the same way everywhere (the
 * index entries, the filter check against the record, the listing's items), so they cannot differ.
 */
public final class ObjectFacts {

    public static final String DOCUMENT = "document";
    public static final String BLOB = "blob";
    /** A document's content type unless its labels override it. */
    public static final String JSON = "application/json";

    private ObjectFacts() {
    }

    public static String kind(ObjectMetadata record) {
        return record.holdsBlob() ? BLOB : DOCUMENT;
    }

    /** The state as the API spells it: {@code clean}, {@code dirty}, {@code lost}, {@code in_progress}. */
    public static String state(ObjectMetadata record) {
        return record.state().name().toLowerCase(Locale.ROOT);
    }

    public static String contentType(ObjectMetadata record) {
        if (record.labels().contentType() != null) {
            return record.labels().contentType();
        }
        return record.holdsBlob() ? record.blob().contentType() : JSON;
    }

    /** Logical bytes: a blob's length, or a document's hot and cold fields as stored (before any copy or parity). */
    public static long size(ObjectMetadata record) {
        if (record.holdsBlob()) {
            return record.blob().size();
        }
        return (record.hot() == null ? 0 : record.hot().size()) + (record.cold() == null ? 0 : record.cold().size());
    }

    public static long modified(ObjectMetadata record) {
        return record.updatedAt();
    }
}
