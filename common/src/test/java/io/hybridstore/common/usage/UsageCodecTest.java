package io.hybridstore.common.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.usage.UsageCounts.Kind;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compact usage values: known bytes, round trips of every kind of value, the JSON still read, corruption refused. */
class UsageCodecTest {

    private static final String HASH_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String HASH_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    /** A new document's delta as the write path makes it: 3 counters, a cold and a hot content. */
    private static UsageDelta newDocument() {
        return new UsageDelta("users/42", new UsageCounts(new TreeMap<>(Map.of(
                "document.clean.objects", 1L, "document.clean.bytes", 3300L, "document.physical", 5800L))),
                List.of(new ContentRef("c-" + HASH_A + "-4-2", 4608, 1), new ContentRef("h-" + HASH_B, 1200, 1)));
    }

    @Test
    void aNewDocumentsDeltaHasTheseBytes() {
        byte[] bytes = UsageCodec.encode(newDocument());
        String hex = HexFormat.of().formatHex(bytes);
        String expected = "01" + "83" + "6875736572732f3432"
                // map(3), keys in name order: document.clean.bytes (3) = 3300, document.clean.objects (2) = 1, document.physical (10) = 5800
                + "a3" + "03190ce4" + "0201" + "0a1916a8"
                + "82"
                + "83" + "5823" + "01" + HASH_A + "04" + "02" + "191200" + "01"
                + "83" + "5821" + "00" + HASH_B + "1904b0" + "01";
        assertEquals(expected, hex);
    }

    @Test
    void aDocumentsDeltaTakesAThirdOfItsJson() {
        int compact = UsageCodec.encode(newDocument()).length;
        int json = ModelJson.toBytes(newDocument()).length;
        assertTrue(compact * 3 <= json, compact + " bytes against " + json + " as JSON");
    }

    @Test
    void everyKindOfValueReadsBackAsWritten() {
        List<UsageDelta> deltas = List.of(newDocument(),
                new UsageDelta("k", UsageCounts.ZERO.with("document.clean.objects", -1).with("document.deleted.objects", 1), List.of(
                        new ContentRef("h-" + HASH_A, 900, -1))),
                new UsageDelta("blobs/x", UsageCounts.ZERO.with("blob.clean.bytes", 1L << 40).with(UsageCounts.DEDUP_SAVED, -7), List.of()),
                // Contents without a packed form, and a counter without a number, are kept by name.
                new UsageDelta("ü/é", UsageCounts.ZERO.with("future.counter", 3), List.of(new ContentRef("h-short", 1, 1),
                        new ContentRef("c-" + HASH_A + "-04-2", 2, 1), new ContentRef("c-" + HASH_A + "-300-2", 3, -1),
                        new ContentRef("h-" + HASH_A.toUpperCase(java.util.Locale.ROOT), 4, 1), new ContentRef("c-" + HASH_A + "-4-", 5, 1),
                        new ContentRef("c-" + HASH_A + "-4", 6, 1), new ContentRef("c-" + HASH_A + "-4-2-1", 7, 1),
                        new ContentRef("c-" + HASH_A + "-255-0", 8, 1), new ContentRef("c-" + HASH_A + "+4-2", 9, 1),
                        new ContentRef("h-" + HASH_A.substring(1) + "g", 10, 1), new ContentRef("x-" + HASH_A, 11, 1))));
        for (UsageDelta delta : deltas) {
            assertEquals(delta, UsageCodec.delta(UsageCodec.encode(delta), "delta"));
        }
        assertTrue(hexOf("c-" + HASH_A + "-255-0").contains("5823" + "01" + HASH_A + "ff00"), "packed: k 255, m 0");
        assertTrue(hexOf("c-" + HASH_A + "-04-2").contains("7847"), "a leading zero: kept as 71 characters of text");
        assertTrue(hexOf("h-" + HASH_A.toUpperCase(java.util.Locale.ROOT)).contains("7842"), "upper-case hex: kept as text");
        UsageCounts totals = UsageCounts.ZERO.with("document.clean.objects", 1_000_000).with("blob.physical", Long.MAX_VALUE)
                .with("document.lost.bytes", Long.MIN_VALUE);
        assertEquals(totals, UsageCodec.counts(UsageCodec.encode(totals), "totals"));
        assertEquals(UsageCounts.ZERO, UsageCodec.counts(UsageCodec.encode(UsageCounts.ZERO), "totals"));
        UsageFold.References refs = new UsageFold.References(3, 6144);
        assertEquals(refs, UsageCodec.references(UsageCodec.encode(refs), "refs"));
        assertEquals("01820100", HexFormat.of().formatHex(UsageCodec.encode(new UsageFold.References(1, 0))), "array(2) of 1 and 0");
    }

