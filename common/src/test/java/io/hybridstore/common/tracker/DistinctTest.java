package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ChunkLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pairwise check agrees with a set's, for the few copies of a part and for many. */
class DistinctTest {

    @Test
    void agreesWithASetWhereverTheRepeatIs() {
        int lists = 0;
        int repeated = 0;
        for (int n = 0; n <= 20; n++) {
            List<ChunkLocation> copies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                copies.add(new ChunkLocation(i, "node-" + i, "c-" + i, 1));
            }
            assertEquals(true, Distinct.all(copies), "n " + n);
            lists++;
            for (int at = 0; at < n; at++) {
                for (int of = 0; of < n; of++) {
                    if (at == of) {
                        continue;
                    }
                    List<ChunkLocation> twice = new ArrayList<>(copies);
                    twice.set(at, new ChunkLocation(of, "node-" + of, "c-" + of, 1)); // equal, not the same object
                    assertEquals(new HashSet<>(twice).size() == n, Distinct.all(twice), n + " " + at + " " + of);
                    assertEquals(false, Distinct.all(twice));
                    lists++;
                    repeated++;
                }
            }
        }
        assertEquals(2_681, lists, "21 distinct lists and every (place, copy) repeat of each length");
        assertEquals(2_660, repeated);
    }
}
