package io.hybridstore.gateway.read;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Tells the healer what a read found broken: the damaged copies are marked not stored and the
 * object goes DIRTY (which puts it in the dirty index), by compare-and-set on the revision the read
 * started from. Losing the CAS is fine: a newer write replaced the record, or someone else already
 * updated it, and the healer's full scan finds whatever is still wrong.
 */
final class DamageReporter {

    private static final Logger LOG = Logger.getLogger(DamageReporter.class);

    private final MetadataStore metadata;

    DamageReporter(MetadataStore metadata) {
        this.metadata = metadata;
    }

    void report(MetadataStore.Stored read, List<ChunkLocation> damaged) {
        ObjectMetadata m = read.metadata();
        if (damaged.isEmpty() || m.deleted() || m.state() == ObjectState.LOST) {
            return;
        }
        HotPart hot = m.hot() == null ? null : new HotPart(m.hot().sha256(), m.hot().size(), unmark(m.hot().replicas(), damaged));
        List<ColdPart> coded = m.codedParts().stream()
                .map(c -> c.withShards(unmark(c.shards(), damaged)))
                .toList();
        Set<String> failed = new LinkedHashSet<>(m.failedNodes());
        damaged.forEach(d -> failed.add(d.nodeId()));
        ObjectMetadata dirty = m.withCopies(hot, coded, ObjectState.DIRTY).withNotes(m.pendingNodes(), List.copyOf(failed));
        try {
            if (!metadata.compareAndSet(dirty, read)) {
                LOG.debugf("object %s changed while reporting damage; the healer's scan covers it", m.key());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not mark %s dirty after finding %d damaged copies: %s", m.key(), damaged.size(), e.toString());
        }
    }

    private static List<ChunkLocation> unmark(List<ChunkLocation> locations, List<ChunkLocation> damaged) {
        return locations.stream()
                .map(l -> damaged.stream().anyMatch(d -> d.nodeId().equals(l.nodeId()) && d.chunkId().equals(l.chunkId()))
                        ? l.storedAt(0) : l)
                .toList();
    }
}
