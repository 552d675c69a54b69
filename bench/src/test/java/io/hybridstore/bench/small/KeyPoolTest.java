package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    @Test
    void picksOnlyKeysAddedAndKeepsNoMoreThanItsCapacity() {
        KeyPool pool = new KeyPool(3);
        SplittableRandom random = new SplittableRandom(1);
        assertNull(pool.any(random));
        for (String k : new String[] {"a", "b", "c", "d"}) {
            pool.add(k);
        }
        assertEquals(3, pool.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(pool.any(random));
        }
        assertEquals(Set.of("a", "b", "c"), seen);
        assertTrue(!seen.contains("d"));
    }
}
