package io.hybridstore.common.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The S3 canonicalisation edge cases that decide whether real clients' signatures match. */
class CanonicalTest {

    @Test
    void pathIsEncodedOnceWhateverTheClientSent() {
        assertEquals("/test%24file.text", Canonical.uri("/test$file.text"));
        assertEquals("/test%24file.text", Canonical.uri("/test%24file.text"));
        assertEquals("/b/a%20b%2Bc", Canonical.uri("/b/a%20b+c"), "'+' in a path is a plus");
        assertEquals("/b/%C3%A9%26%22", Canonical.uri("/b/%c3%a9&%22"), "lower-case escapes and reserved characters");
        assertEquals("/b/a//../.x", Canonical.uri("/b/a//..%2F.x"), "no dot-segment or double-slash normalisation");
        assertEquals("/", Canonical.uri(""));
        assertEquals("/b/~a-_.", Canonical.uri("/b/%7Ea-_."), "unreserved stay literal");
        assertEquals("/b/100%25", Canonical.uri("/b/100%"), "a lone % is a literal percent");
    }

    @Test
    void queryIsDecodedAsAFormSortedAndReencoded() {
        assertEquals("acl=", Canonical.query("acl", k -> false), "a key without '=' has the empty value");
        assertEquals("a=&b=", Canonical.query("b=&a", k -> false));
        assertEquals("prefix=a%20b", Canonical.query("prefix=a+b", k -> false), "'+' in a query is a space, encoded %20");
        assertEquals("prefix=a%2Bb", Canonical.query("prefix=a%2bb", k -> false));
        assertEquals("k=1&k=2&k=3", Canonical.query("k=3&k=1&k=2", k -> false), "repeated keys stay, sorted by value");
        assertEquals("delimiter=%2F&list-type=2", Canonical.query("list-type=2&delimiter=/", k -> false));
        assertEquals("X-Amz-Date=1", Canonical.query("X-Amz-Signature=abc&X-Amz-Date=1", "X-Amz-Signature"::equals));
        assertEquals("", Canonical.query("&&", k -> false));
    }

    @Test
    void headerValuesTrimmedInnerSpacesCollapsedRepeatsJoined() {
        assertEquals("a b c", Canonical.headerValue(java.util.List.of("  a   b  c ")));
        assertEquals("x,y", Canonical.headerValue(java.util.List.of("x ", " y")));
        assertEquals("", Canonical.headerValue(null));
    }
}
