package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void admitsTheTokenAndNothingElse() {
        BearerToken token = new BearerToken("s3cret-Token_1");
        Map<String, Boolean> cases = new java.util.LinkedHashMap<>();
        cases.put("Bearer s3cret-Token_1", true);
        cases.put("bearer s3cret-Token_1", true); // the scheme is case-insensitive
        cases.put("BEARER   s3cret-Token_1  ", true); // blanks around the token, as trim() cuts them
        cases.put("Bearer s3cret-Token_2", false);
        cases.put("Bearer s3cret-token_1", false); // the token itself is case-sensitive
        cases.put("Bearer s3cret-Token_", false); // a prefix
        cases.put("Bearer s3cret-Token_1x", false); // longer
        cases.put("Bearer s3cret-Token_1\u0000", true); // trim() cuts control characters too (<= ' ')
        cases.put("Bearer ", false);
        cases.put("Bearer", false);
        cases.put("Basic s3cret-Token_1", false);
        cases.put("s3cret-Token_1", false);
        cases.put("", false);
        cases.put(null, false);
        cases.put("Bearer " + "x".repeat(10_000), false);
        int checked = 0;
        for (var c : cases.entrySet()) {
            assertEquals(c.getValue(), token.admits(c.getKey()), String.valueOf(c.getKey()));
            checked++;
        }
        assertEquals(15, checked);
    }

    @Test
    void agreesWithTrimmedEqualityOnEveryCutOfTheHeader() {
        // Every prefix and every one-character change of a header: the check says what trim + equals says.
        String secret = "tok-\u00e9-42";
        BearerToken token = new BearerToken(secret);
        String header = "Bearer " + secret;
        int checked = 0;
        for (int cut = 0; cut <= header.length(); cut++) {
            String h = header.substring(0, cut);
            assertEquals(reference(h, secret), token.admits(h), h);
            checked++;
        }
        for (int at = 0; at < header.length(); at++) {
            for (char c : List.of('a', ' ', '\u00e9', 'B')) {
                String h = header.substring(0, at) + c + header.substring(at + 1);
                assertEquals(reference(h, secret), token.admits(h), h);
                checked++;
            }
        }
        assertEquals(header.length() + 1 + 4 * header.length(), checked);
    }

    @Test
    void anEmptyTokenIsRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new BearerToken(" "));
        assertThrows(IllegalArgumentException.class, () -> new BearerToken(null));
    }

    /** The rule as the digest version applied it. */
    private static boolean reference(String header, String secret) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.substring(7).trim().equals(secret);
    }
}
