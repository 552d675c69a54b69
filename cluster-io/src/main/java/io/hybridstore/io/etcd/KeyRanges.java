package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Limited range reads of the keys under a prefix (the object records, the catalogue's index
 * entries), from a {@link ScanStart} on, each read as {@link NarrowingRange} sub-ranges so that
 * it costs etcd about what it returns; a read from the prefix itself (a first page) aimed by
 * {@link RangeStarts}, whose hints it keeps under {@link ClusterKeys#rangeStart}.
 */
final class KeyRanges {

    private static final Logger LOG = Logger.getLogger(KeyRanges.class);

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final RangeStarts starts;

    KeyRanges(EtcdConnection etcd, KV kv) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = kv;
        this.starts = new RangeStarts(new StoredHints());
    }

    /** Up to {@code limit} keys under {@code base + prefix} from {@code start} on, read by {@link NarrowingRange}. */
    List<KeyValue> range(String base, String prefix, ScanStart start, int limit, boolean keysOnly, String operation) {
        byte[] floor = (base + prefix).getBytes(StandardCharsets.UTF_8);
        byte[] from = from(base, prefix, start);
        byte[] end = KeyOrder.prefixEnd(base + prefix);
        AtomicLong counted = new AtomicLong();
        NarrowingRange.Reader<KeyValue> reader = (subFrom, subEnd, n) -> {
            GetResponse response = etcd.await(kv.get(ByteSequence.from(subFrom), GetOption.builder()
                    .withRange(subEnd.length == 0 ? ByteSequence.from(new byte[] {0}) : ByteSequence.from(subEnd))
                    .withLimit(n).withKeysOnly(keysOnly).build()), operation);
            counted.addAndGet(response.getCount());
            return response.getKvs();
        };
        if (Arrays.equals(from, floor)) {
            return starts.read(floor, end, limit, reader, KeyRanges::keyOf, counted::get);
        }
        return NarrowingRange.read(from, floor.length, end, limit, reader, KeyRanges::keyOf);
    }

    private static byte[] keyOf(KeyValue keyValue) {
        return keyValue.getKey().getBytes();
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

    /** {@link RangeStarts}' hints in etcd: a failure is logged and costs only the aim of a first page. */
    private final class StoredHints implements RangeStarts.Hints {
        @Override
        public byte[] load(byte[] floor) {
            try {
                List<KeyValue> found = etcd.await(kv.get(hintKey(floor)), "get range start").getKvs();
                return found.isEmpty() ? null : found.get(0).getValue().getBytes();
            } catch (StoreException e) {
                LOG.debugf("range start of %s not read: %s", new String(floor, StandardCharsets.UTF_8), e.getMessage());
                return null;
            }
        }

        @Override
        public void save(byte[] floor, byte[] key) {
            try {
                etcd.await(kv.put(hintKey(floor), ByteSequence.from(key)), "put range start");
            } catch (StoreException e) {
                LOG.debugf("range start of %s not kept: %s", new String(floor, StandardCharsets.UTF_8), e.getMessage());
            }
        }

        private ByteSequence hintKey(byte[] floor) {
            return EtcdConnection.bytes(keys.rangeStart(new String(floor, StandardCharsets.UTF_8)));
        }
    }
}
