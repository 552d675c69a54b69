package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStatus;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One contract for the healer's state store, run against the in-memory fake and against etcd. */
class EtcdHealerStateContractTest {

    abstract static class Contract {
        abstract HealerStateStore store();

        @Test
        void cursorIsAbsentAtTheStartOfACycleAndKeptBetweenPasses() {
            HealerStateStore state = store();
            assertEquals(Optional.empty(), state.loadCursor());
            state.saveCursor("user:42");
            assertEquals(Optional.of("user:42"), state.loadCursor());
            state.saveCursor("user:43/with slash");
            assertEquals(Optional.of("user:43/with slash"), state.loadCursor());
            state.saveCursor(null);
            assertEquals(Optional.empty(), state.loadCursor());
        }

        @Test
        void statusRoundTrips() {
            HealerStateStore state = store();
            assertEquals(Optional.empty(), state.loadStatus());
            HealerStatus status = new HealerStatus("healer-1", true, 3, false, 10, 20, 18, 1, 1, 5, 0, 0, 2, 1, 1234, 90, 1, 3, 2, 1000, 40);
            state.saveStatus(status);
            assertEquals(Optional.of(status), state.loadStatus());
        }
    }

    @Nested
    class InMemory extends Contract {
        @Override
        HealerStateStore store() {
            return new HealerStateStore.InMemory();
        }
    }

    @Nested
    class Etcd extends Contract {
        @Override
        HealerStateStore store() {
            return new EtcdHealerState(ETCD.freshConnection());
        }
    }

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/state");
}
