package io.hybridstore.common.console;

/**
 * A storage node's request rate, error rate and mean latency, from two readings of its request
 * meters: the node's own {@code hybridstore_node_requests_seconds_count} and {@code _sum} (one series
 * per route, method and status; they leave out the node's management endpoints), or, from a node
 * that predates them, the HTTP server metrics Quarkus exported ({@code http_server_requests_seconds_*}),
 * without their {@code /q/...} series, so the console does not count its own scrapes. A node that
 * shows the first is read by them alone.
 */
public final class NodeTraffic {

    private static final Series OWN = new Series("hybridstore_node_requests_seconds_count{", "hybridstore_node_requests_seconds_sum{");
    private static final Series QUARKUS = new Series("http_server_requests_seconds_count{", "http_server_requests_seconds_sum{");

    private NodeTraffic() {
    }

    /** Running totals at one reading. */
    public record Totals(long atMillis, double requests, double errors, double seconds) {
    }

    /** Per second between two readings; latency is the mean of the requests in between (0 when none). */
    public record Rates(double requestsPerSecond, double errorsPerSecond, double meanLatencyMillis) {
        public static final Rates NONE = new Rates(0, 0, 0);
    }

    /** Sums the request series of one Prometheus text exposition (5xx answers are the errors). */
    public static Totals parse(String prometheusText, long atMillis) {
        double[] own = new double[4]; // requests, errors, seconds, lines seen
        double[] quarkus = new double[4];
        for (String line : prometheusText.split("\n")) {
            if (!OWN.add(line, own)) {
                QUARKUS.add(line, quarkus);
            }
        }
        double[] sums = own[3] > 0 ? own : quarkus;
        return new Totals(atMillis, sums[0], sums[1], sums[2]);
    }

    /** The count and sum lines of one metric. */
    private record Series(String count, String sum) {
        /** Adds {@code line} to {@code sums} when it is one of this metric's samples (not a {@code /q/} one); true when it was. */
        boolean add(String line, double[] sums) {
            boolean isCount = line.startsWith(count);
            if ((!isCount && !line.startsWith(sum)) || line.contains("uri=\"/q/")) {
                return false;
            }
            double value;
            try {
                value = Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                return false; // not a sample line we understand: skip it rather than guess
            }
            if (isCount) {
                sums[0] += value;
                if (line.contains("status=\"5")) {
                    sums[1] += value;
                }
            } else {
                sums[2] += value;
            }
            sums[3]++;
            return true;
        }
    }

    /** The rates between two readings; {@link Rates#NONE} when the node restarted in between (totals fell). */
    public static Rates between(Totals before, Totals after) {
        double requests = after.requests() - before.requests();
        long millis = after.atMillis() - before.atMillis();
        if (millis <= 0 || requests < 0 || after.errors() < before.errors()) {
            return Rates.NONE;
        }
        double latency = requests == 0 ? 0 : (after.seconds() - before.seconds()) * 1000 / requests;
        return new Rates(requests * 1000 / millis, (after.errors() - before.errors()) * 1000 / millis, latency);
    }
}
