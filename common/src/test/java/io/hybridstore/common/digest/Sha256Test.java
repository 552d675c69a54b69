package io.hybridstore.common.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** FIPS 180-2's examples: nothing, one block, and a message that takes two blocks. */
    @Test
    void knownAnswers() {
        assertEquals(EMPTY, Sha256.hex(new byte[0]));
        assertEquals(ABC, Sha256.hex(ascii("abc")));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256.hex(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        assertEquals(ABC, HexFormat.of().formatHex(Sha256.of(ascii("abc"))));
    }

    /** A digest fed piece by piece, as the blob paths and SigV4 streams use it, gives the whole message's hash. */
    @Test
    void aDigestFedInPiecesHashesTheWhole() {
        MessageDigest digest = Sha256.newDigest();
        digest.update(ascii("a"));
        digest.update(ascii("bc"));
        assertEquals(ABC, HexFormat.of().formatHex(digest.digest()));
        assertNotSame(digest, Sha256.newDigest());
        assertEquals(EMPTY, HexFormat.of().formatHex(Sha256.newDigest().digest()), "a new digest starts empty, whatever was fed to another");
    }

    /** Each call hashes with its own digest (cloned from a shared prototype): threads at once never mix their inputs. */
    @Test
    void manyThreadsAtOnceGetEachInputsOwnHash() throws Exception {
        byte[] abc = ascii("abc");
        byte[] empty = new byte[0];
        int threads = 8;
        int rounds = 2_000;
        AtomicInteger checked = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean even = t % 2 == 0;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        assertEquals(even ? ABC : EMPTY, Sha256.hex(even ? abc : empty));
                        checked.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(threads * rounds, checked.get());
    }
}
