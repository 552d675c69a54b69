package io.hybridstore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable resource(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name) {
        return () -> {
            closed.add(name);
            throw new IllegalStateException(name + " failed to close");
        };
    }

    @Test
    void aFailedBuildClosesWhatWasBuiltNewestFirst() {
        Closer closer = new Closer();
        closer.add(resource("etcd"));
        closer.add(resource("wal"));
        RuntimeException kafka = new RuntimeException("kafka constructor threw");
        assertSame(kafka, closer.closeAfter(kafka));
        assertEquals(List.of("wal", "etcd"), closed);
        assertEquals(0, kafka.getSuppressed().length);
        assertEquals(2, closer.closedCount());
    }

    @Test
    void everyResourceIsClosedEvenWhenSomeCloseThrows() {
        Closer closer = new Closer();
        closer.add(resource("etcd"));
        closer.add(failing("health"));
        closer.add(failing("wal"));
        Exception e = assertThrows(Exception.class, closer::close);
        assertEquals(List.of("wal", "health", "etcd"), closed);
        assertEquals("wal failed to close", e.getMessage());
        assertArrayEquals(new String[] {"health failed to close"},
                java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toArray(String[]::new));
        assertEquals(1, closer.closedCount());
    }

    @Test
    void closeFailuresDuringABuildFailureAreSuppressedOnTheBuildFailure() {
        Closer closer = new Closer();
        closer.add(resource("etcd"));
        closer.add(failing("wal"));
        closer.add(failing("health"));
        RuntimeException build = closer.closeAfter(new RuntimeException("node client threw"));
        assertEquals(List.of("health", "wal", "etcd"), closed);
        assertEquals(List.of("health failed to close", "wal failed to close"),
                java.util.Arrays.stream(build.getSuppressed()).map(Throwable::getMessage).toList());
    }

    @Test
    void closingTwiceClosesOnce() throws Exception {
        Closer closer = new Closer();
        closer.add(resource("etcd"));
        closer.close();
        closer.close();
        assertEquals(List.of("etcd"), closed);
    }
}
