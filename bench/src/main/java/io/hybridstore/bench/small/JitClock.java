package io.hybridstore.bench.small;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Total JIT compile time of the cluster's JVMs, read through each one's CompilationMXBean. The
 * local management agent is started in each JVM once (the attach API) and then asked per phase:
 * cheaper than starting a jstat JVM per process per phase on two shared cores.
 */
final class JitClock implements AutoCloseable {
    private final List<JMXConnector> connectors = new ArrayList<>();
    private final List<CompilationMXBean> compilers = new ArrayList<>();
    private final List<String> unreachable = new ArrayList<>();
    private long[] lastMillis = new long[0];

    JitClock(List<Long> jvmPids) {
        for (long pid : jvmPids) {
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
                connectors.add(connector);
                compilers.add(ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                        ManagementFactory.COMPILATION_MXBEAN_NAME, CompilationMXBean.class));
            } catch (Exception e) {
                unreachable.add(pid + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** JVMs whose compile time is not counted. */
    List<String> unreachable() {
        return List.copyOf(unreachable);
    }

    /** Seconds of JIT compilation so far, summed over the JVMs that answer (a killed one keeps its last reading). */
    double seconds() {
        if (lastMillis.length != compilers.size()) {
            lastMillis = new long[compilers.size()];
        }
        long millis = 0;
        for (int i = 0; i < compilers.size(); i++) {
            try {
                lastMillis[i] = compilers.get(i).getTotalCompilationTime();
            } catch (RuntimeException gone) {
                // the heal bench killed it: its last reading stands, so a difference never goes negative
            }
            millis += lastMillis[i];
        }
        return millis / 1000.0;
    }

    @Override
    public void close() {
        for (JMXConnector c : connectors) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the JVM may be gone
            }
        }
    }
}
