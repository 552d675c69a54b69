package io.hybridstore.gateway.infra;

import io.hybridstore.common.spi.BucketStore;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.io.kafka.WalReader;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The I/O edge of one gateway process: the real adapters or the in-memory fakes (wiring tests).
 *
 * @param walReader  a new member of the replay consumer group, or null where there is no broker
 * @param etcdUp     bounded readiness probe of etcd
 * @param kafkaUp    bounded readiness probe of the broker
 * @param buckets    the S3 buckets
 * @param uploads    the S3 multipart uploads in progress
 */
public record Backend(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, WriteAheadLog wal,
                      DeadLetterStore deadLetters, Supplier<WalReader> walReader, Probe etcdUp, Probe kafkaUp, AutoCloseable closer,
                      BucketStore buckets, MultipartStore uploads) {

    public interface Probe {
        boolean up(Duration timeout);
    }
}
