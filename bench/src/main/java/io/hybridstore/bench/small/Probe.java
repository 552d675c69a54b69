package io.hybridstore.bench.small;

import java.util.Map;

/** Samples CPU per process, JIT and GC time and load average around a phase. */
final class Probe {
    private final ProcessCpu cpu;
    private final JvmClocks jit;
    private final CompilerThreadCpu compilerCpu;
    private final long self = ProcessHandle.current().pid();

    Probe(Map<String, Long> clusterPids, JvmClocks jit, CompilerThreadCpu compilerCpu) {
        this.cpu = new ProcessCpu(clusterPids);
        this.jit = jit;
        this.compilerCpu = compilerCpu;
    }

    PhaseReport.Start start() {
        return new PhaseReport.Start(cpu.sample(), ProcessCpu.read(self), jit.seconds(), compilerCpu.sample(), jit.gc(), ProcessCpu.loadAverage());
    }

    /** Compiler-thread CPU-seconds of the whole cluster so far. */
    double compilerCpuSeconds() {
        return compilerCpu.sample().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The report of a phase that ends now. */
    PhaseReport finish(String name, LoadRun.Result result, PhaseReport.Start start) {
        return PhaseReport.of(name, result, start, start());
    }
}
