package io.hybridstore.bench.small;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataFeed;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exact test of full redundancy after a node died: every object record scanned through etcd
 * (the cluster's own {@link EtcdMetadataStore}), none may list a copy on the dead node, none a copy
 * not stored, none be LOST, and the dirty index must be empty. Tombstones hold no copies; records
 * still IN_PROGRESS (the running load's writes in flight) are counted apart. The heal bench runs it
 * once the records it follows ({@link RedundancyView}) hold nothing left to heal, to confirm that.
 */
final class RedundancyCheck implements AutoCloseable {
    private static final int PAGE = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EtcdConnection etcd;
    private final MetadataStore store;

    RedundancyCheck(String endpoints) {
        this.etcd = EtcdConnection.connect(EtcdConnection.parseEndpoints(endpoints), ClusterKeys.DEFAULT_PREFIX, TIMEOUT);
        this.store = new EtcdMetadataStore(etcd);
    }

    /** Whether the node's registration (attached to its lease) is still in etcd. */
    boolean registered(String nodeId) {
        return etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes(etcd.keys().node(nodeId))), "get node " + nodeId)
                .getCount() > 0;
    }

    /** Follows every object record through the same connection: one scan, then a watch ({@link EtcdMetadataFeed}); close to stop. */
    AutoCloseable follow(MetadataFeed.Listener listener) {
        return new EtcdMetadataFeed(etcd).follow(listener);
    }

    HealReport.Check check(String deadNode, double secondsAfterExpiry) {
        long onVictim = 0;
        long notStored = 0;
        long lost = 0;
        long inFlight = 0;
        long scanned = 0;
        String after = null;
        while (true) {
            List<MetadataStore.Stored> page = store.scan(after, PAGE);
            for (MetadataStore.Stored stored : page) {
                ObjectMetadata m = stored.metadata();
                scanned++;
                if (m.state() == ObjectState.DELETED) {
                    continue;
                }
                List<ChunkLocation> copies = copies(m);
                onVictim += copies.stream().anyMatch(c -> deadNode.equals(c.nodeId())) ? 1 : 0;
                if (m.state() == ObjectState.IN_PROGRESS) {
                    inFlight++; // a write of the running load whose PUTs have not all answered yet: its gateway settles it
                } else {
                    notStored += copies.stream().anyMatch(c -> c.storedAtMillis() == 0) ? 1 : 0;
                }
                lost += m.state() == ObjectState.LOST ? 1 : 0;
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).metadata().key();
        }
        long dirty = store.dirty(PAGE).size();
        return new HealReport.Check(secondsAfterExpiry, onVictim, notStored, inFlight, lost, dirty, scanned);
    }

    static List<ChunkLocation> copies(ObjectMetadata m) {
        List<ChunkLocation> all = new ArrayList<>();
        Optional.ofNullable(m.hot()).ifPresent(h -> all.addAll(h.replicas()));
        Optional.ofNullable(m.cold()).ifPresent(c -> all.addAll(c.shards()));
        Optional.ofNullable(m.stripes()).ifPresent(stripes -> stripes.stream().map(ColdPart::shards).forEach(all::addAll));
        return all;
    }

    @Override
    public void close() {
        etcd.close();
    }
}
