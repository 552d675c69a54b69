package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real OS processes (sh, sleep), no cluster: launch, adopt by pid file, kill, stop, failure reporting. */
class ManagedProcessTest {
    @TempDir
    Path dir;

    private ManagedProcess process(String marker) {
        return new ManagedProcess("sleeper", dir.resolve("logs/sleeper.log"), dir.resolve("pids/sleeper.pid"), marker);
    }

    private List<String> sleeper(String marker) {
        // The marker rides along as an ignored argument, as -Dhybridstore.member.dir does for the JVMs;
        // "; :" keeps sh from exec'ing sleep, which would drop it from the command line.
        return List.of("/bin/sh", "-c", "echo started; sleep 60; :", marker);
    }

    /** Until sh has forked sleep: a stop before that would race the fork and orphan the sleep. */
    private static void awaitSleeping(long shellPid) {
        Wait.until("sleep under pid " + shellPid, Duration.ofSeconds(10),
                () -> ProcessHandle.of(shellPid).map(sh -> sh.children().findAny().isPresent()).orElse(false), () -> "");
    }

    @Test
    void killRecordsAndForgetsThePid() throws Exception {
        ManagedProcess p = process("marker-1/");
        p.launch(sleeper("marker-1/"), Map.of(), env -> { }, dir);
        long pid = p.pid().orElseThrow();
        awaitSleeping(pid);
        assertEquals(Long.toString(pid), Files.readString(dir.resolve("pids/sleeper.pid")).trim());
        p.kill();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed process still alive");
        assertFalse(p.isRunning());
        assertFalse(Files.exists(dir.resolve("pids/sleeper.pid")));
        assertTrue(Files.readString(dir.resolve("logs/sleeper.log")).contains("started"));
    }

    @Test
    void anotherInstanceAdoptsTheProcessThroughThePidFile() {
        ManagedProcess launcher = process("marker-2/");
        launcher.launch(sleeper("marker-2/"), Map.of(), env -> { }, dir);
        long pid = launcher.pid().orElseThrow();
        awaitSleeping(pid);
        ManagedProcess stranger = process("some-other-cluster/");
        assertFalse(stranger.isRunning(), "a pid whose command line lacks the marker must not be adopted");
        ManagedProcess adopter = process("marker-2/");
        assertTrue(adopter.isRunning());
        assertEquals(pid, adopter.pid().orElseThrow());
        adopter.stop(Duration.ofSeconds(1)); // sh waits for sleep before acting on SIGTERM: SIGKILL follows
        assertFalse(launcher.isRunning());
    }

    @Test
    void aProcessThatExitsWhileStartingFailsFastWithItsLog() {
        ManagedProcess p = process("marker-3/");
        p.launch(List.of("/bin/sh", "-c", "echo 'bind: address already in use'; exit 3", "marker-3/"), Map.of(), env -> { }, dir);
        long begin = System.nanoTime();
        LocalClusterException e = assertThrows(LocalClusterException.class,
                () -> p.awaitReady("ready", Duration.ofSeconds(30), () -> false));
        assertTrue(System.nanoTime() - begin < Duration.ofSeconds(10).toNanos(), "waited for the deadline instead of failing fast");
        assertTrue(e.getMessage().contains("exited with code 3") && e.getMessage().contains("address already in use"), e.getMessage());
    }

    @Test
    void theEnvironmentReachesTheProcess() throws Exception {
        ManagedProcess p = process("marker-4/");
        p.launch(List.of("/bin/sh", "-c", "echo \"value=$HS_TEST\"", "marker-4/"), Map.of("HS_TEST", "42"), env -> { }, dir);
        Wait.until("the echo", Duration.ofSeconds(10),
                () -> Files.readString(dir.resolve("logs/sleeper.log")).contains("value=42"), () -> "");
    }
}
