package io.hybridstore.cli;

import io.hybridstore.common.model.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "nodes", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Every storage node: live or dead, zone, space, chunks, uptime.",
                "Live means a lease in etcd (read through its JSON gateway); dead means expected (the local cluster's nodes, or --nodes / HYBRIDSTORE_NODES) without one."})
final class NodesCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    /** One row of {@code --json}: a dead node has only its id. */
    record Row(String id, boolean live, String zone, String url, Long usedBytes, Long capacityBytes, Long chunkCount, Long startedAt) {
        static Row of(NodeInfo n) {
            return new Row(n.id(), true, n.zone(), n.url(), n.usedBytes(), n.capacityBytes(), n.chunkCount(), n.startedAt());
        }
    }

    record Listing(List<Row> nodes, int live, int dead) {
    }

    @Override
    public Integer call() {
        Target target = options.target();
        List<NodeInfo> live = EtcdNodes.live(options.http(), target.requireEtcd(), target.prefix());
        Listing listing = listing(target.expectedNodes(), live);
        if (options.json) {
            options.printJson(System.out, listing);
        } else {
            System.out.print(render(listing, System.currentTimeMillis()));
        }
        return ExitCode.OK;
    }

    static Listing listing(List<String> expected, List<NodeInfo> live) {
        Map<String, Row> rows = new TreeMap<>(NodesCommand::byNumber);
        live.forEach(n -> rows.put(n.id(), Row.of(n)));
        for (String id : EtcdNodes.dead(expected, live)) {
            rows.put(id, new Row(id, false, null, null, null, null, null, null));
        }
        List<Row> all = new ArrayList<>(rows.values());
        return new Listing(all, live.size(), all.size() - live.size());
    }

    static String render(Listing listing, long nowMillis) {
        Table t = new Table("NODE", "STATE", "ZONE", "USED", "CAPACITY", "CHUNKS", "UP", "URL");
        for (Row r : listing.nodes()) {
            t.row(r.id(), r.live() ? "live" : "DEAD", blank(r.zone()), r.usedBytes() == null ? null : Units.bytes(r.usedBytes()),
                    r.capacityBytes() == null ? null : Units.bytes(r.capacityBytes()), r.chunkCount(),
                    r.startedAt() == null || r.startedAt() == 0 ? null : Units.duration(Duration.ofMillis(nowMillis - r.startedAt())), r.url());
        }
        return t.render(true) + listing.live() + " live, " + listing.dead() + " dead\n";
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** node-2 before node-10. */
    static int byNumber(String a, String b) {
        String pa = a.replaceAll("\\d+$", "");
        String pb = b.replaceAll("\\d+$", "");
        if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
            return Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
        }
        return a.compareTo(b);
    }
}
