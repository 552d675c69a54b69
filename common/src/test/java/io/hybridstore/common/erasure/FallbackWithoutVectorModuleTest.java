package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} must fall back to the reference
 * loop rather than fail with NoClassDefFoundError. Runs {@link Probe} in a child JVM.
 */
class FallbackWithoutVectorModuleTest {

    /** Encodes a fixed buffer and prints the loop used and the parity, hex-encoded. */
    public static final class Probe {
        public static void main(String[] args) {
            ReedSolomon rs = ReedSolomon.create(4, 2);
            byte[][] shards = rs.encode("hybridstore fallback probe".getBytes(StandardCharsets.UTF_8));
            System.out.println(rs.loop() + " " + HexFormat.of().formatHex(shards[4]) + HexFormat.of().formatHex(shards[5]));
        }
    }

    @Test
    void codecWorksWithoutTheVectorModule() throws Exception {
        String classpath = codeSource(ReedSolomon.class) + File.pathSeparator + codeSource(Probe.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath, Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), output);

        ReedSolomon inProcess = ReedSolomon.create(4, 2, CodingLoops.reference());
        byte[][] shards = inProcess.encode("hybridstore fallback probe".getBytes(StandardCharsets.UTF_8));
        String expected = "reference " + HexFormat.of().formatHex(shards[4]) + HexFormat.of().formatHex(shards[5]);
        assertEquals(expected, output.lines().reduce((first, last) -> last).orElse(""), output);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
