package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import java.util.HashMap;
import java.util.Map;

/**
 * The health of copies, keyed by (node, chunk id): a document's chunk ids are content-derived, so
 * one id may sit on several nodes and be shared by several objects, and only the pair names one copy.
 * A copy the audit never looked at is {@link ChunkHealth#UNREACHABLE} (unknown): never a source,
 * never replaced.
 */
public final class AuditFacts {

    private final Map<String, ChunkHealth> health = new HashMap<>();

    public static String copyKey(String nodeId, String chunkId) {
        return nodeId + '/' + chunkId;
    }

    public ChunkHealth of(ChunkLocation location) {
        if (!location.placed()) {
            return ChunkHealth.MISSING; // no node ever had it: place it like a lost copy
        }
        return health.getOrDefault(copyKey(location.nodeId(), location.chunkId()), ChunkHealth.UNREACHABLE);
    }

    public AuditFacts set(String nodeId, String chunkId, ChunkHealth value) {
        health.put(copyKey(nodeId, chunkId), value);
        return this;
    }

    /** Later findings override earlier ones only towards worse: a scrub's CORRUPT beats an exists' OK. */
    public AuditFacts merge(AuditFacts other) {
        other.health.forEach((copy, value) -> health.merge(copy, value,
                (mine, theirs) -> theirs == ChunkHealth.CORRUPT || mine == ChunkHealth.UNREACHABLE ? theirs : mine));
        return this;
    }

    @Override
    public String toString() {
        return "AuditFacts" + health;
    }
}
