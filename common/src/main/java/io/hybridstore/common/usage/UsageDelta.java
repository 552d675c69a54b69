package io.hybridstore.common.usage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.usage.UsageCounts.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one record write changes in the usage counters: the new record's usage minus the old one's,
 * and the content references it adds and drops. Written as an immutable record in the same etcd
 * transaction as the object record (its own key, so no write contends on a shared counter); the
 * folder adds it to the totals of every counted prefix of {@code key} ({@link UsagePrefixes}).
 *
 * <p>Pure: the metadata store calls {@link #between} and stores the result; nothing here does I/O.
 *
 * @param key    the object key (the same for the old and new record)
 * @param counts counter changes
 * @param refs   content references added (+1) and dropped (-1); equal content on both sides cancels
 */
public record UsageDelta(String key, UsageCounts counts, List<ContentRef> refs) {

    public UsageDelta {
        counts = counts == null ? UsageCounts.ZERO : counts;
        refs = refs == null ? List.of() : List.copyOf(refs);
    }

    /** The change from {@code old} (null when the key had no record) to {@code now}. */
    public static UsageDelta between(ObjectMetadata old, ObjectMetadata now) {
        UsageCounts counts = usageOf(now).minus(usageOf(old));
        Map<String, Long> bytesOf = new HashMap<>();
        Map<String, Integer> net = new HashMap<>();
        contentsOf(old).forEach(r -> add(r, -1, net, bytesOf));
        contentsOf(now).forEach(r -> add(r, 1, net, bytesOf));
        List<ContentRef> refs = new ArrayList<>();
        net.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (int i = 0; i < Math.abs(e.getValue()); i++) {
                refs.add(new ContentRef(e.getKey(), bytesOf.get(e.getKey()), Integer.signum(e.getValue())));
            }
        });
        return new UsageDelta(now.key(), counts, refs);
    }

    /** Whether writing it would change nothing (e.g. the healer moved a copy): no delta record then. */
    @JsonIgnore
    public boolean isEmpty() {
        return counts.isZero() && refs.isEmpty();
    }

    /** A record's own usage; a tombstone (or no record) has none. */
    static UsageCounts usageOf(ObjectMetadata record) {
        if (record == null || record.deleted()) {
            return UsageCounts.ZERO;
        }
        Kind kind = record.holdsBlob() ? Kind.BLOB : Kind.DOCUMENT;
        long logical = record.holdsBlob() ? record.blob().size()
                : (record.hot() == null ? 0 : record.hot().size()) + (record.cold() == null ? 0 : record.cold().size());
        long physical = record.hot() == null ? 0 : hotBytes(record.hot());
        for (ColdPart part : record.codedParts()) {
            physical += codedBytes(part);
        }
        return UsageCounts.ZERO
                .with(UsageCounts.objects(kind, record.state()), 1)
                .with(UsageCounts.bytes(kind, record.state()), logical)
                .with(UsageCounts.physical(kind), physical);
    }

    /**
     * The shareable content a record references: its hot part (documents and replicated blobs, named by
     * hash) and a document's cold part (by hash and geometry), as the chunk ids name them. A blob's
     * stripes are named by their upload and never shared.
     */
    static List<ContentRef> contentsOf(ObjectMetadata record) {
        if (record == null || record.deleted()) {
            return List.of();
        }
        List<ContentRef> refs = new ArrayList<>(2);
        HotPart hot = record.hot();
        if (hot != null && hot.sha256() != null) {
            refs.add(new ContentRef("h-" + hot.sha256(), hotBytes(hot), 1));
        }
        ColdPart cold = record.cold();
        if (cold != null && cold.sha256() != null) {
            refs.add(new ContentRef("c-" + cold.sha256() + "-" + cold.k() + "-" + cold.m(), codedBytes(cold), 1));
        }
        return refs;
    }

    private static long hotBytes(HotPart hot) {
        return hot.replicas().size() * hot.size();
    }

    /** Every shard is stored padded to shardSize, so a coded part takes (k + m) x shardSize. */
    private static long codedBytes(ColdPart part) {
        return (long) (part.k() + part.m()) * part.shardSize();
    }

    private static void add(ContentRef ref, int sign, Map<String, Integer> net, Map<String, Long> bytesOf) {
        net.merge(ref.content(), sign, Integer::sum);
        bytesOf.putIfAbsent(ref.content(), ref.bytes());
        net.remove(ref.content(), 0);
    }
}
