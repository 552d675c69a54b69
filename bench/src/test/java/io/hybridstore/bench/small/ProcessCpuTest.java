package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void utimePlusStimeCountedAfterTheCommandName() {
        // A command name with a space and a ')' of its own: fields are counted after the last ')'.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 9 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";
        assertEquals(18.01, ProcessCpu.parseStat(stat), 1e-9);
    }

    @Test
    void aGoneProcessKeepsItsLastReading() {
        long self = ProcessHandle.current().pid();
        ProcessCpu cpu = new ProcessCpu(Map.of("me", self, "gone", Long.MAX_VALUE));
        Map<String, Double> first = cpu.sample();
        assertTrue(first.get("me") >= 0);
        assertEquals(0.0, first.get("gone"));
        assertEquals(-1, ProcessCpu.read(Long.MAX_VALUE));
        assertTrue(cpu.sample().get("me") >= first.get("me"));
    }
}
