package io.hybridstore.bench.small;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * JIT compile time and garbage-collection time of each of the cluster's JVMs, read through its
 * CompilationMXBean and GarbageCollectorMXBeans. The local management agent is started in each JVM
 * once (the attach API) and then asked per phase: cheaper than starting a jstat JVM per process per
 * phase on two shared cores. The compile time is the compilers' elapsed time, waits for a core
 * included ({@link CompilerThreadCpu} gives their CPU); the GC time is the collectors' own account of
 * their collections (with the serial collector the apps run, every one a pause of all threads).
 */
final class JvmClocks implements AutoCloseable {
    private final List<JMXConnector> connectors = new ArrayList<>();
    private final Map<String, CompilationMXBean> compilers = new LinkedHashMap<>();
    private final Map<String, List<GarbageCollectorMXBean>> collectors = new LinkedHashMap<>();
    private final List<String> unreachable = new ArrayList<>();
    private final Map<String, Long> lastMillis = new LinkedHashMap<>();
    private final Map<String, Gc> lastGc = new LinkedHashMap<>();

    /** Collections so far and their time, all collectors of one JVM together. */
    record Gc(long collections, double seconds) {
    }

    /** @param jvmPids process name to pid of each JVM */
    JvmClocks(Map<String, Long> jvmPids) {
        for (Map.Entry<String, Long> jvm : jvmPids.entrySet()) {
            long pid = jvm.getValue();
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
                compilers.put(jvm.getKey(), ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                        ManagementFactory.COMPILATION_MXBEAN_NAME, CompilationMXBean.class));
                collectors.put(jvm.getKey(), ManagementFactory.getPlatformMXBeans(connector.getMBeanServerConnection(),
                        GarbageCollectorMXBean.class));
            } catch (Exception e) {
                unreachable.add(jvm.getKey() + " pid " + pid + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** JVMs whose compile and GC time are not counted. */
    List<String> unreachable() {
        return List.copyOf(unreachable);
    }

    /** Seconds of JIT compilation so far of each JVM that answers (a killed one keeps its last reading). */
    Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, CompilationMXBean> jvm : compilers.entrySet()) {
            try {
                lastMillis.put(jvm.getKey(), jvm.getValue().getTotalCompilationTime());
            } catch (RuntimeException gone) {
                // the heal bench killed it: its last reading stands, so a difference never goes negative
            }
            seconds.put(jvm.getKey(), lastMillis.getOrDefault(jvm.getKey(), 0L) / 1000.0);
        }
        return seconds;
    }

    /** Collections and GC seconds so far of each JVM that answers (a killed one keeps its last reading). */
    Map<String, Gc> gc() {
        Map<String, Gc> gc = new LinkedHashMap<>();
        for (Map.Entry<String, List<GarbageCollectorMXBean>> jvm : collectors.entrySet()) {
            try {
                long count = 0;
                long millis = 0;
                for (GarbageCollectorMXBean collector : jvm.getValue()) {
                    count += Math.max(0, collector.getCollectionCount());
                    millis += Math.max(0, collector.getCollectionTime());
                }
                lastGc.put(jvm.getKey(), new Gc(count, millis / 1000.0));
            } catch (RuntimeException gone) {
                // the heal bench killed it: its last reading stands
            }
            gc.put(jvm.getKey(), lastGc.getOrDefault(jvm.getKey(), new Gc(0, 0)));
        }
        return gc;
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
