package io.hybridstore.common.model.record;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The stripes of a record too large for one etcd value, cut into pages of {@value #STRIPES_PER_PAGE}
 * stripes ({@link RecordCodec#layout}). A page is CBOR like the record, with its own node table, and
 * its id is a hash of its bytes: a healer repair that moves one shard rewrites one page, the others
 * keep their ids and are not put again.
 *
 * <p>A page does not depend on the record's {@code updatedAt} (which changes on every write), only on
 * its {@code createdAt}, which stays the same for the key: store times are kept as differences from it.
 */
final class StripePages {

    /** Stripes per page: ~400 KB for an S3 object's stripes (393 B each, measured), under etcd's 1.5 MiB request limit. */
    static final int STRIPES_PER_PAGE = 1024;

    private StripePages() {
    }

    /**
     * A page of stripes.
     *
     * @param first   the stripe number of its first stripe (chunk ids derive from it)
     * @param nodes   the node names its stripes mention, each once
     * @param stripes its stripes, store times as {@code createdAt - storedAtMillis}
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"first", "nodes", "stripes"})
    record CompactPage(int first, List<String> nodes, List<CompactRecord.Part> stripes) {
    }

    /** A record whose stripes are in pages: the record without stripes, and its pages in order. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"record", "pages"})
    record PagedHead(CompactRecord record, List<PageRef> pages) {
    }

    /** A page as the head names it: its id and how many stripes it holds. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"id", "count"})
    record PageRef(String id, int count) {
    }

    static List<CompactPage> cut(ObjectMetadata metadata) {
        List<CompactPage> pages = new ArrayList<>();
        List<ColdPart> stripes = metadata.stripes();
        for (int first = 0; first < stripes.size(); first += STRIPES_PER_PAGE) {
            List<String> nodes = new ArrayList<>();
            List<CompactRecord.Part> parts = new ArrayList<>();
            for (int s = first; s < Math.min(stripes.size(), first + STRIPES_PER_PAGE); s++) {
                parts.add(RecordCodec.coded(stripes.get(s), nodes, metadata.createdAt(), derivedIds(metadata.blob().uploadId(), s,
                        stripes.get(s))));
            }
            pages.add(new CompactPage(first, nodes, parts));
        }
        return pages;
    }

    static List<ColdPart> stripes(String key, String uploadId, long createdAt, CompactPage page, int expectedFirst, int expectedCount) {
        if (page.first() != expectedFirst || page.stripes().size() != expectedCount) {
            throw new StoreException(ErrorCode.CORRUPT, "a stripe page of " + key + " holds stripes " + page.first() + "+"
                    + page.stripes().size() + ", its record names " + expectedFirst + "+" + expectedCount);
        }
        List<ColdPart> stripes = new ArrayList<>(page.stripes().size());
        for (int s = 0; s < page.stripes().size(); s++) {
            CompactRecord.Part p = page.stripes().get(s);
            int number = page.first() + s;
            stripes.add(RecordCodec.coldPart(p, RecordCodec.sha(p), RecordCodec.locations(p, page.nodes(), createdAt,
                    ChunkIds.stripeShards(uploadId, number, p.k(), p.m()))));
        }
        return stripes;
    }

    /** A page's id: the first 16 bytes of its SHA-256, in hex. */
    static String id(byte[] page) {
        return HexFormat.of().formatHex(Sha256.of(page), 0, 16);
    }

    private static IntFunction<String> derivedIds(String uploadId, int number, ColdPart stripe) {
        return ChunkIds.stripeShards(uploadId, number, stripe.k(), stripe.m());
    }
}
