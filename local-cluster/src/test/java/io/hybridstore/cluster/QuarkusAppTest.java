package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line an app of the local cluster is started with, and the storage nodes', gateways' and healers' JIT and heap choices in it. */
class QuarkusAppTest {

    private static final List<Role> APPS = List.of(Role.STORAGE_NODE, Role.GATEWAY, Role.HEALER);

    @TempDir
    Path dir;

    /** With {@code jit} the nodes' choice and the gateways' the JVM's own (tiered). */
    private List<String> command(Role role, NodeJit jit, String... javaOpts) {
        return command(role, jit, NodeJit.TIERED, javaOpts);
    }

    /** With the healers' choice the JVM's own (tiered). */
    private List<String> command(Role role, NodeJit nodeJit, NodeJit gatewayJit, String... javaOpts) {
        return command(role, nodeJit, gatewayJit, NodeJit.TIERED, javaOpts);
    }

    /** With the nodes' and gateways' heap a test cluster's (small). */
    private List<String> command(Role role, NodeJit nodeJit, NodeJit gatewayJit, NodeJit healerJit, String... javaOpts) {
        return command(role, nodeJit, gatewayJit, healerJit, AppHeap.SMALL, AppHeap.SMALL, AppHeap.SMALL, javaOpts);
    }

    /** With every app's JIT the JVM's own (tiered), the healers' heap the default. */
    private List<String> heapCommand(Role role, AppHeap nodeHeap, AppHeap gatewayHeap, String... javaOpts) {
        return command(role, NodeJit.TIERED, NodeJit.TIERED, NodeJit.TIERED, nodeHeap, gatewayHeap, AppHeap.HEALER, javaOpts);
    }

    private List<String> command(Role role, NodeJit nodeJit, NodeJit gatewayJit, NodeJit healerJit, AppHeap nodeHeap, AppHeap gatewayHeap,
            AppHeap healerHeap, String... javaOpts) {
        Layout.Slot slot = new Layout.Slot(role == Role.STORAGE_NODE ? "node-1" : "gateway-1", role, 8080, 0, "");
        ClusterProcesses.Options options = new ClusterProcesses.Options(1, false, Map.of(), Map.of(), List.of(javaOpts), nodeJit,
                gatewayJit, healerJit, nodeHeap, gatewayHeap, healerHeap);
        return new QuarkusApp(slot, dir.resolve("app.jar"), dir.resolve("member"), Map.of(), options.javaOpts(role),
                dir.resolve("app.log"), dir.resolve("app.pid")).command();
    }

    private static boolean setsTheYoungGeneration(List<String> command) {
        return command.stream().anyMatch(o -> o.startsWith("-Xmn") || o.startsWith("-XX:MaxTenuringThreshold"));
    }

    private static boolean limitsTiers(List<String> command) {
        return command.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel"));
    }

    @Test
    void c1StopsTheStorageNodesAtTheFirstTierAndLeavesTheOtherAppsTheFullJit() {
        List<String> node = command(Role.STORAGE_NODE, NodeJit.C1);
        assertTrue(node.contains("-XX:TieredStopAtLevel=1"), node.toString());
        for (Role role : List.of(Role.GATEWAY, Role.HEALER)) {
            List<String> other = command(role, NodeJit.C1);
            assertFalse(limitsTiers(other), role + ": " + other);
        }
    }

    @Test
    void tieredLeavesEveryAppTheJvmsDefault() {
        for (Role role : APPS) {
            List<String> command = command(role, NodeJit.TIERED);
            assertFalse(limitsTiers(command), role + ": " + command);
        }
    }

    @Test
    void tieredEarlyLowersTheCompileThresholdsOfTheStorageNodesOnly() {
        List<String> node = command(Role.STORAGE_NODE, NodeJit.TIERED_EARLY);
        assertTrue(node.contains("-XX:CompileThresholdScaling=0.1"), node.toString());
        assertFalse(limitsTiers(node), node.toString());
        for (Role role : List.of(Role.GATEWAY, Role.HEALER)) {
            List<String> other = command(role, NodeJit.TIERED_EARLY);
            assertFalse(other.stream().anyMatch(o -> o.startsWith("-XX:CompileThresholdScaling")), role + ": " + other);
        }
    }

