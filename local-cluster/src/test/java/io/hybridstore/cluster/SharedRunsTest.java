package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a test JVM that died with SIGKILL left behind is cleaned by the next one; a live one's run is left alone. */
class SharedRunsTest {
    @TempDir
    Path root;

    @Test
    void abandonedRunsAreKilledAndDeletedLiveOnesKept() throws Exception {
        long deadOwner = finishedPid();
        Path abandoned = root.resolve(Long.toString(deadOwner));
        Process leftover = sleeperIn(abandoned);

        Process liveOwner = new ProcessBuilder("sleep", "60").start();
        Path live = root.resolve(Long.toString(liveOwner.pid()));
        Process running = sleeperIn(live);
        try {
            SharedRuns.reapAbandoned(root);

            assertTrue(leftover.waitFor(10, TimeUnit.SECONDS), "the abandoned run's process still runs");
            assertFalse(Files.exists(abandoned));
            assertTrue(running.isAlive(), "a live test JVM's process was killed");
            assertTrue(Files.isDirectory(live));
        } finally {
            destroyTree(running);
            destroyTree(liveOwner);
        }
    }

    @Test
    void recordedPidsOfOtherProcessesAreNotKilled() throws Exception {
        Path abandoned = root.resolve(Long.toString(finishedPid()));
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(abandoned.resolve(LocalCluster.PIDS_DIR));
            Files.writeString(abandoned.resolve(LocalCluster.PIDS_DIR).resolve("node-1.pid"), stranger.pid() + "\n");
            SharedRuns.reapAbandoned(root);
            assertTrue(stranger.isAlive(), "a reused pid must not be signalled");
        } finally {
            destroyTree(stranger);
        }
    }

    /** A process whose command line names its run dir, as the cluster's do, recorded in the run's pid dir. */
    private static Process sleeperIn(Path run) throws Exception {
        Path pids = Files.createDirectories(run.resolve(LocalCluster.PIDS_DIR));
        // "; :" keeps sh from exec'ing sleep: the recorded pid keeps the run dir in its command line.
        Process p = new ProcessBuilder("/bin/sh", "-c", "sleep 60; :", run.resolve("node-1") + "/").start();
        Files.writeString(pids.resolve("node-1.pid"), p.pid() + "\n");
        return p;
    }

    private static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static long finishedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        return p.pid();
    }

    @Test
    void appJarsAreSavedAndReadBack() throws Exception {
        Map<Role, Path> jars = Map.of(Role.STORAGE_NODE, Path.of("/x/storage-node.jar"), Role.HEALER, Path.of("/x/healer.jar"));
        AppJars.save(root, jars);
        assertEquals(jars, AppJars.savedOrFound(root, Layout.plan(1, 0, 1, false, false)));
    }
}
