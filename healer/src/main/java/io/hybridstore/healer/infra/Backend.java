package io.hybridstore.healer.infra;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.LeaderElector;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.NodeDirectory;
import java.time.Duration;

/**
 * The I/O edge of one healer process: the real adapters or the in-memory fakes (wiring tests).
 *
 * @param deadLetters the WAL records the gateways' replay set aside (the healer only counts them)
 * @param feed        every object record, then every change (the console's model)
 * @param etcdUp      bounded readiness probe of etcd
 * @param uploads     the S3 multipart uploads in progress (the healer aborts abandoned ones)
 */
public record Backend(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, LeaderElector elector,
                      HealerStateStore state, DeadLetterStore deadLetters, MetadataFeed feed, Probe etcdUp,
                      AutoCloseable closer, MultipartStore uploads) {

    public interface Probe {
        boolean up(Duration timeout);
    }
}
