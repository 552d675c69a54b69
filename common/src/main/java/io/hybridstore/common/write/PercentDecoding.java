package io.hybridstore.common.write;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of text from a request line, strictly: the one loop behind {@link KeyPaths} (the
 * JSON, blob and admin APIs) and the S3 listener's path and query. {@code raw} holds one char per byte
 * of the request line, as the HTTP layer reads it (ISO-8859-1), so raw UTF-8 on the wire decodes like
 * its escapes. A malformed escape, a char no request line carries, or bytes that are not UTF-8 name
 * nothing: {@link Malformed}, which each API turns into its own 400. Why not {@code URLDecoder}: it
 * turns bytes that are not UTF-8 into U+FFFD and goes on. Pure.
 */
public final class PercentDecoding {

    /** What is wrong with the text; {@link #at} is the index in it of the offending char (-1 for {@link Problem#NOT_UTF8}). */
    public static final class Malformed extends IllegalArgumentException {
        private final Problem problem;
        private final int at;

        Malformed(Problem problem, int at) {
            super(problem + " at " + at);
            this.problem = problem;
            this.at = at;
        }

        public Problem problem() {
            return problem;
        }

        public int at() {
            return at;
        }
    }

    public enum Problem {
        /** A '%' not followed by two hex digits. */
        MALFORMED_ESCAPE,
        /** A char above U+00FF, which a request line read one byte per char cannot hold. */
        WIDE_CHAR,
        /** The decoded bytes are not UTF-8. */
        NOT_UTF8
    }

    private PercentDecoding() {
    }

    /** The bytes {@code raw} stands for, escapes decoded; '+' a space when {@code plusIsSpace} (a form's query). */
    public static byte[] bytes(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0) {
                    throw new Malformed(Problem.MALFORMED_ESCAPE, i);
                }
                out.write(high * 16 + low);
                i += 2;
            } else if (c > 0xFF) {
                throw new Malformed(Problem.WIDE_CHAR, i);
            } else {
                out.write(c == '+' && plusIsSpace ? ' ' : c);
            }
        }
        return out.toByteArray();
    }

    /** {@code bytes} as UTF-8, refusing what is not. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(Problem.NOT_UTF8, -1);
        }
    }

    /** {@link #bytes} then {@link #utf8}. */
    public static String decode(String raw, boolean plusIsSpace) {
        return utf8(bytes(raw, plusIsSpace));
    }
}