    @Test
    void theGatewaysChoiceReachesTheGatewaysOnly() {
        List<String> gateway = command(Role.GATEWAY, NodeJit.C1, NodeJit.TIERED_EARLY);
        assertTrue(gateway.contains("-XX:CompileThresholdScaling=0.1"), gateway.toString());
        assertFalse(limitsTiers(gateway), gateway.toString());
        List<String> node = command(Role.STORAGE_NODE, NodeJit.C1, NodeJit.TIERED_EARLY);
        assertTrue(node.contains("-XX:TieredStopAtLevel=1"), node.toString());
        assertFalse(node.stream().anyMatch(o -> o.startsWith("-XX:CompileThresholdScaling")), node.toString());
        List<String> healer = command(Role.HEALER, NodeJit.TIERED_EARLY, NodeJit.C1);
        assertFalse(limitsTiers(healer) || healer.stream().anyMatch(o -> o.startsWith("-XX:CompileThresholdScaling")), healer.toString());
        assertTrue(limitsTiers(command(Role.GATEWAY, NodeJit.TIERED, NodeJit.C1)));
    }

    @Test
    void theHealersChoiceReachesTheHealersOnly() {
        List<String> healer = command(Role.HEALER, NodeJit.C1, NodeJit.TIERED, NodeJit.TIERED_EARLY);
        assertTrue(healer.contains("-XX:CompileThresholdScaling=0.1"), healer.toString());
        assertFalse(limitsTiers(healer), healer.toString());
        List<String> node = command(Role.STORAGE_NODE, NodeJit.C1, NodeJit.TIERED, NodeJit.TIERED_EARLY);
        assertTrue(node.contains("-XX:TieredStopAtLevel=1"), node.toString());
        assertFalse(node.stream().anyMatch(o -> o.startsWith("-XX:CompileThresholdScaling")), node.toString());
        List<String> gateway = command(Role.GATEWAY, NodeJit.TIERED, NodeJit.TIERED, NodeJit.C1);
        assertFalse(limitsTiers(gateway), gateway.toString());
        assertTrue(limitsTiers(command(Role.HEALER, NodeJit.TIERED, NodeJit.TIERED, NodeJit.C1)));
    }

    @Test
    void extraOptionsComeAfterTheJitChoiceSoTheyWin() {
        List<String> node = command(Role.STORAGE_NODE, NodeJit.C1, "-XX:TieredStopAtLevel=4");
        assertTrue(node.lastIndexOf("-XX:TieredStopAtLevel=4") > node.indexOf("-XX:TieredStopAtLevel=1"));
        assertEquals("-jar", node.get(node.size() - 2));
        for (Role role : APPS) {
            assertTrue(command(role, NodeJit.TIERED, "-Dx=1").contains("-Dx=1"), role.toString());
        }
    }

    @Test
    void aClusterThatServesCompilesEarlyAndATestsClusterStaysAtC1() {
        assertEquals(NodeJit.TIERED_EARLY, NodeJit.SERVING, "make run, make up, the benchmarks");
        assertEquals(NodeJit.C1, NodeJit.SHORT_LIVED, "LocalCluster.builder(): the tests, the chaos run");
        assertEquals(NodeJit.TIERED, NodeJit.GATEWAY, "every cluster's gateways, unless told --gateway-jit");
        assertEquals(NodeJit.GATEWAY, LocalCluster.builder().gatewayJit);
        assertEquals(NodeJit.TIERED, NodeJit.HEALER, "every cluster's healers, unless told --healer-jit");
        assertEquals(NodeJit.HEALER, LocalCluster.builder().healerJit);
    }

    @Test
    void theSmallHeapIsTheJvmsOwnYoungGenerationInAQuarterGib() {
        for (Role role : APPS) {
            List<String> command = heapCommand(role, AppHeap.SMALL, AppHeap.SMALL);
            assertTrue(command.contains("-Xmx256m"), role + ": " + command);
            assertFalse(setsTheYoungGeneration(command), role + ": " + command);
            assertEquals(1, command.stream().filter(o -> o.startsWith("-Xmx")).count(), role + ": " + command);
        }
    }

