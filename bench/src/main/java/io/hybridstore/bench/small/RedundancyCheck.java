package io.hybridstore.bench.small;

import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataFeed;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import java.time.Duration;
import java.util.List;

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
                scanned++;
                int conditions = RedundancyView.conditions(stored.metadata(), deadNode);
                onVictim += has(conditions, RedundancyView.ON_VICTIM);
                notStored += has(conditions, RedundancyView.NOT_STORED);
                // a write of the running load whose PUTs have not all answered yet: its gateway settles it
                inFlight += has(conditions, RedundancyView.IN_FLIGHT);
                lost += has(conditions, RedundancyView.LOST);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).metadata().key();
        }
        long dirty = store.dirty(PAGE).size();
        return new HealReport.Check(secondsAfterExpiry, onVictim, notStored, inFlight, lost, dirty, scanned);
    }

    private static int has(int conditions, int condition) {
        return (conditions & condition) != 0 ? 1 : 0;
    }

    @Override
    public void close() {
        etcd.close();
    }
}
