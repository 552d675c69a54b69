package io.hybridstore.gateway.catalogue;

import io.hybridstore.common.catalogue.IndexedFields;
import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.catalogue.Range;
import io.hybridstore.common.error.StoreException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The query string of {@code GET /objects}, read into a {@link ListQuery}; anything wrong is a 400
 * that names the parameter. Parameters:
 *
 * <pre>
 * prefix=        keys starting with this
 * after=         the cursor a previous page returned as "next" (base64url of its last key)
 * limit=         1..1000, default 100
 * kind=          document | blob
 * state=         clean,dirty,lost,in_progress (any of; commas or repeated)
 * type=          content type, exactly
 * size=          LOW..HIGH bytes, either end may be left out ("1000..", "..5000", "42" for exactly)
 * modified=      LOW..HIGH as ISO-8601 instants or epoch milliseconds
 * tag=           a tag the object carries (repeat for "all of these")
 * anyTag=        a tag of which at least one must be carried (repeat)
 * field.NAME=    an indexed field equal to this, or LOW..HIGH for a numeric range
 * </pre>
 */
public final class ListRequest {

    public static final int DEFAULT_LIMIT = 100;
    static final String FIELD = "field.";
    private static final Set<String> PARAMETERS = Set.of("prefix", "after", "limit", "kind", "state", "type", "size", "modified",
            "tag", "anyTag");
    private static final Set<String> STATES = Set.of("clean", "dirty", "lost", "in_progress");

    private ListRequest() {
    }

    public static ListQuery parse(Map<String, List<String>> params, Set<String> indexedFields) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name) && !name.startsWith(FIELD)) {
                throw bad(name, "is not a parameter of this listing; filters: " + String.join(", ", new java.util.TreeSet<>(PARAMETERS))
                        + ", field.NAME");
            }
        }
        String prefix = single(params, "prefix");
        String after = single(params, "after");
        String limitText = single(params, "limit");
        int limit = limitText == null ? DEFAULT_LIMIT : parse("limit", limitText, Integer::parseInt);
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw bad("limit", "must be 1.." + ListQuery.MAX_LIMIT + ", was " + limit);
        }
        String kind = single(params, "kind");
        if (kind != null && !kind.equals("document") && !kind.equals("blob")) {
            throw bad("kind", "is document or blob, was " + kind);
        }
        Set<String> states = new LinkedHashSet<>();
        for (String value : params.getOrDefault("state", List.of())) {
            for (String state : value.split(",", -1)) {
                if (!STATES.contains(state)) {
                    throw bad("state", "is any of clean, dirty, lost, in_progress; was " + state);
                }
                states.add(state);
            }
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Range<BigDecimal>> fieldRanges = new HashMap<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!param.getKey().startsWith(FIELD)) {
                continue;
            }
            String field = param.getKey().substring(FIELD.length());
            if (!indexedFields.contains(field)) {
                throw bad(param.getKey(), "names no indexed field; indexed: " + (indexedFields.isEmpty() ? "none"
                        : String.join(", ", new java.util.TreeSet<>(indexedFields))));
            }
            String value = single(params, param.getKey());
            if (value.contains("..")) {
                fieldRanges.put(field, range(param.getKey(), value, ListRequest::decimal));
            } else {
                BigDecimal number = IndexedFields.number(value);
                fields.put(field, number == null ? value : IndexedFields.canonicalNumber(number));
            }
        }
        String sizeText = single(params, "size");
        String modifiedText = single(params, "modified");
        ListFilter filter = new ListFilter(kind, states, single(params, "type"),
                sizeText == null ? null : range("size", sizeText, Long::parseLong),
                modifiedText == null ? null : range("modified", modifiedText, ListRequest::instant),
                new HashSet<>(params.getOrDefault("tag", List.of())), new HashSet<>(params.getOrDefault("anyTag", List.of())),
                fields, fieldRanges);
        return new ListQuery(prefix, after == null ? null : cursorKey(after), null, limit, filter);
    }

    /** The cursor of a page that ends at {@code lastKey}: opaque to clients, base64url of the key. */
    public static String cursor(String lastKey) {
        return lastKey == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    static String cursorKey(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw bad("after", "is not a cursor this listing returned");
        }
    }

    /** {@code LOW..HIGH}, {@code LOW..}, {@code ..HIGH}, or one value for exactly it. */
    static <T extends Comparable<? super T>> Range<T> range(String name, String text, Function<String, T> parser) {
        int dots = text.indexOf("..");
        String low = dots < 0 ? text : text.substring(0, dots);
        String high = dots < 0 ? text : text.substring(dots + 2);
        try {
            return new Range<>(low.isEmpty() ? null : parse(name, low, parser), high.isEmpty() ? null : parse(name, high, parser));
        } catch (IllegalArgumentException e) { // a range with no end, or its start past its end
            throw bad(name, "is not a range: " + e.getMessage());
        }
    }

    private static <T> T parse(String name, String text, Function<String, T> parser) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw bad(name, "cannot read '" + text + "'");
        }
    }

    private static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    private static Long instant(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw bad(name, "is given " + values.size() + " times; it takes one value");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static StoreException bad(String parameter, String problem) {
        return StoreException.badRequest("parameter '" + parameter + "' " + problem);
    }

    /** For tests: a parameter map from name=value pairs. */
    static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> params = new HashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        return params;
    }
}
