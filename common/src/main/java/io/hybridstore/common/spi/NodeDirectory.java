package io.hybridstore.common.spi;

import io.hybridstore.common.model.NodeInfo;
import java.util.List;
import java.util.Optional;

/** The storage nodes whose lease is live right now (read side of membership). */
public interface NodeDirectory {

    /** Live nodes, sorted by id. Never blocks longer than the adapter's timeout. */
    List<NodeInfo> liveNodes();

    default Optional<NodeInfo> find(String nodeId) {
        return liveNodes().stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }
}
