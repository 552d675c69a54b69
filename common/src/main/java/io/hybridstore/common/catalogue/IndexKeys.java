package io.hybridstore.common.catalogue;

import java.math.BigDecimal;

/**
 * The encoding of secondary index entries, relative to {@code {prefix}/idx/}. Every entry is a
 * key with an empty value, and ends with the object key, so the entries of one indexed value are
 * in object-key order and a listing walks them like the records themselves:
 *
 * <pre>
 * kind/{document|blob}/{key}        state/{dirty|lost|in_progress}/{key}   (none for clean)
 * type/{content type}/{key}         tag/{tag}/{key}                       (no type for a JSON document)
 * field/{name}/{value}/{key}        an indexed hot field's value, for equality
 * size/{number}/{key}               modified/{number}/{key}
 * num/{name}/{number}/{key}         an indexed hot field's numeric value, for ranges
 * </pre>
 *
 * A value segment escapes {@code /} and {@code %} ({@code %2F}, {@code %25}), so "the entries
 * of value v" is exactly the prefix {@code .../v/} and no other value shares it. A {number} is 16
 * lower-case hex digits whose byte order is the numbers' order ({@link #sortableLong},
 * {@link #sortableDouble}), so a numeric range is one contiguous key range.
 */
public final class IndexKeys {

    public static final String KIND = "kind/";
    public static final String STATE = "state/";
    public static final String TYPE = "type/";
    public static final String TAG = "tag/";
    public static final String FIELD = "field/";
    public static final String SIZE = "size/";
    public static final String MODIFIED = "modified/";
    public static final String NUMBER = "num/";

    private IndexKeys() {
    }

    /** The prefix of every entry for {@code value} of an equality index ({@code family} is e.g. {@link #TAG}). */
    public static String valuePrefix(String family, String value) {
        return family + escape(value) + "/";
    }

    /** {@link #valuePrefix} of an indexed hot field. */
    public static String fieldPrefix(String field, String value) {
        return FIELD + escape(field) + "/" + escape(value) + "/";
    }

    /** Where the numeric entries of one hot field start: {@code num/{field}/}. */
    public static String numberFamily(String field) {
        return NUMBER + escape(field) + "/";
    }

    public static String entry(String valuePrefix, String objectKey) {
        return valuePrefix + objectKey;
    }

    /**
     * The object key an entry ends with. Every family has a fixed number of segments before the
     * key (escaped values contain no {@code /}), so the key is what follows them, slashes and all.
     */
    public static String objectKeyOf(String entry) {
        int segments = entry.startsWith(FIELD) || entry.startsWith(NUMBER) ? 3 : 2;
        int at = -1;
        for (int i = 0; i < segments; i++) {
            at = entry.indexOf('/', at + 1);
            if (at < 0) {
                throw new IllegalArgumentException("not an index entry: " + entry);
            }
        }
        return entry.substring(at + 1);
    }

    /** {@code /} and {@code %} percent-encoded; everything else as it is. */
    public static String escape(String value) {
        if (value.indexOf('/') < 0 && value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace("/", "%2F");
    }

    /** 16 hex digits whose unsigned byte order is the signed order of {@code value}: the sign bit flipped. */
    public static String sortableLong(long value) {
        return hex16(value ^ Long.MIN_VALUE);
    }

    /**
     * 16 hex digits whose byte order is the numeric order of {@code value}: the IEEE 754 bits with
     * the sign bit flipped for positives and every bit flipped for negatives (so more negative
     * sorts lower). -0.0 is folded into 0.0 so that equal numbers have one encoding. Rounding to a
     * double is monotonic, so a range of exact decimals maps onto a range that includes them all;
     * the listing checks the exact value on the record.
     */
    public static String sortableDouble(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN has no place in an order");
        }
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        return hex16(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
    }

    /** {@link #sortableDouble} of a decimal, or null when it is not a finite number. */
    public static String sortableNumber(BigDecimal value) {
        double d = value.doubleValue();
        return Double.isInfinite(d) ? null : sortableDouble(d);
    }

    private static String hex16(long bits) {
        String hex = Long.toHexString(bits);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
