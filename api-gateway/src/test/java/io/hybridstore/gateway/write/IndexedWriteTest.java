package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.gateway.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The write path copies the declared fields' values into the record, and the store indexes them in the same commit. */
class IndexedWriteTest {

    private final Fixture f = new Fixture();
    private final ObjectWriter writer = new ObjectWriter(f.metadata, f.nodes,
            new NodeFanOut(f.store, f.executor, new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20), f.time),
            new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256), List.of("owner", "score", "missing")), f.clock, f.metrics);

    @Test
    void aWriteCarriesItsIndexedValuesAndTheirEntries() {
        writer.apply("k", Fixture.doc("{\"owner\":\"ada\",\"score\":2.50,\"bio\":\"" + "b".repeat(400) + "\"}"), new Version(0, 1),
                new Timings());
        ObjectMetadata record = f.meta("k");
        assertEquals(Map.of("owner", "ada", "score", "2.5"), record.indexedFields());
        assertEquals(IndexEntries.of(record), Set.copyOf(f.metadata.indexEntries("", ScanStart.at(""), 100)));
        assertTrue(f.metadata.indexEntries("field/owner/ada/", ScanStart.at("field/owner/ada/"), 10).contains("field/owner/ada/k"));

        writer.apply("k", Fixture.doc("{\"owner\":\"bob\"}"), new Version(0, 2), new Timings());
        assertEquals(Map.of("owner", "bob"), f.meta("k").indexedFields());
        assertEquals(IndexEntries.of(f.meta("k")), Set.copyOf(f.metadata.indexEntries("", ScanStart.at(""), 100)),
                "the overwrite replaced the old values' entries");
    }

    @Test
    void moreThanEightIndexedFieldsIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256),
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")));
    }
}
