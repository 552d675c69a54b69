package io.hybridstore.io.node;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.io.etcd.EtcdConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The live storage nodes, read from {@code {prefix}/nodes/} — a record is there exactly while its
 * node's lease lives. The list is cached briefly ({@code cacheFor}, e.g. 500 ms) because the gateway
 * asks on every request; one caller refreshes while the others wait for it instead of all asking etcd.
 *
 * <p>When etcd cannot be read the call fails (UNAVAILABLE/TIMEOUT, within the connection's request
 * timeout) rather than serving an old list as if it were current. A record that does not parse is
 * skipped with a warning: one bad record must not hide every other node.
 */
public final class EtcdNodeDirectory implements NodeDirectory {
    private static final Logger LOG = Logger.getLogger(EtcdNodeDirectory.class);

    private record Snapshot(List<NodeInfo> nodes, long fetchedAtNanos) {
    }

    private final EtcdConnection etcd;
    private final long cacheNanos;
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Snapshot snapshot;

    public EtcdNodeDirectory(EtcdConnection etcd, Duration cacheFor) {
        this.etcd = etcd;
        this.cacheNanos = cacheFor.toNanos();
    }

    @Override
    public List<NodeInfo> liveNodes() {
        Snapshot current = snapshot;
        if (isFresh(current)) {
            return current.nodes();
        }
        refresh.lock();
        try {
            current = snapshot;
            if (isFresh(current)) {
                return current.nodes();
            }
            Snapshot fetched = new Snapshot(fetch(), System.nanoTime());
            snapshot = fetched;
            return fetched.nodes();
        } finally {
            refresh.unlock();
        }
    }

    /** Drops the cached list, e.g. after a node from it did not answer. */
    public void invalidate() {
        snapshot = null;
    }

    private boolean isFresh(Snapshot s) {
        return s != null && System.nanoTime() - s.fetchedAtNanos() < cacheNanos;
    }

    private List<NodeInfo> fetch() {
        String prefix = etcd.keys().nodesPrefix();
        GetResponse response = etcd.await(etcd.client().getKVClient()
                .get(EtcdConnection.bytes(prefix), GetOption.builder().isPrefix(true).build()), "list nodes");
        List<NodeInfo> nodes = new ArrayList<>(response.getKvs().size());
        for (KeyValue kv : response.getKvs()) {
            try {
                nodes.add(ModelJson.fromBytes(kv.getValue().getBytes(), NodeInfo.class));
            } catch (StoreException | NullPointerException e) {
                LOG.warnf("skipping unreadable node record %s: %s", EtcdConnection.text(kv.getKey()), e.getMessage());
            }
        }
        nodes.sort(Comparator.comparing(NodeInfo::id));
        return List.copyOf(nodes);
    }
}
