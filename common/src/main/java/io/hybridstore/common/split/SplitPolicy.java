package io.hybridstore.common.split;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides for one top-level field whether it is hot (small, replicated whole) or cold (erasure
 * coded). Explicit configuration wins: a name matching a cold glob is cold, else one matching a hot
 * glob is hot (cold first, because forcing a big field hot would copy it three times). Otherwise by
 * value: numbers, booleans, null and strings up to {@code hotStringMaxBytes} UTF-8 bytes are hot;
 * longer strings, arrays and objects are cold.
 *
 * <p>Globs: {@code *} matches any run of characters, {@code ?} one character; the rest is literal.
 */
public final class SplitPolicy {

    public enum Temperature { HOT, COLD }

    private final List<Pattern> hotGlobs;
    private final List<Pattern> coldGlobs;
    private final int hotStringMaxBytes;

    public SplitPolicy(List<String> hotGlobs, List<String> coldGlobs, int hotStringMaxBytes) {
        if (hotStringMaxBytes < 0) {
            throw new IllegalArgumentException("hotStringMaxBytes must be >= 0: " + hotStringMaxBytes);
        }
        this.hotGlobs = hotGlobs.stream().map(SplitPolicy::glob).toList();
        this.coldGlobs = coldGlobs.stream().map(SplitPolicy::glob).toList();
        this.hotStringMaxBytes = hotStringMaxBytes;
    }

    public static SplitPolicy byValueOnly(int hotStringMaxBytes) {
        return new SplitPolicy(List.of(), List.of(), hotStringMaxBytes);
    }

    public Temperature classify(String field, JsonNode value) {
        if (matches(coldGlobs, field)) {
            return Temperature.COLD;
        }
        if (matches(hotGlobs, field)) {
            return Temperature.HOT;
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            return Temperature.HOT;
        }
        if (value.isTextual()) {
            return fitsHot(value.textValue()) ? Temperature.HOT : Temperature.COLD;
        }
        return Temperature.COLD;
    }

    private static boolean matches(List<Pattern> globs, String field) {
        for (Pattern p : globs) {
            if (p.matcher(field).matches()) {
                return true;
            }
        }
        return false;
    }

    private boolean fitsHot(String s) {
        // A UTF-16 unit is 1 to 3 UTF-8 bytes: decide from the length alone when that settles it,
        // so a multi-megabyte string is not encoded just to learn it is cold.
        if (s.length() > hotStringMaxBytes) {
            return false;
        }
        if ((long) s.length() * 3 <= hotStringMaxBytes) {
            return true;
        }
        return s.getBytes(StandardCharsets.UTF_8).length <= hotStringMaxBytes;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
