package io.hybridstore.cluster;

import java.util.Locale;

/**
 * Whether a missing app jar is a failure or a reason to skip. Under CI ({@code CI=true}) and under
 * {@code make test} (which passes {@code -D}{@value #PROPERTY}{@code =true}) every app was just packaged
 * by the same build, so a missing jar is a packaging regression and must fail the end-to-end tests.
 * Elsewhere, e.g. {@code ./mvnw -pl e2e-tests verify} with only some apps built, suites that need an
 * absent jar are skipped so the others still run.
 */
public final class RequiredApps {
    /** System property that makes missing app jars fail; the e2e-tests pom forwards it to the test JVM. */
    public static final String PROPERTY = "hybridstore.requireApps";
    /** The environment variable CI services set. */
    public static final String CI_ENV = "CI";

    private RequiredApps() {
    }

    /** True under CI or with {@code -Dhybridstore.requireApps=true}. */
    public static boolean required() {
        return required(System.getenv(CI_ENV), System.getProperty(PROPERTY));
    }

    static boolean required(String ciEnv, String property) {
        return isTrue(ciEnv) || isTrue(property);
    }

    /** Why a missing jar fails here, for the message of the failing test. */
    public static String reason() {
        return isTrue(System.getenv(CI_ENV)) ? "CI=true" : "-D" + PROPERTY + "=true";
    }

    private static boolean isTrue(String value) {
        return value != null && (value.strip().toLowerCase(Locale.ROOT).equals("true") || value.strip().equals("1"));
    }
}
