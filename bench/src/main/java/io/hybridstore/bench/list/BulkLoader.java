package io.hybridstore.bench.list;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.io.etcd.EtcdConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Puts fresh records with their index entries straight into etcd, many records per transaction
 * ({@value #MAX_OPS} operations: the bench's etcd runs with {@code --max-txn-ops 1024}, where the
 * default of 128 made loading 900k records take 150-530 s) and several transactions in flight: the same keys and values the
 * metadata store writes ({@link RecordCodec}, {@link IndexEntries#of}), without its per-record read
 * and guard, which a keyspace known to be empty does not need. A loader for the benchmark only.
 */
final class BulkLoader {

    private static final int MAX_OPS = 1024;
    private static final int IN_FLIGHT = 8;

    private final EtcdConnection etcd;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final List<CompletableFuture<TxnResponse>> pending = new ArrayList<>();
    private List<Op> ops = new ArrayList<>();

    BulkLoader(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    void add(ObjectMetadata record) {
        List<Op> recordOps = new ArrayList<>();
        recordOps.add(Op.put(EtcdConnection.bytes(etcd.keys().object(record.key())), ByteSequence.from(RecordCodec.encode(record)),
                PutOption.DEFAULT));
        for (String entry : IndexEntries.of(record)) {
            recordOps.add(Op.put(EtcdConnection.bytes(etcd.keys().indexPrefix() + entry), ByteSequence.EMPTY, PutOption.DEFAULT));
        }
        if (ops.size() + recordOps.size() > MAX_OPS) {
            flush();
        }
        ops.addAll(recordOps);
    }

    /** Sends what is gathered and waits for every transaction sent so far. */
    void finish() {
        flush();
        for (CompletableFuture<TxnResponse> txn : pending) {
            etcd.await(txn, "bulk load", java.time.Duration.ofMinutes(2));
        }
        pending.clear();
    }

    private void flush() {
        if (ops.isEmpty()) {
            return;
        }
        try {
            if (!inFlight.tryAcquire(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("etcd took over 2 minutes to take a bulk transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        CompletableFuture<TxnResponse> txn = etcd.client().getKVClient().txn().Then(ops.toArray(Op[]::new)).commit();
        txn.whenComplete((r, e) -> inFlight.release());
        pending.add(txn);
        if (pending.size() > 4 * IN_FLIGHT) {
            pending.removeIf(CompletableFuture::isDone); // failures surface in finish() for the ones still held
            pending.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                    .ifPresent(f -> etcd.await(f, "bulk load"));
        }
        ops = new ArrayList<>();
    }
}
