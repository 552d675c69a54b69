package io.hybridstore.healer;

import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.healer.infra.Backend;
import java.util.function.BooleanSupplier;

/** {@link HealerAppTest}'s helpers for the wiring tests of other packages. */
public final class HealerAppTestAccess {

    private HealerAppTestAccess() {
    }

    public static ObjectMetadata write(Backend backend, String key) throws Exception {
        return HealerAppTest.write(backend, key);
    }

    public static void waitUntil(BooleanSupplier condition, String what) {
        HealerAppTest.waitUntil(condition, what);
    }
}
