package io.hybridstore.bench.list;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The requests etcd served and the bytes it sent its clients, from its Prometheus counters
 * ({@code /metrics} on the client URL): how many range reads and transactions a page costs, and
 * how much it carried, beside its latency. Counts every client of this etcd (the bench's only).
 */
record EtcdRequests(long ranges, long txns, long sentBytes) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The counters now; zeros when etcd does not answer (the column then reads 0). */
    static EtcdRequests read(String endpoint) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return parse(response.body());
        } catch (java.io.IOException e) {
            return new EtcdRequests(0, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EtcdRequests(0, 0, 0);
        }
    }

    static EtcdRequests parse(String metrics) {
        long ranges = 0;
        long txns = 0;
        long sent = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("grpc_server_handled_total{")) {
                if (line.contains("grpc_method=\"Range\"")) {
                    ranges += value(line);
                } else if (line.contains("grpc_method=\"Txn\"")) {
                    txns += value(line);
                }
            } else if (line.startsWith("etcd_network_client_grpc_sent_bytes_total ")) {
                sent += value(line);
            }
        }
        return new EtcdRequests(ranges, txns, sent);
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** "ranges + txns, KiB" per sample since {@code before}. */
    String perSampleSince(EtcdRequests before, int samples) {
        return String.format(Locale.ROOT, "%.1f + %.1f, %.0f KiB", (ranges - before.ranges) / (double) samples,
                (txns - before.txns) / (double) samples, (sentBytes - before.sentBytes) / 1024.0 / samples);
    }
}