    @Test
    void theLargeYoungHeapReachesTheRolesItIsGivenToAndTheHealersOnlyWhenTheyAreGivenIt() {
        List<String> large = List.of("-Xmx448m", "-Xmn256m", "-XX:MaxTenuringThreshold=2");
        List<String> node = heapCommand(Role.STORAGE_NODE, AppHeap.LARGE_YOUNG, AppHeap.SMALL);
        assertTrue(node.containsAll(large), node.toString());
        assertFalse(node.contains("-Xmx256m"), node.toString());
        List<String> gateway = heapCommand(Role.GATEWAY, AppHeap.LARGE_YOUNG, AppHeap.SMALL);
        assertTrue(gateway.contains("-Xmx256m") && !setsTheYoungGeneration(gateway), gateway.toString());
        assertTrue(heapCommand(Role.GATEWAY, AppHeap.SMALL, AppHeap.LARGE_YOUNG).containsAll(large));
        assertFalse(setsTheYoungGeneration(heapCommand(Role.STORAGE_NODE, AppHeap.SMALL, AppHeap.LARGE_YOUNG)));
        List<String> healer = heapCommand(Role.HEALER, AppHeap.LARGE_YOUNG, AppHeap.LARGE_YOUNG);
        assertTrue(healer.contains("-Xmx256m") && !setsTheYoungGeneration(healer), healer.toString());
        List<String> healerGivenIt = command(Role.HEALER, NodeJit.TIERED, NodeJit.TIERED, NodeJit.TIERED, AppHeap.SMALL, AppHeap.SMALL,
                AppHeap.LARGE_YOUNG);
        assertTrue(healerGivenIt.containsAll(large) && !healerGivenIt.contains("-Xmx256m"), healerGivenIt.toString());
        assertFalse(setsTheYoungGeneration(command(Role.STORAGE_NODE, NodeJit.TIERED, NodeJit.TIERED, NodeJit.TIERED, AppHeap.SMALL,
                AppHeap.SMALL, AppHeap.LARGE_YOUNG)), "the healers' heap is theirs alone");
    }

    @Test
    void theNoSurvivorHeapPromotesAtOnceInTheSmallHeap() {
        List<String> node = heapCommand(Role.STORAGE_NODE, AppHeap.SMALL_NO_SURVIVOR, AppHeap.SMALL);
        assertTrue(node.containsAll(List.of("-Xmx256m", "-XX:MaxTenuringThreshold=0")), node.toString());
        assertFalse(node.stream().anyMatch(o -> o.startsWith("-Xmn")), node.toString());
        List<String> gateway = heapCommand(Role.GATEWAY, AppHeap.SMALL_NO_SURVIVOR, AppHeap.SMALL);
        assertFalse(setsTheYoungGeneration(gateway), gateway.toString());
    }

    @Test
    void extraOptionsComeAfterTheHeapSoTheyWin() {
        // e2e tests start their clusters with -Xmx128m or -Xmx192m: the last -Xmx is the JVM's.
        List<String> node = heapCommand(Role.STORAGE_NODE, AppHeap.LARGE_YOUNG, AppHeap.SMALL, "-Xmx128m");
        assertTrue(node.lastIndexOf("-Xmx128m") > node.indexOf("-Xmx448m"), node.toString());
        assertTrue(node.indexOf("-Xmx448m") > node.indexOf("-XX:+UseSerialGC"), node.toString());
        assertEquals("-jar", node.get(node.size() - 2));
    }

    @Test
    void everyClusterRunsTheSmallHeapUnlessToldOtherwise() {
        assertEquals(AppHeap.SMALL, AppHeap.SERVING, "make run, make up, the benchmarks: nodes and gateways (large-young did not pay)");
        assertEquals(AppHeap.SMALL, AppHeap.SHORT_LIVED, "LocalCluster.builder(): the tests, the chaos run");
        assertEquals(AppHeap.SHORT_LIVED, LocalCluster.builder().nodeHeap);
        assertEquals(AppHeap.SHORT_LIVED, LocalCluster.builder().gatewayHeap);
        assertEquals(AppHeap.SMALL, AppHeap.HEALER);
        assertEquals(AppHeap.HEALER, LocalCluster.builder().healerHeap);
    }
}
