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
        assertEquals(1200 * 3 + 400, clean.entries(), "a clean JSON document: kind, size, modified, and its tags");

        store.corruptIndex(List.of("tag/blue/k0001", "tag/red/nobody"), List.of("tag/red/k0003", "kind/document/k1100"));
        IndexAudit.Report broken = audit.compare();
        assertEquals(2, broken.missing(), broken.toString());
        assertEquals(2, broken.orphans(), broken.toString());
        assertEquals(0, broken.retired(), "neither orphan is of a retired value");
        assertEquals(0, broken.repaired());
        assertTrue(broken.samples().containsAll(List.of("missing kind/document/k1100", "missing tag/red/k0003",
                "orphan tag/blue/k0001", "orphan tag/red/nobody")), broken.samples().toString());
        assertFalse(broken.consistent());

        IndexAudit.Report rebuilt = audit.rebuild();
        assertEquals(4, rebuilt.repaired(), rebuilt.toString());
        assertTrue(audit.compare().consistent());
    }

    @Test
    void theEntriesOfAStoreWrittenBeforeTheSparseFamiliesAreOrphansTheRebuildRemoves() {
        for (int i = 0; i < 600; i++) {
            store.commitIfNewer(Records.document(String.format("k%04d", i), Set.of()));
        }
        // What every clean JSON document carried before: a state entry and a type entry.
        List<String> older = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            older.add(String.format("state/clean/k%04d", i));
            older.add(String.format("type/application%%2Fjson/k%04d", i));
        }
        store.corruptIndex(older, List.of());
        IndexAudit audit = new IndexAudit(store);
        IndexAudit.Report before = audit.compare();
        assertEquals(0, before.missing(), "the new entries are a subset of the old: nothing a filter relies on is absent");
        assertEquals(1200, before.orphans(), before.toString());
        assertEquals(1200, before.retired(), "every orphan is one the older rule wrote");
        assertEquals(1200, audit.rebuild().repaired());
        IndexAudit.Report after = audit.compare();
        assertTrue(after.consistent(), after.toString());
        assertEquals(600 * 3, after.entries());
    }
}
