package io.hybridstore.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Which processes a cluster has and on which ports, in start order. Decided once when the cluster is
 * built, and saved in the base dir so that another JVM (the CLI's {@code kill}/{@code start}) finds
 * every process on the same port.
 */
record Layout(List<Slot> slots) {
    /** One process: its name, role, HTTP/client port, second port (etcd peer, Kafka controller, gateway S3 API; else 0), zone. */
    record Slot(String name, Role role, int port, int secondPort, String zone) {
    }

    static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");
    private static final String FILE = "layout.properties";

    Layout {
        slots = List.copyOf(slots);
        Set<Integer> ports = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Slot slot : slots) {
            if (!names.add(slot.name())) {
                throw new IllegalArgumentException("duplicate process name " + slot.name());
            }
            if (!ports.add(slot.port()) || (slot.secondPort() != 0 && !ports.add(slot.secondPort()))) {
                throw new IllegalArgumentException("port clash at " + slot.name() + " in " + slots);
            }
        }
    }

    /**
     * Fixed ports (make run): etcd 2379/2380, Kafka 9092/9093, gateway 8080 (then 8072...) with its S3
     * API on 9000 (then 9001...), nodes 8081-8089 (then 8110+), healers 8091... Free ports otherwise
     * (tests), so they never clash with a running cluster.
     */
    static Layout plan(int nodes, int gateways, int healers, boolean kafka, boolean fixedPorts) {
        if (nodes < 0 || gateways < 0 || healers < 0 || healers > 9 || gateways > 9) {
            throw new IllegalArgumentException("nodes >= 0, 0 <= gateways <= 9, 0 <= healers <= 9; got "
                    + nodes + "/" + gateways + "/" + healers);
        }
        IntSupplier free = Ports::free;
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot(EtcdServer.NAME, Role.ETCD, port(fixedPorts, 2379, free), port(fixedPorts, 2380, free), null));
        if (kafka) {
            slots.add(new Slot(KafkaBroker.NAME, Role.KAFKA, port(fixedPorts, 9092, free), port(fixedPorts, 9093, free), null));
        }
        for (int i = 1; i <= nodes; i++) {
            int fixed = i <= 9 ? 8080 + i : 8100 + i;
            slots.add(new Slot(Role.STORAGE_NODE.memberName(i), Role.STORAGE_NODE, port(fixedPorts, fixed, free), 0,
                    ZONES.get((i - 1) % ZONES.size())));
        }
        for (int i = 1; i <= gateways; i++) {
            int fixed = i == 1 ? 8080 : 8070 + i;
            slots.add(new Slot(Role.GATEWAY.memberName(i), Role.GATEWAY, port(fixedPorts, fixed, free),
                    port(fixedPorts, 9000 + i - 1, free), null));
        }
        for (int i = 1; i <= healers; i++) {
            slots.add(new Slot(Role.HEALER.memberName(i), Role.HEALER, port(fixedPorts, 8090 + i, free), 0, null));
        }
        return new Layout(slots);
    }

    private static int port(boolean fixedPorts, int fixed, IntSupplier free) {
        return fixedPorts ? fixed : free.getAsInt();
    }

    Layout without(Role role) {
        return new Layout(slots.stream().filter(s -> s.role() != role).toList());
    }

    List<Slot> withRole(Role role) {
        return slots.stream().filter(s -> s.role() == role).toList();
    }

    /** For the fixed ports of `make run`: every port must be free, or the start stops before launching anything. */
    void requirePortsFree() {
        for (Slot slot : slots) {
            Ports.requireFree(slot.port(), slot.name());
            if (slot.secondPort() != 0) {
                Ports.requireFree(slot.secondPort(), slot.name());
            }
        }
    }

    void save(Path baseDir) throws IOException {
        Properties p = new Properties();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            p.setProperty(i + ".name", s.name());
            p.setProperty(i + ".role", s.role().name());
            p.setProperty(i + ".port", Integer.toString(s.port()));
            p.setProperty(i + ".secondPort", Integer.toString(s.secondPort()));
            if (s.zone() != null) {
                p.setProperty(i + ".zone", s.zone());
            }
        }
        try (Writer out = Files.newBufferedWriter(baseDir.resolve(FILE))) {
            p.store(out, "processes of this local cluster, in start order");
        }
    }

    static Layout load(Path baseDir) throws IOException {
        Path file = baseDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new LocalClusterException("no cluster in " + baseDir + " (" + FILE + " missing): start one with `make up` or `make run`");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; p.containsKey(i + ".name"); i++) {
            slots.add(new Slot(p.getProperty(i + ".name"), Role.valueOf(p.getProperty(i + ".role")),
                    Integer.parseInt(p.getProperty(i + ".port")), Integer.parseInt(p.getProperty(i + ".secondPort")),
                    p.getProperty(i + ".zone")));
        }
        return new Layout(slots);
    }
}
