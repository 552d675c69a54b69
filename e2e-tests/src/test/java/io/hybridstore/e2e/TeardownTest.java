package io.hybridstore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared {@code @AfterAll}: the order given, nulls passed over, every close tried, the first failure thrown. */
class TeardownTest {

    @Test
    void closesInTheOrderGivenPassingOverWhatWasNeverOpened() throws Exception {
        List<String> closed = new ArrayList<>();
        Teardown.close(() -> closed.add("client"), null, () -> closed.add("cluster"), () -> closed.add("apps"));
        assertEquals(List.of("client", "cluster", "apps"), closed);
    }

    @Test
    void aFailingCloseDoesNotKeepTheLaterOnesOpen() {
        List<String> closed = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("cluster would not stop");
        IllegalStateException second = new IllegalStateException("apps locked");
        Exception thrown = assertThrows(Exception.class, () -> Teardown.close(() -> {
            closed.add("cluster");
            throw first;
        }, () -> {
            closed.add("apps");
            throw second;
        }, () -> closed.add("etcd")));
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of("cluster", "apps", "etcd"), closed);
    }
}
