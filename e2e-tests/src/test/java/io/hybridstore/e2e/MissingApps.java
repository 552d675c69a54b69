package io.hybridstore.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hybridstore.cluster.RequiredApps;

/**
 * What an end-to-end suite does when an app jar it needs is not built: under CI or {@code make test}
 * ({@link RequiredApps#required()}) the build that ran this test packaged every app, so a missing jar
 * is a packaging regression and the test fails; in a local {@code ./mvnw -pl e2e-tests verify} with
 * only some apps built, it is skipped so the other suites still run.
 */
public final class MissingApps {
    private MissingApps() {
    }

    /** Fails (CI, make test) or skips (elsewhere) the calling test unless {@code present}. */
    public static void check(boolean present, String what) {
        check(present, what, RequiredApps.required());
    }

    static void check(boolean present, String what, boolean required) {
        if (present) {
            return;
        }
        if (required) {
            fail(what + ". Under " + RequiredApps.reason() + " a missing app jar is a packaging regression, not a reason to skip"
                    + " (build them: ./mvnw -B -DskipTests install)");
        }
        assumeTrue(false, what + ": skipped (under CI=true or -D" + RequiredApps.PROPERTY + "=true this fails)");
    }
}
