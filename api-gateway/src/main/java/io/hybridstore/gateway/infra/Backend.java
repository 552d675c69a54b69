package io.hybridstore.gateway.infra;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.common.spi.AccessRuleStore;
import io.hybridstore.common.spi.BucketStore;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.LinkStore;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.common.spi.UsageStore;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.io.kafka.WalReader;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The I/O edge of one gateway process: the real adapters or the in-memory fakes (wiring tests).
 *
 * @param usage      the usage counters the metadata store keeps with its writes
 * @param walReader  a new member of the replay consumer group, or null where there is no broker
 * @param etcdUp     bounded readiness probe of etcd
 * @param kafkaUp    bounded readiness probe of the broker
 * @param links      signing keys and revocations of the signed links
 * @param accessRules per-prefix access rules
 * @param uploads    blob uploads under way (the sync listing)
 * @param healerState the healer's last pass summary (the collector's orphan report)
 * @param accessKeys the access keys of S3 and the JSON API (uncached: see AuthWiring)
 * @param buckets    the S3 buckets
 * @param multipart  the S3 multipart uploads in progress
 */
public record Backend(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, WriteAheadLog wal,
                      DeadLetterStore deadLetters, UsageStore usage, Supplier<WalReader> walReader, Probe etcdUp, Probe kafkaUp,
                      AutoCloseable closer, LinkStore links, AccessRuleStore accessRules, UploadRegistry uploads,
                      HealerStateStore healerState, AccessKeyStore accessKeys, BucketStore buckets, MultipartStore multipart) {

    public interface Probe {
        boolean up(Duration timeout);
    }
}
