package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which threads count as the JIT's, and a live reading of this JVM's own compiler threads. */
class CompilerThreadCpuTest {

    private static String stat(String comm) {
        return "4242 (" + comm + ") S 1 1 1 0 -1 1077936192 0 0 0 0 250 50 0 0 20 0 1 0 100 0 0";
    }

    @Test
    void countsTheC1AndC2CompilerThreadsOnly() {
        assertTrue(CompilerThreadCpu.isCompiler(stat("C2 CompilerThre")));
        assertTrue(CompilerThreadCpu.isCompiler(stat("C1 CompilerThre")));
        assertFalse(CompilerThreadCpu.isCompiler(stat("VM Thread")));
        assertFalse(CompilerThreadCpu.isCompiler(stat("vert.x-eventloop-thread-0")));
        assertFalse(CompilerThreadCpu.isCompiler(stat("java (C2 CompilerThre)x")), "a command name with parentheses is read to its last ')'");
        assertEquals(3.0, ProcessCpu.parseStat(stat("C2 CompilerThre")), 1e-9, "utime 250 + stime 50 ticks");
    }

    @Test
    void readsThisJvmsCompilerThreadsAndNeverGoesDown() {
        long self = ProcessHandle.current().pid();
        CompilerThreadCpu cpu = new CompilerThreadCpu(Map.of("self", self, "gone", Long.MAX_VALUE));
        double first = cpu.sample().get("self");
        double second = cpu.sample().get("self");
        assertTrue(second >= first, first + " then " + second);
        assertEquals(0.0, cpu.sample().get("gone"), "a process that does not exist reads as nothing, not an error");
    }
}
