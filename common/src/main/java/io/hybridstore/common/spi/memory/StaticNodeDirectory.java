package io.hybridstore.common.spi.memory;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.NodeDirectory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Membership in memory: tests add nodes and make their "lease" expire by removing them. */
public final class StaticNodeDirectory implements NodeDirectory {

    private final Map<String, NodeInfo> live = new ConcurrentSkipListMap<>();

    public static StaticNodeDirectory of(int count, int zones) {
        StaticNodeDirectory directory = new StaticNodeDirectory();
        for (int i = 1; i <= count; i++) {
            String zone = zones <= 0 ? "" : "zone-" + (char) ('a' + (i - 1) % zones);
            directory.add(new NodeInfo("node-" + i, "mem://node-" + i, zone, 1L << 40, 0, 0, 0, "test"));
        }
        return directory;
    }

    public void add(NodeInfo node) {
        live.put(node.id(), node);
    }

    public void remove(String nodeId) {
        live.remove(nodeId);
    }

    @Override
    public List<NodeInfo> liveNodes() {
        return live.values().stream().sorted(Comparator.comparing(NodeInfo::id)).toList();
    }
}
