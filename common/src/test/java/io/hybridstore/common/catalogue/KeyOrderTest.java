package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void ordersAsUtf8BytesDo() {
        List<String> keys = new ArrayList<>(List.of("b", "a", "a/", "a\uffff", "a\ud83d\ude00", "a\u00e9", "", "A", "a b"));
        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        keys.sort(KeyOrder.UTF8);
        assertEquals(byBytes, keys);
        assertTrue("a\uffff".compareTo("a\ud83d\ude00") > 0, "UTF-16 order differs here, which is why KeyOrder exists");
    }

    @Test
    void prefixEndIsThePrefixWithItsLastByteRaised() {
        assertArrayEquals("a0".getBytes(StandardCharsets.UTF_8), KeyOrder.prefixEnd("a/"));
        assertArrayEquals(new byte[0], KeyOrder.prefixEnd(""));
    }

    @Test
    void startsAdmitWhatFollowsThem() {
        assertTrue(ScanStart.at("a").admits("a"));
        assertFalse(ScanStart.after("a").admits("a"));
        assertTrue(ScanStart.after("a").admits("a/"));
        assertFalse(ScanStart.pastPrefix("a/").admits("a/b"));
        assertTrue(ScanStart.pastPrefix("a/").admits("a0"));
    }
}
