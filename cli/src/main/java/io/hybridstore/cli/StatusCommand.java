package io.hybridstore.cli;

import io.hybridstore.common.model.NodeInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Summary: nodes live/dead, healer leader, objects clean/degraded/lost, last pass.",
                "Exits 5 when redundancy is not full: an expected node is dead, or the healer leader counts degraded or lost objects in its last complete scan."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Override
    public Integer call() {
        StatusReport report = read(options);
        if (options.json) {
            options.printJson(System.out, report);
        } else {
            System.out.print(report.render());
        }
        return report.exitCode();
    }

    /** One reading: etcd's live nodes and every healer's status. Unreachable only when neither answers. */
    static StatusReport read(ClusterOptions options) {
        Target target = options.target();
        List<Healers.Seen> healers = Healers.poll(options.http(), target.requireHealers());
        List<NodeInfo> live = EtcdNodes.live(options.http(), target.requireEtcd(), target.prefix());
        return StatusReport.of(target.source(), target.expectedNodes(), live, healers);
    }
}
