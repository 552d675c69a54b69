package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds out which copies of a batch of objects exist: a node without a live lease holds nothing
 * (its copies are MISSING); every live node is asked once per {@code batch} chunk ids with the
 * bulk exists call, all nodes in parallel. A node that does not answer leaves its copies
 * UNREACHABLE, which the planner neither uses nor replaces.
 */
public final class Auditor {

    private static final System.Logger LOG = System.getLogger(Auditor.class.getName());

    private final ChunkStore chunks;
    private final int batch;

    public Auditor(ChunkStore chunks, int batch) {
        this.chunks = chunks;
        this.batch = batch;
    }

    public AuditFacts audit(Collection<ObjectMetadata> objects, Map<String, NodeInfo> live) throws InterruptedException {
        Map<String, Set<String>> byNode = new TreeMap<>();
        for (ObjectMetadata object : objects) {
            for (ChunkLocation location : locations(object)) {
                byNode.computeIfAbsent(location.nodeId(), n -> new LinkedHashSet<>()).add(location.chunkId());
            }
        }
        AuditFacts facts = new AuditFacts();
        List<Future<AuditFacts>> asked = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var entry : byNode.entrySet()) {
                NodeInfo node = live.get(entry.getKey());
                if (node == null) {
                    entry.getValue().forEach(id -> facts.set(entry.getKey(), id, ChunkHealth.MISSING));
                } else {
                    asked.add(pool.submit(() -> ask(node, List.copyOf(entry.getValue()))));
                }
            }
            for (Future<AuditFacts> answer : asked) {
                facts.merge(answer.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("audit task failed", e.getCause()); // ask() catches; a bug if reached
        }
        return facts;
    }

    private AuditFacts ask(NodeInfo node, List<String> ids) {
        AuditFacts facts = new AuditFacts();
        for (int from = 0; from < ids.size(); from += batch) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + batch));
            try {
                Set<String> present = chunks.exists(node, slice);
                slice.forEach(id -> facts.set(node.id(), id, present.contains(id) ? ChunkHealth.OK : ChunkHealth.MISSING));
            } catch (RuntimeException e) {
                // Adapters throw classified StoreExceptions (timeout, unavailable): unknown, not missing.
                LOG.log(System.Logger.Level.WARNING, "audit: " + node.id() + " did not answer exists for "
                        + slice.size() + " chunks: " + e.getMessage());
                slice.forEach(id -> facts.set(node.id(), id, ChunkHealth.UNREACHABLE));
            }
        }
        return facts;
    }

    /**
     * Every copy an object's metadata names (none for a tombstone): hot replicas, then the shards of
     * every coded part (the cold part, a blob's stripes). Audit, scrub and the GC's referenced set all
     * come from here, so a part left out would be neither checked nor protected from collection.
     */
    public static List<ChunkLocation> locations(ObjectMetadata object) {
        List<ChunkLocation> all = new ArrayList<>();
        if (object.hot() != null) {
            all.addAll(object.hot().replicas());
        }
        for (ColdPart part : object.codedParts()) {
            all.addAll(part.shards());
        }
        return all;
    }
}
