package io.hybridstore.gateway.catalogue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hybridstore.common.catalogue.ObjectFacts;
import io.hybridstore.common.model.ObjectMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One object as {@code GET /objects} lists it and {@code GET /objects/{key}/info} shows it, the
 * same for documents and blobs. The info adds what a listing leaves out (the null fields here).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogueItem(String key, String kind, long size, String version, String state, String modified, List<String> tags,
                            String contentType, String created, String alias, String access, Map<String, String> fields,
                            String sha256) {

    public static CatalogueItem listed(ObjectMetadata m) {
        return new CatalogueItem(m.key(), ObjectFacts.kind(m), ObjectFacts.size(m), m.version().toString(), ObjectFacts.state(m),
                Instant.ofEpochMilli(ObjectFacts.modified(m)).toString(), List.copyOf(m.labels().tags()), ObjectFacts.contentType(m),
                null, null, null, null, null);
    }

    public static CatalogueItem info(ObjectMetadata m) {
        return new CatalogueItem(m.key(), ObjectFacts.kind(m), ObjectFacts.size(m), m.version().toString(), ObjectFacts.state(m),
                Instant.ofEpochMilli(ObjectFacts.modified(m)).toString(), List.copyOf(m.labels().tags()), ObjectFacts.contentType(m),
                Instant.ofEpochMilli(m.createdAt()).toString(), m.labels().alias(),
                m.labels().access() == null ? null : m.labels().access().name().toLowerCase(java.util.Locale.ROOT),
                m.indexedFields().isEmpty() ? null : m.indexedFields(), m.holdsBlob() ? m.blob().sha256() : null);
    }
}
