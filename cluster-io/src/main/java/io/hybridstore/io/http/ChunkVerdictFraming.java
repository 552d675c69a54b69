package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code POST /chunks/_verify} ({@link ChunkApi#CHUNK_VERDICTS_MEDIA_TYPE}): one line
 * per chunk asked, in the order asked. Text, as the id lists it answers: a few bytes a chunk, no JSON
 * to write or read for the scrub's hundreds of ids a request.
 *
 * <pre>
 * verdicts = line*
 * line     = id SP ( "OK" SP crc32c | "CORRUPT" | "MISSING" | "FAILED" SP code ) LF
 * </pre>
 * {@code crc32c} is the CRC32C the node holds for the chunk, lower-case unpadded hex (as
 * {@link ChunkApi#CRC32C_HEADER}); CORRUPT means the node has quarantined the chunk; FAILED, that
 * the node could not check it, and {@code code} is an {@link ErrorCode} name (one this reader does
 * not know is INTERNAL). Pure: no network.
 */
public final class ChunkVerdictFraming {
    private static final String FAILED = "FAILED";

    private ChunkVerdictFraming() {
    }

    public static byte[] encode(List<VerifyOutcome> outcomes) {
        StringBuilder out = new StringBuilder(outcomes.size() * 80);
        for (VerifyOutcome outcome : outcomes) {
            out.append(outcome.chunkId()).append(' ');
            if (outcome.error() != null) {
                out.append(FAILED).append(' ').append(outcome.error().name());
            } else {
                out.append(outcome.result().name());
                if (outcome.result() == VerifyResult.OK) {
                    out.append(' ').append(outcome.crc32c());
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The outcomes of a whole answer, in order; one that breaks the framing is UNAVAILABLE (the node or the way failed). */
    public static List<VerifyOutcome> decode(byte[] answer, String what) {
        if (answer.length > 0 && answer[answer.length - 1] != '\n') {
            throw ChunkOutcomeFraming.broken(what, "the answer ends inside a line");
        }
        List<VerifyOutcome> outcomes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == '\n') {
                outcomes.add(line(new String(answer, start, i - start, StandardCharsets.US_ASCII), what));
                start = i + 1;
            }
        }
        return outcomes;
    }

    private static VerifyOutcome line(String line, String what) {
        String[] parts = line.split(" ", -1);
        if (parts.length < 2 || parts[0].isEmpty()) {
            parts = new String[] {"", ""}; // no id, or nothing after it: the default below refuses it
        }
        String id = parts[0];
        switch (parts[1]) {
            case "OK":
                if (parts.length == 3 && !parts[2].isEmpty()) {
                    return VerifyOutcome.checked(id, VerifyResult.OK, parts[2]);
                }
                break;
            case "CORRUPT":
            case "MISSING":
                if (parts.length == 2) {
                    return VerifyOutcome.checked(id, VerifyResult.valueOf(parts[1]), null);
                }
                break;
            case FAILED:
                if (parts.length == 3) {
                    return VerifyOutcome.failed(id, ChunkOutcomeFraming.code(parts[2]));
                }
                break;
            default:
                break;
        }
        throw ChunkOutcomeFraming.broken(what, "unreadable line '" + (line.length() > 100 ? line.substring(0, 100) + "..." : line) + "'");
    }
}
