package io.hybridstore.common.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.JsonBuffers;
import io.hybridstore.common.model.ModelJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of the usage counters' values in etcd: a write's delta, a prefix's totals, a content's
 * references. They were JSON: a new document's delta was ~330 bytes (its counter names spelled out,
 * its two contents as 66-70 hex characters each), and with the references the fold writes for it,
 * they more than doubled what etcd wrote to its WAL per document write (docs/benchmarks.md, session
 * 34: 2,728 bytes per write with them, 1,271 without).
 *
 * <p>The format is one byte {@link #COMPACT_V1}, then CBOR (Jackson's CBOR generator: standard,
 * minimal-length integers, byte strings):
 * <ul>
 *   <li>counts: a map of counter to value, a counter named by its number in {@link #NAMES} when it
 *       has one, else by its name (so a counter added later is stored before it has a number);</li>
 *   <li>a delta: an array of the object key, the counts, and per reference an array of content,
 *       bytes, change;</li>
 *   <li>a content: a byte string when it has the form {@link UsageDelta} gives it (0 then the hash's
 *       32 bytes for a hot part; 1, the hash, k and m for a cold part), else its name as text;</li>
 *   <li>references: an array of count and bytes.</li>
 * </ul>
 * Values written as JSON before this format existed start with '{' and are read as JSON; the next
 * fold that touches a total or a reference writes it in this form. Pure: bytes in, values out.
 *
 * <p>By hand on Jackson's streaming CBOR rather than databind on records: the numbered counters and
 * the packed contents are the saving, and a mapping for them would be as long as this.
 */
public final class UsageCodec {

    /** The first byte of a compact value; JSON values start with '{'. */
    public static final byte COMPACT_V1 = 0x01;

    /**
     * Counter numbers: a position here. Append new counters; never reorder or remove (stored values
     * hold the numbers). {@code UsageCodecTest} checks that every counter the model names has one.
     */
    static final List<String> NAMES = List.of(
            "document.in_progress.objects", "document.in_progress.bytes", "document.clean.objects", "document.clean.bytes",
            "document.dirty.objects", "document.dirty.bytes", "document.lost.objects", "document.lost.bytes",
            "document.deleted.objects", "document.deleted.bytes", "document.physical",
            "blob.in_progress.objects", "blob.in_progress.bytes", "blob.clean.objects", "blob.clean.bytes",
            "blob.dirty.objects", "blob.dirty.bytes", "blob.lost.objects", "blob.lost.bytes",
            "blob.deleted.objects", "blob.deleted.bytes", "blob.physical",
            UsageCounts.DEDUP_SAVED);

    private static final Map<String, Integer> NUMBERS = numbers();
    private static final byte HOT_CONTENT = 0;
    private static final byte COLD_CONTENT = 1;
    private static final HexFormat HEX = HexFormat.of();
    private static final CBORFactory CBOR = CBORFactory.builder().recyclerPool(JsonBuffers.pool()).build();

    private UsageCodec() {
    }

    public static byte[] encode(UsageDelta delta) {
        return write(delta.key(), out -> {
            out.writeStartArray(delta, 3);
            out.writeString(delta.key());
            writeCounts(out, delta.counts());
            out.writeStartArray(delta.refs(), delta.refs().size());
            for (ContentRef ref : delta.refs()) {
                out.writeStartArray(ref, 3);
                writeContent(out, ref.content());
                out.writeNumber(ref.bytes());
                out.writeNumber(ref.change());
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndArray();
        });
    }

    public static byte[] encode(UsageCounts counts) {
        return write("usage totals", out -> writeCounts(out, counts));
    }

    public static byte[] encode(UsageFold.References references) {
        return write("reference counts", out -> {
            out.writeStartArray(references, 2);
            out.writeNumber(references.count());
            out.writeNumber(references.bytes());
            out.writeEndArray();
        });
    }

    /** A delta from its stored bytes, compact or JSON; {@code what} names it in the error. */
    public static UsageDelta delta(byte[] stored, String what) {
        if (isJson(stored)) {
            return ModelJson.fromBytes(stored, UsageDelta.class);
        }
        return read(stored, what, in -> {
            expect(in, JsonToken.START_ARRAY);
            String key = text(in);
            UsageCounts counts = readCounts(in);
            expect(in, JsonToken.START_ARRAY);
            List<ContentRef> refs = new ArrayList<>(2);
            while (in.nextToken() == JsonToken.START_ARRAY) {
                String content = readContent(in);
                long bytes = number(in);
                int change = Math.toIntExact(number(in));
                expect(in, JsonToken.END_ARRAY);
                refs.add(new ContentRef(content, bytes, change));
            }
            expect(in, JsonToken.END_ARRAY);
            return new UsageDelta(key, counts, refs);
        });
    }

    public static UsageCounts counts(byte[] stored, String what) {
        if (isJson(stored)) {
            return ModelJson.fromBytes(stored, UsageCounts.class);
        }
        return read(stored, what, UsageCodec::readCounts);
    }

    public static UsageFold.References references(byte[] stored, String what) {
        if (isJson(stored)) {
            return ModelJson.fromBytes(stored, UsageFold.References.class);
        }
        return read(stored, what, in -> {
            expect(in, JsonToken.START_ARRAY);
            UsageFold.References references = new UsageFold.References(number(in), number(in));
            expect(in, JsonToken.END_ARRAY);
            return references;
        });
    }

    private static void writeCounts(JsonGenerator out, UsageCounts counts) throws IOException {
        out.writeStartObject(counts, counts.values().size());
        for (Map.Entry<String, Long> counter : counts.values().entrySet()) {
            Integer number = NUMBERS.get(counter.getKey());
            if (number == null) {
                out.writeFieldName(counter.getKey());
            } else {
                out.writeFieldId(number);
            }
            out.writeNumber(counter.getValue());
        }
        out.writeEndObject();
    }

    private static UsageCounts readCounts(JsonParser in) throws IOException {
        expect(in, JsonToken.START_OBJECT);
        TreeMap<String, Long> values = new TreeMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            // An integer key arrives as its decimal text; a counter's name always has a letter.
            String counter = name.chars().allMatch(Character::isDigit) ? nameOf(Integer.parseInt(name)) : name;
            values.put(counter, number(in));
        }
        if (in.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("counts end with " + in.currentToken());
        }
        return new UsageCounts(values);
    }

    private static void writeContent(JsonGenerator out, String content) throws IOException {
        byte[] packed = pack(content);
        if (packed != null) {
            out.writeBinary(packed);
        } else {
            out.writeString(content); // any other name, kept as it is
        }
    }

    /**
     * The content's packed bytes, or null when it has no packed form that unpacks to exactly it
     * ({@code h-} or {@code c-} and 64 lower-case hex digits; a cold part's k and m below 256, in
     * decimal without leading zeros). Checked by hand, not by a regular expression and a round trip:
     * those made the compact delta dearer to write than its JSON (UsageValuesBenchmark).
     */
    private static byte[] pack(String content) {
        boolean hot = content.startsWith("h-") && content.length() == 66;
        boolean cold = content.startsWith("c-") && content.length() >= 70 && content.length() <= 74 && content.charAt(66) == '-';
        if (!hot && !cold || !lowerHex(content, 2, 66)) {
            return null;
        }
        byte[] packed = new byte[hot ? 33 : 35];
        packed[0] = hot ? HOT_CONTENT : COLD_CONTENT;
        for (int i = 0; i < 32; i++) {
            packed[1 + i] = (byte) HexFormat.fromHexDigits(content, 2 + 2 * i, 4 + 2 * i);
        }
        if (cold) {
            int dash = content.indexOf('-', 67);
            int k = dash < 0 ? -1 : smallNumber(content, 67, dash);
            int m = dash < 0 ? -1 : smallNumber(content, dash + 1, content.length());
            if (k < 0 || m < 0) {
                return null;
            }
            packed[33] = (byte) k;
            packed[34] = (byte) m;
        }
        return packed;
    }

    private static boolean lowerHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@code text[from, to)} as a number below 256 written without leading zeros, or -1. */
    private static int smallNumber(String text, int from, int to) {
        if (to - from < 1 || to - from > 3 || to - from > 1 && text.charAt(from) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < 256 ? n : -1;
    }

    private static String unpack(byte[] packed) {
        if (packed.length == 33 && packed[0] == HOT_CONTENT) {
            return "h-" + HEX.formatHex(packed, 1, 33);
        }
        if (packed.length == 35 && packed[0] == COLD_CONTENT) {
            return "c-" + HEX.formatHex(packed, 1, 33) + "-" + Byte.toUnsignedInt(packed[33]) + "-" + Byte.toUnsignedInt(packed[34]);
        }
        return null;
    }

    private static String readContent(JsonParser in) throws IOException {
        JsonToken token = in.nextToken();
        if (token == JsonToken.VALUE_STRING) {
            return in.getText();
        }
        if (token != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw new IOException("a content is a name or packed bytes, not " + token);
        }
        byte[] packed = in.getBinaryValue();
        String content = unpack(packed);
        if (content == null) {
            throw new IOException("packed content of " + packed.length + " bytes, kind " + (packed.length == 0 ? "none" : packed[0]));
        }
        return content;
    }

    private static String nameOf(int number) throws IOException {
        if (number < 0 || number >= NAMES.size()) {
            throw new IOException("no counter numbered " + number + " (a newer version's?)");
        }
        return NAMES.get(number);
    }

    private static String text(JsonParser in) throws IOException {
        expect(in, JsonToken.VALUE_STRING);
        return in.getText();
    }

    private static long number(JsonParser in) throws IOException {
        expect(in, JsonToken.VALUE_NUMBER_INT);
        return in.getLongValue();
    }

    private static void expect(JsonParser in, JsonToken token) throws IOException {
        JsonToken found = in.nextToken();
        if (found != token) {
            throw new IOException("expected " + token + ", found " + found);
        }
    }

    /**
     * Whether this version knows the format of {@code stored} (compact or JSON): a value it knows and
     * cannot read is damaged; one it does not know is a newer version's, for that version to read.
     */
    public static boolean knowsFormat(byte[] stored) {
        return stored.length > 0 && (stored[0] == COMPACT_V1 || stored[0] == '{');
    }

    private static boolean isJson(byte[] stored) {
        return stored.length > 0 && stored[0] == '{';
    }

    @FunctionalInterface
    private interface Writing {
        void to(JsonGenerator out) throws IOException;
    }

    @FunctionalInterface
    private interface Reading<T> {
        T from(JsonParser in) throws IOException;
    }

    private static byte[] write(String what, Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        bytes.write(COMPACT_V1);
        try (JsonGenerator out = CBOR.createGenerator(bytes)) {
            writing.to(out);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot encode " + what, e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] stored, String what, Reading<T> reading) {
        if (stored.length == 0 || stored[0] != COMPACT_V1) {
            throw new StoreException(ErrorCode.CORRUPT, what + ": unknown format "
                    + (stored.length == 0 ? "(empty)" : String.format("0x%02x", stored[0])));
        }
        try (JsonParser in = CBOR.createParser(stored, 1, stored.length - 1)) {
            T value = reading.from(in);
            if (in.nextToken() != null) {
                throw new IOException("bytes after the value");
            }
            return value;
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw new StoreException(ErrorCode.CORRUPT, what + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> numbers() {
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            numbers.put(NAMES.get(i), i);
        }
        return Map.copyOf(numbers);
    }
}
