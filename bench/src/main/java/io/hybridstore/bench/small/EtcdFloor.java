package io.hybridstore.bench.small;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.io.etcd.EtcdConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metadata floors, straight through jetcd (a client built as the cluster's are, {@link EtcdConnection#clientBuilder}): the commit (a transaction that puts a record of the
 * metadata's size and deletes its dirty mark if the key is still new, as {@code commitIfNewer} does
 * for a first version) and a linearizable get of a committed record. Under a prefix of its own, so
 * the healer never sees these records.
 */
final class EtcdFloor implements AutoCloseable {
    private static final long TIMEOUT_MS = 5_000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Client client;
    private final String prefix;
    private final ByteSequence value;
    private final KeyPool committed = new KeyPool(1_000_000);

    EtcdFloor(String endpoints, String prefix, int valueBytes) {
        this.client = EtcdConnection.clientBuilder(EtcdConnection.parseEndpoints(endpoints)).build();
        this.prefix = prefix;
        byte[] bytes = new byte[valueBytes];
        Arrays.fill(bytes, (byte) 'x');
        this.value = ByteSequence.from(bytes);
    }

    Operation commit(int clientIndex) {
        return () -> {
            String key = prefix + "/objects/floor-" + SEQUENCE.incrementAndGet();
            ByteSequence k = bytes(key);
            boolean applied = client.getKVClient().txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(0)))
                    .Then(Op.put(k, value, PutOption.DEFAULT), Op.delete(bytes(prefix + "/dirty/" + key), DeleteOption.DEFAULT))
                    .commit().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).isSucceeded();
            if (!applied) {
                return Operation.Outcome.failed("txn-not-applied");
            }
            committed.add(key);
            return Operation.Outcome.OK;
        };
    }

    Operation get(int clientIndex) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(clientIndex);
        return () -> {
            String key = committed.any(random);
            if (key == null) {
                return Operation.Outcome.failed("no-key-yet");
            }
            int found = client.getKVClient().get(bytes(key)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).getKvs().size();
            return found == 1 ? Operation.Outcome.OK : Operation.Outcome.failed("absent");
        };
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
