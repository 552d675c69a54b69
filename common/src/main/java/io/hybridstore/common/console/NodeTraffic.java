package io.hybridstore.common.console;

/**
 * A storage node's request rate, error rate and mean latency, from two readings of the HTTP server
 * metrics Quarkus exports ({@code http_server_requests_seconds_count} and {@code _sum}, one series
 * per uri, method and status). The node's own management endpoints ({@code /q/...}: health checks
 * and these very scrapes) are left out, so the console does not count itself.
 */
public final class NodeTraffic {

    private static final String COUNT = "http_server_requests_seconds_count{";
    private static final String SUM = "http_server_requests_seconds_sum{";

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
        double requests = 0;
        double errors = 0;
        double seconds = 0;
        for (String line : prometheusText.split("\n")) {
            boolean count = line.startsWith(COUNT);
            if ((!count && !line.startsWith(SUM)) || line.contains("uri=\"/q/")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            double value;
            try {
                value = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                continue; // not a sample line we understand: skip it rather than guess
            }
            if (count) {
                requests += value;
                if (line.contains("status=\"5")) {
                    errors += value;
                }
            } else {
                seconds += value;
            }
        }
        return new Totals(atMillis, requests, errors, seconds);
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
