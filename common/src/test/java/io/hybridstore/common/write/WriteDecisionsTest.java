package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.write.Readability.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk ids, key validation and the readability rule. */
class WriteDecisionsTest {

    private static final String SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void chunkIdsDeriveFromContentAndAreValidNodeIds() {
        assertEquals("h-" + SHA, ChunkIds.hot(SHA));
        assertEquals("c-" + SHA + "-4-2-5", ChunkIds.coldShard(SHA, 4, 2, 5));
        assertTrue(ChunkIds.coldShard(SHA, 4, 2, 5).startsWith(ChunkIds.coldBase(SHA, 4, 2)));
        assertTrue(ChunkIds.isValid(ChunkIds.hot(SHA)));
        assertTrue(ChunkIds.isValid(ChunkIds.coldShard(SHA, 200, 55, 254)));
        assertFalse(ChunkIds.isValid("a/b"));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.coldShard(SHA, 4, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.hot("../../etc"));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.hot(SHA.toUpperCase()));
    }

    /** The hash check is a hand loop (it runs per copy of every listed record): the regex's answers, pinned at each edge. */
    @Test
    void aSha256IsExactly64LowerCaseHexDigits() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("[0-9a-f]{64}");
        List<String> cases = new ArrayList<>(List.of(SHA, "0".repeat(64), "f".repeat(64), "9a".repeat(32), "", SHA.substring(1),
                SHA + "0", SHA.toUpperCase(), " ".repeat(64)));
        for (char edge : new char[] {'/', ':', '`', 'g', 'A', 'F', '\u00e9', '\u0660'}) { // just outside each range; a non-ASCII digit
            cases.add(edge + SHA.substring(1));
            cases.add(SHA.substring(0, 63) + edge);
        }
        for (String text : cases) {
            assertEquals(regex.matcher(text).matches(), ChunkIds.isSha256Hex(text), text);
        }
        assertFalse(ChunkIds.isSha256Hex(null));
        assertEquals(25, cases.size(), "every case was checked");
        assertEquals(4, cases.stream().filter(ChunkIds::isSha256Hex).count(), "the valid ones");
    }

    @Test
    void stripeShardIdsNameTheUploadAndAreValidNodeIds() {
        String upload = "3f2b8c1e-7a4d-4e2b-9c6f-0d1e2f3a4b5c";
        assertEquals("s-" + upload + "-511-4-2-5", ChunkIds.stripeShard(upload, 511, 4, 2, 5));
        assertTrue(ChunkIds.stripeShard(upload, 511, 4, 2, 5).startsWith(ChunkIds.stripeBase(upload, 511, 4, 2)));
        assertTrue(ChunkIds.isValid(ChunkIds.stripeShard(upload, Integer.MAX_VALUE, 200, 55, 254)));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.stripeShard(upload, 0, 4, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.stripeBase(upload, -1, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.stripeBase("../etc", 0, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.stripeBase("", 0, 4, 2));
    }

    @Test
    void keysAreOneTo512Utf8BytesWithoutControlCharacters() {
        assertEquals("user:1/é", ObjectKeys.validate("user:1/é"));
        assertEquals("x".repeat(512), ObjectKeys.validate("x".repeat(512)));
        ObjectKeys.validate("é".repeat(256)); // 512 bytes
        for (String bad : new String[] {"", "x".repeat(513), "é".repeat(257), "a\nb", "a\u0000", "a\u007f", "\uD800x"}) {
            StoreException e = assertThrows(StoreException.class, () -> ObjectKeys.validate(bad), bad);
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
        assertThrows(StoreException.class, () -> ObjectKeys.validate(null));
    }

    @Test
    void blobNamesAreUpTo1024BytesWithSlashesAndNoControlCharacters() {
        assertEquals("a/b/c.jpg", ObjectKeys.validateBlobName("a/b/c.jpg"));
        assertEquals("x".repeat(1024), ObjectKeys.validateBlobName("x".repeat(1024)));
        ObjectKeys.validateBlobName("é".repeat(512)); // 1024 bytes
        int rejected = 0;
        for (String bad : new String[] {"", "x".repeat(1025), "é".repeat(513), "a\nb", "a\u0000", "\u0085x", "\uDC00"}) {
            StoreException e = assertThrows(StoreException.class, () -> ObjectKeys.validateBlobName(bad), bad);
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            assertTrue(e.getMessage().startsWith("blob name"), e.getMessage());
            rejected++;
        }
        assertEquals(7, rejected);
    }

    private static HotPart hot(int stored, int placed) {
        List<ChunkLocation> replicas = new ArrayList<>();
        for (int i = 0; i < placed; i++) {
            replicas.add(new ChunkLocation(i, "n" + i, "h-x", i < stored ? 1000 : 0));
        }
        return new HotPart(SHA, 10, replicas);
    }

    private static ColdPart cold(int stored, int placed) {
        List<ChunkLocation> shards = new ArrayList<>();
        for (int i = 0; i < placed; i++) {
            shards.add(new ChunkLocation(i, "n" + i, "c-" + i, i < stored ? 1000 : 0));
        }
        return new ColdPart(SHA, 100, 4, 2, 25, shards);
    }

    @Test
    void readabilityNeedsOneReplicaAndKShards() {
        int patterns = 0;
        for (int hotStored = 0; hotStored <= 3; hotStored++) {
            for (int coldStored = 0; coldStored <= 6; coldStored++) {
                Verdict expected = hotStored == 0 || coldStored < 4 ? Verdict.UNREADABLE
                        : hotStored == 3 && coldStored == 6 ? Verdict.CLEAN : Verdict.DIRTY;
                assertEquals(expected, Readability.judge(hot(hotStored, 3), 3, cold(coldStored, 6)), hotStored + "/" + coldStored);
                patterns++;
            }
        }
        assertEquals(28, patterns);
    }

    @Test
    void partsThatAreAbsentDoNotCount() {
        assertEquals(Verdict.CLEAN, Readability.judge(null, 3, null));
        assertEquals(Verdict.CLEAN, Readability.judge(hot(3, 3), 3, null));
        assertEquals(Verdict.DIRTY, Readability.judge(hot(1, 3), 3, null));
        assertEquals(Verdict.CLEAN, Readability.judge(null, 3, cold(6, 6)));
        assertEquals(Verdict.UNREADABLE, Readability.judge(null, 3, cold(3, 6)));
    }

    @Test
    void fewerNodesPlacedThanWantedIsDirtyNotClean() {
        assertEquals(Verdict.DIRTY, Readability.judge(hot(2, 2), 3, cold(5, 5)));
        assertEquals(Verdict.DIRTY, Readability.judge(hot(3, 3), 3, cold(4, 4)));
    }

    @Test
    void duplicateShardIndicesCountOnce() {
        List<ChunkLocation> shards = List.of(
                new ChunkLocation(0, "a", "c0", 1), new ChunkLocation(0, "b", "c0", 1),
                new ChunkLocation(1, "c", "c1", 1), new ChunkLocation(2, "d", "c2", 1));
        assertEquals(Verdict.UNREADABLE, Readability.judge(null, 3, new ColdPart(SHA, 10, 4, 2, 3, shards)));
    }
}
