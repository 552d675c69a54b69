package io.hybridstore.gateway.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.replay.RecentCommits;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The write path as the client sees it. Every mutation enters the WAL first and is acknowledged
 * by the broker before anything else happens; its log position is its version.
 */
public final class WriteService {

    /** Test-only crash point: halt the JVM right after the WAL ack (see {@code gateway.failpoint}). */
    public static final String HALT_AFTER_WAL = "halt-after-wal";
    /** The key reads that run beside the WAL append: each blocks on etcd, so each on a virtual thread of its own. */
    private static final Executor KEY_READS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("key-read-", 0).factory());

    private final WriteAheadLog wal;
    private final ObjectWriter writer;
    private final MetadataStore metadata;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final String gatewayId;
    private final String failpoint;
    private final RecentCommits settled;

    public WriteService(WriteAheadLog wal, ObjectWriter writer, MetadataStore metadata, GatewayMetrics metrics, Clock clock,
                        String gatewayId, String failpoint) {
        this(wal, writer, metadata, metrics, clock, gatewayId, failpoint, new RecentCommits(1));
    }

    /** @param settled told every version this gateway's requests settled, so the WAL replay can skip them */
    public WriteService(WriteAheadLog wal, ObjectWriter writer, MetadataStore metadata, GatewayMetrics metrics, Clock clock,
                        String gatewayId, String failpoint, RecentCommits settled) {
        this.settled = settled;
        this.wal = wal;
        this.writer = writer;
        this.metadata = metadata;
        this.metrics = metrics;
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.failpoint = failpoint;
    }

    /** {@code key} and {@code value} are validated by the caller. */
    public WriteResult write(String key, ObjectNode value, Timings timings) {
        WalRecord record = WalRecord.put(key, value, UUID.randomUUID().toString(), clock.millis(), gatewayId);
        // A key this gateway has not seen lately is guessed new and not read at all: the commit checks
        // it (KnownKeys, ObjectWriter#apply). Any other key's record is read while the WAL append runs,
        // not after it: the two round trips overlap (a lone write waited for both, in series). The read
        // changes nothing, so the WAL stays the first effect of the write; and it is only a basis, every
        // decision taken from it guarded at the commit, so being read a little earlier costs at most a
        // lost race and a fresh read, never a wrong record.
        KnownKeys.Plan plan = writer.plan(key);
        CompletableFuture<Optional<MetadataStore.Stored>> current = plan == KnownKeys.Plan.GUESS_NEW ? null
                : CompletableFuture.supplyAsync(() -> metadata.get(key), KEY_READS);
        // 2. WAL first. Broker down: 503 and nothing else happens.
        Version version = timings.time("wal", () -> wal.append(key, record.toBytes()));
        crashPoint();
        // Crash-recovery point: from here on a dead gateway leaves a WAL record without metadata;
        // the replay (any gateway) finds it after the grace period and runs the steps below for it.
        WriteResult result = writer.apply(key, value, version, timings, plan, current);
        // Committed, or lost to a newer version: either way the replay has nothing left to do for it.
        settled.committed(version);
        metrics.recordWrite(result, timings);
        return result;
    }

    /** Deletes a JSON document ({@code blob} false) or a blob: the key must hold that kind. */
    public WriteResult delete(String key, boolean blob, Timings timings) {
        var current = timings.time("meta", () -> metadata.get(key));
        if (current.isEmpty() || current.get().metadata().deleted()) {
            throw StoreException.notFound("no " + (blob ? "blob " : "object ") + key);
        }
        if (current.get().metadata().holdsBlob() != blob) {
            throw new StoreException(ErrorCode.KIND_MISMATCH, key + (blob ? " holds a JSON document; delete it with DELETE /objects/{key}"
                    : " holds a blob; delete it with DELETE /blobs/{name}"));
        }
        WalRecord record = WalRecord.delete(key, UUID.randomUUID().toString(), clock.millis(), gatewayId);
        Version version = timings.time("wal", () -> wal.append(key, record.toBytes()));
        boolean committed = timings.time("meta", () -> writer.delete(key, version));
        settled.committed(version);
        return new WriteResult(key, version, ObjectState.DELETED, committed, List.of(), List.of());
    }

    private void crashPoint() {
        if (HALT_AFTER_WAL.equals(failpoint)) {
            // Like kill -9: no shutdown hooks, no metadata commit. Only ever configured by tests.
            Runtime.getRuntime().halt(137);
        }
    }
}
