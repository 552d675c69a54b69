package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyScaleTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static KeyScale decimal() {
        KeyScale scale = new KeyScale(4, false);
        scale.learn(b("obj/0123456789"));
        return scale;
    }

    @Test
    void decimalKeysAreTheirOwnDecimalFractions() {
        KeyScale scale = decimal();
        assertEquals(10, scale.radix());
        assertEquals(0.0199950, scale.fraction(b("obj/0199950"), 4), 1e-12);
        assertEquals(0.99950, scale.fraction(b("obj/0199950"), 6), 1e-12, "within the block of obj/01");
        // A byte above every digit is the next unit of the place before: obj/0199: is where obj/02 starts.
        assertEquals(scale.fraction(b("obj/02"), 4), scale.fraction(b("obj/0199:"), 4), 1e-12);
        // strictly after a key (NUL, never seen) is the key's own place
        assertEquals(scale.fraction(b("obj/0199950"), 4), scale.fraction(b("obj/0199950\0"), 4), 0);
        assertArrayEquals(b("obj/02039"), scale.key(b("obj/0199950"), 4, 0.020394, 5));
        assertArrayEquals(b("obj/0199999"), scale.key(b("obj/01"), 6, 0.99999999, 5));
        assertEquals(5, scale.digitsFor(1e-5));
        assertEquals(1, scale.digitsFor(0.5));
    }

    @Test
    void aFilledScaleTakesTheBytesInNarrowGapsAsSeen() {
        KeyScale filled = new KeyScale(4, true);
        filled.learn(b("obj/0599578")); // five digits of ten: the gaps 1-4 and 6 are filled
        assertEquals(10, filled.radix());
        KeyScale exact = new KeyScale(4, false);
        exact.learn(b("obj/0599578"));
        assertEquals(5, exact.radix());
    }

    @Test
    void aLaterKeyNeverHasASmallerFraction() {
        Random random = new Random(21);
        int compared = 0;
        for (int trial = 0; trial < 200; trial++) {
            KeyScale scale = new KeyScale(1, trial % 2 == 0);
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] key = new byte[1 + random.nextInt(6)];
                random.nextBytes(key);
                key[0] = 'p';
                for (int j = 1; j < key.length; j++) {
                    key[j] = (byte) (trial % 4 < 2 ? '0' + Math.floorMod(key[j], 10) : key[j]); // digits, or any bytes
                }
                keys.add(key);
                if (i % 3 == 0) {
                    scale.learn(key); // some keys hold bytes the scale never saw
                }
            }
            keys.sort(Arrays::compareUnsigned);
            for (int i = 1; i < keys.size(); i++) {
                assertTrue(scale.fraction(keys.get(i - 1), 1) <= scale.fraction(keys.get(i), 1));
                compared++;
            }
        }
        assertEquals(200 * 49, compared);
    }
}
