package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing app jar fails the shared cluster under CI / make test, and is skipped elsewhere. */
class RequiredAppsTest {

    @Test
    void requiredUnderCiOrWithTheProperty() {
        assertTrue(RequiredApps.required("true", null));
        assertTrue(RequiredApps.required("TRUE", "false"));
        assertTrue(RequiredApps.required("1", null));
        assertTrue(RequiredApps.required(null, "true"));
        assertTrue(RequiredApps.required("false", "true"));
        assertFalse(RequiredApps.required(null, null));
        assertFalse(RequiredApps.required("false", "false"));
        assertFalse(RequiredApps.required("", ""));
    }

    @Test
    void whenRequiredTheSharedClusterFailsNamingTheMissingJar(@TempDir Path checkout) throws Exception {
        Files.writeString(checkout.resolve("pom.xml"), "<module>local-cluster</module>");
        LocalClusterException e = assertThrows(LocalClusterException.class,
                () -> LocalCluster.sharedBuilder(true).repoRoot(checkout).baseDir(checkout.resolve("run")).build());
        assertTrue(e.getMessage().contains(RepoRoot.appJar(checkout, Role.STORAGE_NODE) + " does not exist"), e.getMessage());
    }

    @Test
    void otherwiseTheSharedClusterLeavesTheMissingAppsOut(@TempDir Path checkout) throws Exception {
        Files.writeString(checkout.resolve("pom.xml"), "<module>local-cluster</module>");
        LocalCluster cluster = LocalCluster.sharedBuilder(false).repoRoot(checkout).baseDir(checkout.resolve("run")).build();
        assertEquals(java.util.List.of("etcd", "kafka"), cluster.processNames());
    }
}
