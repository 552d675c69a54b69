package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ListingXml} writes the listing documents element by element: byte for byte what the
 * mapper ({@link S3Xml#write}) makes of the same record, for every shape the operations answer.
 */
class S3XmlListingTest {

    /** Keys as clients send them: markup characters, quotes, spaces, percent signs, non-ASCII, a 1,024-byte key. */
    private static final List<String> KEYS = List.of("plain", "a&b<c>d\"e'f", "with space/and+plus", "100%25", "é/日本/😀",
            "k".repeat(1024), "]]>");

    @Test
    void aListObjectsV2PageIsTheMappersBytes() {
        int documents = 0;
        for (S3Xml.Owner owner : new S3Xml.Owner[] {null, new S3Xml.Owner("bench", "bench")}) {
            for (boolean truncated : new boolean[] {false, true}) {
                S3Xml.ListBucketResult v2 = new S3Xml.ListBucketResult("bucket", "pre&fix/", null, null, "start<after", "tok",
                        truncated ? "next" : null, KEYS.size() + 1, 1000, "/", "url", truncated, entries(owner),
                        List.of(new S3Xml.CommonPrefix("dir & co/")));
                assertSameBytes(S3Xml.write(v2), ListingXml.write(v2));
                documents++;
            }
        }
        assertEquals(4, documents, "every owner and truncation was written");
    }

    @Test
    void aListObjectsV1PageAndAnEmptyOneAreTheMappersBytes() {
        S3Xml.ListBucketResult v1 = new S3Xml.ListBucketResult("bucket", "", "", "last\"key", null, null, null, null, 1000, null, null,
                true, entries(new S3Xml.Owner("id", "name")), List.of());
        assertSameBytes(S3Xml.write(v1), ListingXml.write(v1));
        S3Xml.ListBucketResult empty = new S3Xml.ListBucketResult("bucket", "", null, null, null, null, null, 0, 0, null, null, false,
                List.of(), List.of());
        assertSameBytes(S3Xml.write(empty), ListingXml.write(empty));
        assertTrue(new String(ListingXml.write(empty), StandardCharsets.UTF_8).startsWith("<?xml"), "the declaration comes first");
    }

    @Test
    void aListObjectVersionsPageIsTheMappersBytes() {
        List<S3Xml.VersionEntry> versions = new ArrayList<>();
        for (String key : KEYS) {
            versions.add(new S3Xml.VersionEntry(key, "null", true, "2026-12-04T20:00:00.000Z", "\"d41d8cd98f00b204e9800998ecf8427e\"",
                    5000, "STANDARD", new S3Xml.Owner("o", "o")));
        }
        S3Xml.ListVersionsResult result = new S3Xml.ListVersionsResult("bucket", "p/", "k&m", null, "next<key", "null", 1000, "/",
                null, true, versions, List.of(new S3Xml.CommonPrefix("p/q/")));
        assertSameBytes(S3Xml.write(result), ListingXml.write(result));
    }

    private static List<S3Xml.ObjectEntry> entries(S3Xml.Owner owner) {
        List<S3Xml.ObjectEntry> entries = new ArrayList<>();
        long size = 0;
        for (String key : KEYS) {
            entries.add(new S3Xml.ObjectEntry(key, "2026-12-04T20:00:00.000Z", "\"d41d8cd98f00b204e9800998ecf8427e-3\"", size, "STANDARD",
                    owner));
            size = size * 31 + Long.MAX_VALUE / 7; // 0, then large sizes
        }
        return entries;
    }

    private static void assertSameBytes(byte[] expected, byte[] actual) {
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
    }
}
