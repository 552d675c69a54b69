package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Limited range reads of the keys under a prefix (the object records, the catalogue's index
 * entries), from a {@link ScanStart} on, each read as {@link NarrowingRange} sub-ranges so that
 * it costs etcd about what it returns.
 */
final class KeyRanges {

    private final EtcdConnection etcd;
    private final KV kv;

    KeyRanges(EtcdConnection etcd, KV kv) {
        this.etcd = etcd;
        this.kv = kv;
    }

    /** Up to {@code limit} keys under {@code base + prefix} from {@code start} on, read by {@link NarrowingRange}. */
    List<KeyValue> range(String base, String prefix, ScanStart start, int limit, boolean keysOnly, String operation) {
        byte[] floor = (base + prefix).getBytes(StandardCharsets.UTF_8);
        return NarrowingRange.read(from(base, prefix, start), floor.length, KeyOrder.prefixEnd(base + prefix), limit,
                (from, end, n) -> etcd.await(kv.get(ByteSequence.from(from), GetOption.builder()
                        .withRange(end.length == 0 ? ByteSequence.from(new byte[] {0}) : ByteSequence.from(end))
                        .withLimit(n).withKeysOnly(keysOnly).build()), operation).getKvs(), kv -> kv.getKey().getBytes());
    }

    /** The first etcd key a range read under {@code base + prefix} reads, from {@code start} on. */
    static byte[] from(String base, String prefix, ScanStart start) {
        byte[] from = switch (start.kind()) {
            case AT -> (base + start.key()).getBytes(StandardCharsets.UTF_8);
            // "strictly after": the smallest key greater than k is k + NUL.
            case AFTER -> (base + start.key() + '\0').getBytes(StandardCharsets.UTF_8);
            case PAST_PREFIX -> KeyOrder.prefixEnd(base + start.key());
        };
        byte[] lowest = (base + prefix).getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(from, lowest) < 0 ? lowest : from;
    }
}
