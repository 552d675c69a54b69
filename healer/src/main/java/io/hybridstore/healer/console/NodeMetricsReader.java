package io.hybridstore.healer.console;

import io.hybridstore.common.console.NodeTraffic;
import io.hybridstore.common.model.NodeInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads each live node's {@code /q/metrics} (all nodes at once, each bounded by a timeout) and keeps
 * the request rates between its last two readings. A node that does not answer keeps no rate: the
 * table shows 0 for it rather than an old number.
 */
final class NodeMetricsReader implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, NodeTraffic.Totals> last = new ConcurrentHashMap<>();
    private final Map<String, NodeTraffic.Rates> rates = new ConcurrentHashMap<>();

    /** Starts a reading of every node in the background; the rates update as the answers come. */
    void readAll(List<NodeInfo> nodes) {
        for (NodeInfo node : nodes) {
            pool.submit(() -> read(node));
        }
    }

    NodeTraffic.Rates rates(String nodeId) {
        return rates.getOrDefault(nodeId, NodeTraffic.Rates.NONE);
    }

    private void read(NodeInfo node) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/q/metrics")).timeout(TIMEOUT).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            NodeTraffic.Totals now = NodeTraffic.parse(response.body(), System.currentTimeMillis());
            NodeTraffic.Totals before = last.put(node.id(), now);
            rates.put(node.id(), before == null ? NodeTraffic.Rates.NONE : NodeTraffic.between(before, now));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            last.remove(node.id()); // the next answer starts a new pair of readings
            rates.remove(node.id());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        http.close();
    }
}
