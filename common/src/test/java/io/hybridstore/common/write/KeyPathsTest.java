package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import org.junit.jupiter.api.Test;

/** Known answers for a key in a path: decoded exactly once, every character the key's own; and the client's encoding of it. */
class KeyPathsTest {

    private static final String READ = "/read/";

    /** {raw path after /read/, the key it names}; the raw path is as the HTTP layer hands it (one char per byte). */
    private static final String[][] DECODED = {
            {"user:1", "user:1"},
            {"a/b", "a/b"},
            {"a%2Fb", "a/b"},
            {"a%2fb", "a/b"},
            {"100%2541", "100%41"},
            {"caf%C3%A9", "café"},
            {"caf%c3%a9", "café"},
            {"caf\u00C3\u00A9", "café"}, // raw UTF-8 on the wire: the bytes C3 A9 read as ISO-8859-1
            {"%E6%97%A5%E6%9C%AC", "日本"},
            {"a;x", "a;x"},
            {"a;x=1/b", "a;x=1/b"},
            {"a/", "a/"},
            {"a+b", "a+b"},
            {"a%20b", "a b"},
            {"a//b", "a//b"},
            {"a%2F..%2Fb", "a/../b"},
            {"a.b/..c/...", "a.b/..c/..."},
            {"%7e~", "~~"},
    };

    /** Raw paths after /read/ that name no key: each a 400. */
    private static final String[] REFUSED = {
            "a%zz", "a%2", "a%", "%C3", "caf\u00C3", "%FF", "%C0%AF", "日", "a/../b", "./a", "a/.", "a/%2E%2E/b", "a/%2e",
    };

    @Test
    void aKeyIsDecodedExactlyOnce() {
        for (String[] c : DECODED) {
            assertEquals(c[1], KeyPaths.decode(READ + c[0], READ, ""), c[0]);
        }
        assertEquals(18, DECODED.length);
    }

    @Test
    void malformedEscapesInvalidUtf8AndDotSegmentsAreBadRequests() {
        int refused = 0;
        for (String raw : REFUSED) {
            StoreException e = assertThrows(StoreException.class, () -> KeyPaths.decode(READ + raw, READ, ""), raw);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), raw);
            refused++;
        }
        assertEquals(13, refused);
    }

    @Test
    void theKeyIsWhatLiesBetweenPrefixAndSuffixOfTheRawPath() {
        assertEquals("a/info", KeyPaths.decode("/objects/a/info/info", "/objects/", "/info"));
        assertEquals("a;b", KeyPaths.decode("/objects/a;b/info", "/objects/", "/info"));
        int refused = 0;
        // An escaped slash separates nothing: this path names no .../info; a dot segment resolved away the prefix; nothing between.
        for (String[] c : new String[][] {{"/objects/a%2Finfo", "/info"}, {"/read/../objects/a/info", "/info"}, {"/objects//info", "/info"},
                {"/objects/", ""}}) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> KeyPaths.decode(c[0], "/objects/", c[1])).code(), c[0]);
            refused++;
        }
        assertEquals(4, refused);
    }

    @Test
    void aClientEncodesOnceAndTheGatewayReadsBackTheSameKey() {
        String[][] encoded = {
                {"café", "caf%C3%A9"},
                {"a b+c;d/e~f", "a%20b%2Bc%3Bd/e~f"},
                {"100%41", "100%2541"},
                {"dir/", "dir/"},
                {"a/../b", "a%2F..%2Fb"},
                {"x/.", "x%2F."},
                {"日/本", "%E6%97%A5/%E6%9C%AC"},
        };
        for (String[] c : encoded) {
            assertEquals(c[1], KeyPaths.encode(c[0]), c[0]);
            assertEquals(c[0], KeyPaths.decode(READ + KeyPaths.encode(c[0]), READ, ""), c[0]);
        }
        for (String[] c : DECODED) {
            assertEquals(c[1], KeyPaths.decode(READ + KeyPaths.encode(c[1]), READ, ""), c[1]);
        }
        assertEquals(7 + 18, encoded.length + DECODED.length);
    }
}
