package io.hybridstore.e2e;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.RequiredApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Under make test / CI a missing app jar fails the e2e suites; locally it skips them. */
class MissingAppsTest {

    @Test
    void aMissingJarFailsWhenRequiredAndSkipsOtherwise() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> MissingApps.check(false, "needs the api-gateway jar", true));
        assertTrue(failed.getMessage().startsWith("needs the api-gateway jar. Under "), failed.getMessage());
        assertTrue(failed.getMessage().contains("packaging regression"), failed.getMessage());

        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> MissingApps.check(false, "needs the api-gateway jar", false));
        assertTrue(skipped.getMessage().contains("needs the api-gateway jar: skipped"), skipped.getMessage());

        assertDoesNotThrow(() -> MissingApps.check(true, "present", true));
        assertDoesNotThrow(() -> MissingApps.check(true, "present", false));
    }

    @Test
    void thePomForwardsTheSwitchToTheTestJvm() {
        assertNotNull(System.getProperty(RequiredApps.PROPERTY),
                "the e2e-tests pom sets -D" + RequiredApps.PROPERTY + " for surefire (false unless make test / -D says true)");
    }

    @Test
    void makeTestRequiresTheApps() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("Makefile"))) {
            root = root.getParent();
        }
        Process make = new ProcessBuilder("make", "--no-print-directory", "-n", "test").directory(root.toFile())
                .redirectErrorStream(true).start();
        String recipe = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(make.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, make.exitValue(), recipe);
        assertTrue(recipe.contains("verify -D" + RequiredApps.PROPERTY + "=true"), recipe);
    }
}
