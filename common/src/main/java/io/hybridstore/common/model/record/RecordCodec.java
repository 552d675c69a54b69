package io.hybridstore.common.model.record;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.JsonBuffers;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.ChunkIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The bytes of an object record in etcd. A document's record was ~1.2 KB of JSON, mostly chunk ids
 * and node names repeated for its 9 copies; this writes it in ~200 bytes (docs/benchmarks.md) so a
 * million objects, their indexes and etcd's history fit etcd's 2 GiB quota.
 *
 * <p>The format is one byte {@link #COMPACT_V1} then a CBOR ({@link CompactRecord}, via Jackson's CBOR
 * mapper: standard, minimal-length integers, byte strings), with what can be derived left out:
 * <ul>
 *   <li>the key (it is the etcd key's suffix; {@link #decode} is given it);</li>
 *   <li>chunk ids and copy indexes, which {@link ChunkIds} derives from the part's hash (documents) or
 *       the blob's upload id and the stripe number (stripes); a copy whose id is not the derived one
 *       keeps it, so nothing is lost whatever a caller built;</li>
 *   <li>repeated node names: each is written once per record and copies refer to it by position.
 *       A cluster-wide node-number table in etcd would save a few bytes more but make decoding a
 *       record depend on reading (and caching) that table; per record, decoding stays pure;</li>
 *   <li>hex hashes as 32 raw bytes; times as differences from {@code createdAt} / {@code updatedAt}.</li>
 * </ul>
 * The blob description and the labels are written by Jackson field by field, so fields other work
 * adds to them are carried without a change here; the hot path is mapped by hand (this class) for
 * the derivations above. {@code RecordCodecTest} round-trips a record with every component set, by
 * reflection, so a component added to the model and forgotten here fails a test.
 *
 * <p>Records written as JSON before this format existed start with '{' and are read as JSON; the next
 * write of the key writes the compact form.
 *
 * <p>A blob's stripes cost 87 bytes each in the record when their chunk ids derive from the blob's
 * upload, 393 when they do not (an S3 object completed from parts, each stored under an upload of
 * its own): 512 such stripes are 200 KB, and a 10,000-part object (20,000 stripes) would be 7.9 MB,
 * above etcd's 1.5 MiB request limit. So a record of more than {@link #INLINE_STRIPES} stripes is
 * stored as a head ({@link #PAGED_V1}: the record without its stripes, naming its pages) and pages
 * of stripes under keys of their own ({@link #layout}, {@link StripePages}).
 */
public final class RecordCodec {

    /** What to store for one record: its bytes, and its stripe pages (none for most records). */
    public record Layout(byte[] record, List<Page> pages) {
        public Layout {
            pages = List.copyOf(pages);
        }
    }

    /** One page of a record's stripes, named by a hash of its bytes. */
    public record Page(String id, byte[] bytes) {
    }

    /** The first byte of a compact record; JSON records start with '{'. */
    public static final byte COMPACT_V1 = 0x01;

    /**
     * The first byte of a record whose stripes are in pages ({@link #layout}). A reader that does not
     * know it refuses the record as corrupt rather than read a blob without its stripes (whose chunks
     * its collector would then think unreferenced).
     */
    public static final byte PAGED_V1 = 0x02;

    /** A record with more stripes than this keeps them in pages; every record written before pages existed has at most 512. */
    public static final int INLINE_STRIPES = StripePages.STRIPES_PER_PAGE;

    /**
     * The most pages one record may have: its commit deletes the pages it replaces in its own
     * transaction, beside the index entries, under etcd's 128 operations. 40 pages are 40,960 stripes.
     */
    public static final int MAX_PAGES = 40;
    public static final int MAX_STRIPES = MAX_PAGES * StripePages.STRIPES_PER_PAGE;

    /** State codes: a position here. Append new states; never reorder (stored records hold the number). */
    static final List<ObjectState> STATES = List.of(ObjectState.IN_PROGRESS, ObjectState.CLEAN, ObjectState.DIRTY,
            ObjectState.LOST, ObjectState.DELETED);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper CBOR = CBORMapper.builder(CBORFactory.builder().recyclerPool(JsonBuffers.pool()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer writer's extra fields
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS) // ObjectLabels.isEmpty() is not a field
            .build();

    private RecordCodec() {
    }

    /**
     * The bytes of a record as one value: {@link #COMPACT_V1}, whatever its size. The store writes
     * {@link #layout}, which pages the stripes of a record that has more than {@link #INLINE_STRIPES}.
     */
    public static byte[] encode(ObjectMetadata metadata) {
        return withFormat(COMPACT_V1, compact(metadata, true), metadata.key());
    }

    /**
     * What to store for a record: the record itself, and when it has more than {@link #INLINE_STRIPES}
     * stripes, the pages holding them (in order), which must be stored before the record that names them.
     * A record of at most that many stripes is exactly {@link #encode}'s bytes, readable by any version.
     */
    public static Layout layout(ObjectMetadata metadata) {
        if (metadata.stripes().size() <= INLINE_STRIPES) {
            return new Layout(encode(metadata), List.of());
        }
        if (metadata.stripes().size() > MAX_STRIPES) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, metadata.key() + " has " + metadata.stripes().size()
                    + " stripes; a record holds at most " + MAX_STRIPES);
        }
        List<Page> pages = new ArrayList<>();
        List<StripePages.PageRef> refs = new ArrayList<>();
        for (StripePages.CompactPage page : StripePages.cut(metadata)) {
            byte[] bytes = withFormat(PAGED_V1, page, metadata.key());
            pages.add(new Page(StripePages.id(bytes), bytes));
            refs.add(new StripePages.PageRef(pages.getLast().id(), page.stripes().size()));
        }
        return new Layout(withFormat(PAGED_V1, new StripePages.PagedHead(compact(metadata, false), refs), metadata.key()), pages);
    }

    /** The ids of the pages a stored record names, in order; none for a record that holds its stripes. */
    public static List<String> pageIds(String key, byte[] stored) {
        if (stored.length == 0 || stored[0] != PAGED_V1) {
            return List.of();
        }
        return head(key, stored).pages().stream().map(StripePages.PageRef::id).toList();
    }

    private static CompactRecord compact(ObjectMetadata metadata, boolean withStripes) {
        List<String> nodes = new ArrayList<>();
        List<CompactRecord.Part> stripes = new ArrayList<>();
        for (int s = 0; withStripes && s < metadata.stripes().size(); s++) {
            ColdPart stripe = metadata.stripes().get(s);
            int number = s;
            stripes.add(coded(stripe, nodes, metadata.updatedAt(),
                    ChunkIds.stripeShards(metadata.blob().uploadId(), number, stripe.k(), stripe.m())));
        }
        HotPart hot = metadata.hot();
        ColdPart cold = metadata.cold();
        CompactRecord compact = new CompactRecord(
                metadata.version().partition(), metadata.version().offset(), stateCode(metadata.state()),
                metadata.fieldOrder(), nodes,
                hot == null ? null : part(hot.sha256(), hot.size(), 0, 0, 0, hot.replicas(), null, nodes, metadata.updatedAt(),
                        sameForEvery(() -> ChunkIds.hot(hot.sha256()))),
                cold == null ? null : coded(cold, nodes, metadata.updatedAt(), ChunkIds.coldShards(cold.sha256(), cold.k(), cold.m())),
                refs(metadata.pendingNodes(), nodes), refs(metadata.failedNodes(), nodes),
                metadata.createdAt(), metadata.updatedAt() - metadata.createdAt(),
                metadata.blob(), stripes, metadata.labels().isEmpty() ? null : metadata.labels(),
                metadata.indexedFields().isEmpty() ? null : metadata.indexedFields());
        // The node table is filled as the parts and notes are mapped (arguments after it): it is the same
        // list, and Jackson writes it only once the record is complete.
        return compact;
    }

    private static byte[] withFormat(byte format, Object value, String key) {
        try {
            byte[] body = CBOR.writeValueAsBytes(value);
            byte[] record = new byte[body.length + 1];
            record[0] = format;
            System.arraycopy(body, 0, record, 1, body.length);
            return record;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot encode the record of " + key, e);
        }
    }

    /** The record of {@code key} from its stored bytes, compact or JSON (the older format); a paged record needs {@link #decode(String, byte[], Map)}. */
    public static ObjectMetadata decode(String key, byte[] stored) {
        return decode(key, stored, Map.of());
    }

    /**
     * The record of {@code key} from its stored bytes and, for a paged record, its pages by id
     * ({@link #pageIds}). A page it names that is not given, or that holds other stripes than it
     * names, is corruption: the caller reads the pages after the record, and a record's pages are
     * removed only by a later write of the key, so a caller that raced one reads the key again.
     */
    public static ObjectMetadata decode(String key, byte[] stored, Map<String, byte[]> pages) {
        if (stored.length > 0 && stored[0] == '{') {
            return ModelJson.fromBytes(stored, ObjectMetadata.class);
        }
        if (stored.length > 0 && stored[0] == PAGED_V1) {
            StripePages.PagedHead head = head(key, stored);
            CompactRecord r = head.record();
            List<ColdPart> stripes = new ArrayList<>();
            for (StripePages.PageRef ref : head.pages()) {
                byte[] page = pages.get(ref.id());
                if (page == null || !StripePages.id(page).equals(ref.id())) {
                    throw new StoreException(ErrorCode.CORRUPT, "the record of " + key + " names stripe page " + ref.id() + ", which "
                            + (page == null ? "is missing" : "holds other bytes"));
                }
                stripes.addAll(StripePages.stripes(key, r.blob().uploadId(), r.createdAt(), read(key, page, StripePages.CompactPage.class),
                        stripes.size(), ref.count()));
            }
            return toMetadata(key, r, stripes);
        }
        if (stored.length == 0 || stored[0] != COMPACT_V1) {
            throw new StoreException(ErrorCode.CORRUPT, "the record of " + key + " starts with neither '{' nor a compact format byte");
        }
        return toMetadata(key, read(key, stored, CompactRecord.class), List.of());
    }

    private static StripePages.PagedHead head(String key, byte[] stored) {
        return read(key, stored, StripePages.PagedHead.class);
    }

    private static <T> T read(String key, byte[] stored, Class<T> type) {
        try {
            return CBOR.readValue(stored, 1, stored.length - 1, type);
        } catch (IOException e) {
            // Stored metadata that does not parse is corruption of the source of truth: say so loudly.
            throw new StoreException(ErrorCode.CORRUPT, "cannot parse the record of " + key + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMetadata toMetadata(String key, CompactRecord r, List<ColdPart> paged) {
        long updatedAt = r.createdAt() + r.updatedAfter();
        List<String> nodes = r.nodes();
        HotPart hot = null;
        if (r.hot() != null) {
            String sha = sha(r.hot());
            hot = new HotPart(sha, r.hot().size(), locations(r.hot(), nodes, updatedAt, sameForEvery(() -> ChunkIds.hot(sha))));
        }
        ColdPart cold = null;
        if (r.cold() != null) {
            CompactRecord.Part c = r.cold();
            String sha = sha(c);
            cold = coldPart(c, sha, locations(c, nodes, updatedAt, ChunkIds.coldShards(sha, c.k(), c.m())));
        }
        List<ColdPart> stripes = new ArrayList<>();
        for (int s = 0; s < r.stripes().size(); s++) {
            CompactRecord.Part p = r.stripes().get(s);
            int number = s;
            stripes.add(coldPart(p, sha(p), locations(p, nodes, updatedAt,
                    ChunkIds.stripeShards(r.blob().uploadId(), number, p.k(), p.m()))));
        }
        stripes.addAll(paged);
        return new ObjectMetadata(key, new Version(r.partition(), r.offset()), STATES.get(r.state()), r.fieldOrder(), hot, cold,
                names(r.pending(), nodes), names(r.failed(), nodes), r.createdAt(), updatedAt, r.blob(), stripes,
                ObjectLabels.orNone(r.labels()), r.indexed());
    }

    /**
     * Every replica's chunk id, derived on first use and then reused (a listing decodes three
     * replicas per record), and never when the part names its ids itself (then its hash need not be hex).
     */
    private static IntFunction<String> sameForEvery(java.util.function.Supplier<String> id) {
        String[] derived = new String[1];
        return i -> derived[0] != null ? derived[0] : (derived[0] = id.get());
    }

    static CompactRecord.Part coded(ColdPart part, List<String> nodes, long updatedAt, IntFunction<String> derivedId) {
        return part(part.sha256(), part.size(), part.k(), part.m(), part.shardSize(), part.shards(), part.shardCrc32c(), nodes,
                updatedAt, derivedId);
    }

    private static CompactRecord.Part part(String sha256, long size, int k, int m, int shardSize, List<ChunkLocation> copies,
                                           List<String> crcs, List<String> nodes, long updatedAt, IntFunction<String> derivedId) {
        List<Integer> nodeRefs = new ArrayList<>(copies.size());
        List<Long> storedAgo = new ArrayList<>(copies.size());
        boolean derived = true;
        for (int i = 0; i < copies.size(); i++) {
            ChunkLocation copy = copies.get(i);
            nodeRefs.add(ref(copy.nodeId(), nodes));
            storedAgo.add(copy.storedAtMillis() == 0 ? null : updatedAt - copy.storedAtMillis());
            derived &= copy.index() == i && copy.chunkId() != null && copy.chunkId().equals(orNull(derivedId, i));
        }
        List<CompactRecord.Copy> ids = derived ? null : copies.stream().map(c -> new CompactRecord.Copy(c.index(), c.chunkId())).toList();
        boolean binarySha = sha256 != null && SHA256_HEX.matcher(sha256).matches();
        boolean numericCrcs = crcs != null && crcs.stream().allMatch(RecordCodec::canonicalCrc);
        return new CompactRecord.Part(binarySha ? HEX.parseHex(sha256) : null, binarySha ? null : sha256, size, k, m, shardSize,
                nodeRefs, storedAgo, ids,
                numericCrcs ? crcs.stream().map(c -> Long.parseLong(c, 16)).toList() : null,
                crcs != null && !numericCrcs ? crcs : null);
    }

    static List<ChunkLocation> locations(CompactRecord.Part part, List<String> nodes, long updatedAt, IntFunction<String> derivedId) {
        List<ChunkLocation> copies = new ArrayList<>(part.nodes().size());
        for (int i = 0; i < part.nodes().size(); i++) {
            Long ago = part.storedAgo().get(i);
            long storedAt = ago == null ? 0 : updatedAt - ago;
            String node = nodes.get(part.nodes().get(i));
            CompactRecord.Copy id = part.ids() == null ? null : part.ids().get(i);
            copies.add(id == null ? new ChunkLocation(i, node, derivedId.apply(i), storedAt)
                    : new ChunkLocation(id.index(), node, id.chunkId(), storedAt));
        }
        return copies;
    }

    static ColdPart coldPart(CompactRecord.Part p, String sha, List<ChunkLocation> shards) {
        List<String> crcs = p.crcText() != null ? p.crcText()
                : p.crc32c() == null ? null : p.crc32c().stream().map(Long::toHexString).toList();
        return new ColdPart(sha, p.size(), p.k(), p.m(), p.shardSize(), shards, crcs);
    }

    static String sha(CompactRecord.Part part) {
        return part.sha() != null ? HEX.formatHex(part.sha()) : part.shaText();
    }

    /** The id the write path gives this copy, or null when it cannot be derived (e.g. a hash that is not hex). */
    private static String orNull(IntFunction<String> derivedId, int index) {
        try {
            return derivedId.apply(index);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean canonicalCrc(String crc) {
        return crc != null && crc.matches("[0-9a-f]{1,8}") && Long.toHexString(Long.parseLong(crc, 16)).equals(crc);
    }

    private static int ref(String node, List<String> nodes) {
        int at = nodes.indexOf(node);
        if (at < 0) {
            nodes.add(node);
            return nodes.size() - 1;
        }
        return at;
    }

    private static List<Integer> refs(List<String> names, List<String> nodes) {
        return names.stream().map(n -> ref(n, nodes)).toList();
    }

    private static List<String> names(List<Integer> refs, List<String> nodes) {
        return refs.stream().map(nodes::get).toList();
    }

    private static int stateCode(ObjectState state) {
        int code = STATES.indexOf(state);
        if (code < 0) {
            throw new IllegalStateException(state + " has no record code: append it to RecordCodec.STATES");
        }
        return code;
    }
}