    /** The hex of a delta holding one reference to {@code content}. */
    private static String hexOf(String content) {
        return HexFormat.of().formatHex(UsageCodec.encode(new UsageDelta("k", UsageCounts.ZERO, List.of(new ContentRef(content, 1, 1)))));
    }

    @Test
    void valuesStoredAsJsonAreStillRead() {
        UsageDelta delta = newDocument();
        assertEquals(delta, UsageCodec.delta(ModelJson.toBytes(delta), "delta"));
        assertEquals(delta.counts(), UsageCodec.counts(ModelJson.toBytes(delta.counts()), "totals"));
        UsageFold.References refs = new UsageFold.References(2, 60);
        assertEquals(refs, UsageCodec.references(ModelJson.toBytes(refs), "refs"));
    }

    @Test
    void everyCounterTheModelNamesHasANumberAndNoNumberIsTaken() {
        int named = 0;
        for (Kind kind : Kind.values()) {
            for (ObjectState state : ObjectState.values()) {
                assertTrue(UsageCodec.NAMES.contains(UsageCounts.objects(kind, state)), UsageCounts.objects(kind, state));
                assertTrue(UsageCodec.NAMES.contains(UsageCounts.bytes(kind, state)), UsageCounts.bytes(kind, state));
                named += 2;
            }
            assertTrue(UsageCodec.NAMES.contains(UsageCounts.physical(kind)));
            named++;
        }
        assertTrue(UsageCodec.NAMES.contains(UsageCounts.DEDUP_SAVED));
        assertEquals(named + 1, UsageCodec.NAMES.size(), "no number for a counter the model does not name");
        assertEquals(UsageCodec.NAMES.size(), new HashSet<>(UsageCodec.NAMES).size());
        assertEquals("document.clean.objects", UsageCodec.NAMES.get(2), "numbers are stored: they never move");
        assertEquals(UsageCounts.DEDUP_SAVED, UsageCodec.NAMES.get(22));
    }

    @Test
    void damagedBytesAreRefusedAsCorruptNeverMisread() {
        byte[] good = UsageCodec.encode(newDocument());
        List<byte[]> damaged = List.of(new byte[0], new byte[] {0x07, 0x00}, java.util.Arrays.copyOf(good, good.length - 5),
                java.util.Arrays.copyOf(good, good.length + 1),
                // map {99: 1}: a counter number no version has given out
                HexFormat.of().parseHex("01" + "83" + "616b" + "a1" + "1863" + "01" + "80"),
                // a packed content of an unknown kind
                HexFormat.of().parseHex("01" + "83" + "616b" + "a0" + "81" + "83" + "4109" + "01" + "01"),
                // a change of 2
                HexFormat.of().parseHex("01" + "83" + "616b" + "a0" + "81" + "83" + "6178" + "01" + "02"));
        for (byte[] bytes : damaged) {
            StoreException e = assertThrows(StoreException.class, () -> UsageCodec.delta(bytes, "delta x"), HexFormat.of().formatHex(bytes));
            assertEquals(ErrorCode.CORRUPT, e.code());
            assertTrue(e.getMessage().startsWith("delta x"), e.getMessage());
        }
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> UsageCodec.references(UsageCodec.encode(UsageCounts.ZERO), "refs")).code());
    }
}
