package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules an app container's environment obeys in compose and in Kubernetes alike. Each check
 * returns how many env entries it looked at, so a test can assert that none was skipped.
 */
final class EnvRules {
    /** The base image's run-java.sh default when JAVA_MAX_MEM_RATIO is unset. */
    static final int DEFAULT_HEAP_PERCENT = 80;
    /** Left outside the heap: metaspace, thread stacks, Netty's direct buffers, the code cache. */
    static final long MIN_NON_HEAP_BYTES = 384L << 20;
    static final List<String> JVM_OPTION_VARS = List.of("JAVA_OPTS", "JAVA_OPTIONS", "JAVA_OPTS_APPEND");
    static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";

    private EnvRules() {
    }

    /** Names only: each is read by the app, none twice, the required ones present, the test-only ones absent. */
    static int checkNames(App app, List<String> names, String where) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            assertTrue(seen.add(name), where + ": " + name + " is set twice");
            assertTrue(app.reads(name), where + ": " + name + " is not read by " + app.module
                    + " (its names: " + new TreeSet<>(app.properties().keySet()) + ", plus QUARKUS_*, JAVA_*)");
        }
        for (String required : app.requiredInDeployment()) {
            assertTrue(seen.contains(required), where + ": required " + required + " is not set");
        }
        for (String forbidden : app.forbiddenInDeployment()) {
            assertFalse(seen.contains(forbidden), where + ": test-only " + forbidden + " is set");
        }
        return names.size();
    }

    /** The port the app listens on, from QUARKUS_HTTP_PORT. */
    static int httpPort(Map<String, String> literals, String where) {
        String port = literals.get("QUARKUS_HTTP_PORT");
        if (port == null) {
            fail(where + ": QUARKUS_HTTP_PORT needs a literal value (probes and ports are checked against it)");
        }
        return Integer.parseInt(port);
    }

    /** The gateway's S3 listener port, when the environment sets it (a literal: published ports are checked against it). */
    static java.util.Optional<Integer> s3Port(Map<String, String> literals) {
        return java.util.Optional.ofNullable(literals.get("GATEWAY_S3_PORT")).map(Integer::parseInt);
    }

    /**
     * The JVM: the codec's Vector API flag survives any override of the options, and the heap the
     * launcher derives from the memory limit leaves room for everything outside it.
     */
    static void checkJvm(Map<String, String> literals, long memoryLimitBytes, String where) {
        for (String var : JVM_OPTION_VARS) {
            String options = literals.get(var);
            if (options != null) {
                assertTrue(options.contains(VECTOR_FLAG), where + ": " + var + " replaces the image's options without "
                        + VECTOR_FLAG + " (the codec would fall back to its slow loop)");
                assertFalse(options.matches(".*-Xmx\\S*.*") && literals.containsKey("JAVA_MAX_MEM_RATIO"),
                        where + ": both -Xmx and JAVA_MAX_MEM_RATIO size the heap");
            }
        }
        int percent = Integer.parseInt(literals.getOrDefault("JAVA_MAX_MEM_RATIO", Integer.toString(DEFAULT_HEAP_PERCENT)));
        assertTrue(percent >= 25 && percent <= 75, where + ": heap " + percent + "% of the limit");
        long heap = memoryLimitBytes * percent / 100;
        assertTrue(memoryLimitBytes - heap >= MIN_NON_HEAP_BYTES, where + ": only " + ((memoryLimitBytes - heap) >> 20)
                + " MiB outside a " + (heap >> 20) + " MiB heap");
        assertTrue(heap >= 256L << 20, where + ": heap of " + (heap >> 20) + " MiB");
    }

    /** host:port pairs of a comma list of URLs or host:port entries, in order. */
    static List<String> hostPorts(String list) {
        return List.of(list.split(",")).stream().map(String::trim).map(e -> e.replaceFirst("^[a-z]+://", ""))
                .map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e).toList();
    }

    static void assertSameMembers(List<String> expected, String actualList, String where) {
        assertEquals(expected, hostPorts(actualList), where);
    }
}
