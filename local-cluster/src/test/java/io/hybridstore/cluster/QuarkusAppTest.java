package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line an app of the local cluster is started with. */
class QuarkusAppTest {

    @TempDir
    Path dir;

    private List<String> command(Role role, String... javaOpts) {
        Layout.Slot slot = new Layout.Slot(role == Role.STORAGE_NODE ? "node-1" : "gateway-1", role, 8080, 0, "");
        return new QuarkusApp(slot, dir.resolve("app.jar"), dir.resolve("member"), Map.of(), List.of(javaOpts),
                dir.resolve("app.log"), dir.resolve("app.pid")).command();
    }

    @Test
    void storageNodesRunC1OnlyAndTheOtherAppsTheFullJit() {
        List<String> node = command(Role.STORAGE_NODE);
        assertTrue(node.contains("-XX:TieredStopAtLevel=1"), node.toString());
        for (Role role : List.of(Role.GATEWAY, Role.HEALER)) {
            List<String> other = command(role);
            assertFalse(other.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")), role + ": " + other);
        }
    }

    @Test
    void extraOptionsComeAfterTheDefaultsSoTheyWin() {
        List<String> node = command(Role.STORAGE_NODE, "-XX:TieredStopAtLevel=4");
        assertTrue(node.lastIndexOf("-XX:TieredStopAtLevel=4") > node.indexOf("-XX:TieredStopAtLevel=1"));
        assertEquals("-jar", node.get(node.size() - 2));
    }
}
