package io.hybridstore.gateway.replay;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.write.ObjectWriter;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.io.kafka.WalEntry;
import io.hybridstore.io.kafka.WalReader;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finishes writes whose gateway died between the WAL ack and the metadata commit. The gateways
 * read the WAL as one consumer group; for each record: younger than the grace period → wait (the
 * live request is probably still working on it); this or a newer version already in etcd → done;
 * otherwise run steps 3-8 for it. A record is committed in the group only once it is done, so a
 * failure (etcd or nodes down) rewinds and the same record is tried again after a back-off.
 *
 * <p>Replaying is safe to repeat and to race with the live request: chunk ids derive from content
 * and the metadata commit only applies over an older version.
 */
public final class WalReplay {

    private static final Logger LOG = Logger.getLogger(WalReplay.class);

    /** Sleeping, injectable so tests do not wait. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final WalReader reader;
    private final MetadataStore metadata;
    private final ObjectWriter writer;
    private final Clock clock;
    private final Duration grace;
    private final GatewayMetrics metrics;
    private final Sleeper sleeper;

    public WalReplay(WalReader reader, MetadataStore metadata, ObjectWriter writer, Clock clock, Duration grace,
                     GatewayMetrics metrics, Sleeper sleeper) {
        this.reader = reader;
        this.metadata = metadata;
        this.writer = writer;
        this.clock = clock;
        this.grace = grace;
        this.metrics = metrics;
        this.sleeper = sleeper;
    }

    /**
     * Polls once and handles what came. A retryable failure rewinds the reader to the failed record
     * and is rethrown: the caller backs off and calls again.
     */
    public int runOnce(Duration pollTimeout) throws InterruptedException {
        int handled = 0;
        for (WalEntry entry : reader.poll(pollTimeout)) {
            try {
                handle(entry);
            } catch (StoreException e) {
                reader.rewind();
                throw e;
            }
            reader.commit(entry);
            handled++;
        }
        return handled;
    }

    private void handle(WalEntry entry) throws InterruptedException {
        WalRecord record;
        try {
            record = WalRecord.fromBytes(entry.payload());
        } catch (StoreException e) {
            // Can never be applied by anyone; keeping it would stop the partition forever.
            LOG.errorf("skipping unreadable WAL record at %s (key %s): %s", entry.version(), entry.key(), e.getMessage());
            metrics.replayed("unreadable");
            return;
        }
        if (record.op() == WalRecord.Op.blob_commit) {
            metrics.replayed("skipped"); // the metadata commit came before it: nothing left to do
            return;
        }
        long age = clock.millis() - record.at();
        if (age < grace.toMillis()) {
            sleeper.sleep(Duration.ofMillis(Math.min(grace.toMillis(), grace.toMillis() - age)));
        }
        Optional<ObjectMetadata> current = metadata.get(record.key()).map(MetadataStore.Stored::metadata);
        if (current.isPresent() && !entry.version().isNewerThan(current.get().version())) {
            metrics.replayed("skipped");
            return;
        }
        if (record.op() == WalRecord.Op.blob_intent) {
            // The bytes were never in the log: an upload without metadata cannot be finished by anyone.
            // Nothing of it is visible; its chunks are garbage the healer's GC collects after its grace.
            // (An upload still streaming past the grace commits normally; it was only counted early.)
            LOG.infof("blob upload %s of %s at %s (gateway %s) has no metadata: abandoned, its chunks are left to GC",
                    record.upload().uploadId(), record.key(), entry.version(), record.gateway());
            metrics.replayed("abandoned-upload");
            return;
        }
        LOG.infof("replaying %s of %s at %s (appended by %s, metadata never committed)", record.op(), record.key(),
                entry.version(), record.gateway());
        if (record.op() == WalRecord.Op.put) {
            writer.apply(record.key(), record.value(), entry.version(), new Timings());
        } else {
            writer.delete(record.key(), entry.version());
        }
        metrics.replayed("applied");
    }
}
