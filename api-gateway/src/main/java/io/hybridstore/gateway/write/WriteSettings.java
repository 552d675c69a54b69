package io.hybridstore.gateway.write;

import io.hybridstore.common.catalogue.IndexedFields;
import io.hybridstore.common.split.SplitPolicy;
import java.util.List;

/**
 * The placement geometry and split policy the write path applies (from {@link io.hybridstore.gateway.GatewayConfig}),
 * and the top-level fields whose values a document's record carries for the catalogue's indexes.
 */
public record WriteSettings(int replicas, int dataShards, int parityShards, SplitPolicy policy, List<String> indexedFields) {
    public WriteSettings {
        if (replicas < 1 || dataShards < 1 || parityShards < 0) {
            throw new IllegalArgumentException("need replicas >= 1, k >= 1, m >= 0: " + replicas + ", " + dataShards + ", " + parityShards);
        }
        indexedFields = List.copyOf(indexedFields);
        if (indexedFields.size() > IndexedFields.MAX_FIELDS || indexedFields.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("gateway.catalogue.indexed-fields: at most " + IndexedFields.MAX_FIELDS
                    + " non-empty names (each costs index operations in every write's transaction), got " + indexedFields);
        }
    }

    /** No indexed fields. */
    public WriteSettings(int replicas, int dataShards, int parityShards, SplitPolicy policy) {
        this(replicas, dataShards, parityShards, policy, List.of());
    }
}
