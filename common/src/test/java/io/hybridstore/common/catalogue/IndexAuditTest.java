package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexAuditTest {

    private final InMemoryMetadataStore store = new InMemoryMetadataStore();

    @Test
    void comparesFindsMissingAndOrphanEntriesAndRebuildMendsThem() {
        for (int i = 0; i < 1200; i++) { // more than two pages of records and of entries
            store.commitIfNewer(Records.document(String.format("k%04d", i), i % 3 == 0 ? Set.of("red") : Set.of()));
        }
        IndexAudit audit = new IndexAudit(store);
        IndexAudit.Report clean = audit.compare();
        assertTrue(clean.consistent(), clean.toString());
        assertEquals(1200, clean.records());
        assertEquals(1200 * 5 + 400, clean.entries());

        store.corruptIndex(List.of("tag/blue/k0001", "tag/red/nobody"), List.of("tag/red/k0003", "state/clean/k1100"));
        IndexAudit.Report broken = audit.compare();
        assertEquals(2, broken.missing(), broken.toString());
        assertEquals(2, broken.orphans(), broken.toString());
        assertEquals(0, broken.repaired());
        assertTrue(broken.samples().containsAll(List.of("missing state/clean/k1100", "missing tag/red/k0003",
                "orphan tag/blue/k0001", "orphan tag/red/nobody")), broken.samples().toString());
        assertFalse(broken.consistent());

        IndexAudit.Report rebuilt = audit.rebuild();
        assertEquals(4, rebuilt.repaired(), rebuilt.toString());
        assertTrue(audit.compare().consistent());
    }
}
