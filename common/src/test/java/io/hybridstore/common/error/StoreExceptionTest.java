package io.hybridstore.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreExceptionTest {

    @Test
    void aNotFoundIsAnAnswerWithoutAStackTraceEveryOtherKeepsIts() {
        StoreException missing = StoreException.notFound("no object k");
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertEquals("no object k", missing.getMessage());
        assertEquals(0, missing.getStackTrace().length);

        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.NOT_FOUND) {
                assertTrue(new StoreException(code, "m").getStackTrace().length > 0, code + " keeps its stack trace");
            }
        }
        IllegalStateException cause = new IllegalStateException("etcd away");
        StoreException wrapped = new StoreException(ErrorCode.NOT_FOUND, "gone", cause);
        assertSame(cause, wrapped.getCause());
        assertTrue(wrapped.getStackTrace().length > 0, "one with a cause says where it was wrapped");
    }

    @Test
    void suppressedFailuresAreStillKeptAndTheCodeIsRequired() {
        StoreException missing = StoreException.notFound("no object k");
        missing.addSuppressed(new IllegalStateException("cleanup failed"));
        assertEquals(1, missing.getSuppressed().length);
        assertThrows(NullPointerException.class, () -> new StoreException(null, "m"));
    }
}
