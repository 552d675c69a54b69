package io.hybridstore.cli;

/**
 * What {@code hybridstore} exits with, for scripts. The same table is in every command's
 * {@code --help} footer and in docs/operations.md.
 */
public final class ExitCode {
    /** Done; for {@code status}, the cluster is at full redundancy. */
    public static final int OK = 0;
    /** The operation failed (the server refused it, a repair did not complete, a transfer broke). */
    public static final int FAILED = 1;
    /** Bad command line (picocli's own usage code). */
    public static final int USAGE = 2;
    /** No such object (or no such node for kill-node/start-node). */
    public static final int NOT_FOUND = 3;
    /** The cluster (gateway, healers or etcd) did not answer within the timeout, or no target was found. */
    public static final int UNREACHABLE = 4;
    /**
     * {@code status}, {@code watch}: the cluster answered, and redundancy is not full (a dead node, degraded or lost objects);
     * {@code index}: the catalogue's indexes differ from the records.
     */
    public static final int DEGRADED = 5;

    /** The footer every command's {@code --help} shows. */
    public static final String HELP = """
            %nExit codes: 0 ok; 1 operation failed; 2 usage; 3 not found; 4 cluster unreachable;
            5 degraded (status, watch: a dead node, or objects below full redundancy; index: indexes differ from records).""";

    private ExitCode() {
    }
}
