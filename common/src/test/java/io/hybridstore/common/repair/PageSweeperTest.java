package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.ManualTimeSource.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The page sweep's decisions on a fake clock, over a store whose page owners a test sets: which keys
 * it sweeps (those whose pages were put longer than the grace ago), and how it pages through them.
 * The sweep itself, against etcd, is in cluster-io's EtcdStripePagesTest.
 */
class PageSweeperTest {

    private final ManualClock clock = new ManualTimeSource(10_000_000).clock();
    private final TreeMap<String, Long> owners = new TreeMap<>();
    private final List<String> swept = new ArrayList<>();
    private final MetadataStore store = new ForwardingMetadataStore(new InMemoryMetadataStore()) {
        @Override
        public List<PageOwner> pageOwners(String afterCursor, int limit) {
            var after = afterCursor == null ? owners : owners.tailMap(afterCursor, false);
            return after.entrySet().stream().limit(limit).map(e -> new PageOwner(e.getKey(), e.getKey(), e.getValue())).toList();
        }

        @Override
        public int sweepPages(String key) {
            swept.add(key);
            return 2;
        }
    };

    @Test
    void keysWhosePagesAreOlderThanTheGraceAreSweptAFewPerPassRoundAndRound() {
        for (String key : new String[] {"a", "b", "c", "d", "e"}) {
            owners.put(key, clock.millis());
        }
        clock.advance(Duration.ofMinutes(90));
        owners.put("c", clock.millis()); // a write putting pages just now
        PageSweeper sweeper = new PageSweeper(store, clock, Duration.ofHours(1), 2);

        assertEquals(4, sweeper.sweep());
        assertEquals(List.of("a", "b"), swept);
        assertEquals(2, sweeper.sweep(), "c is younger than the grace");
        assertEquals(List.of("a", "b", "d"), swept);
        assertEquals(2, sweeper.sweep());
        assertEquals(List.of("a", "b", "d", "e"), swept);
        sweeper.sweep(); // from the first again
        assertEquals(List.of("a", "b", "d", "e", "a", "b"), swept);
    }
}
