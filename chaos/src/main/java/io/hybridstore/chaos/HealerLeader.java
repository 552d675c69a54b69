package io.hybridstore.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridstore.cluster.LocalCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which healer leads, from {@code GET /status} on each running healer (the healer leader, not etcd's raft leader). */
final class HealerLeader {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalCluster cluster;

    HealerLeader(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** The one healer that says it leads, waiting up to {@code timeout} for exactly one to say so. */
    Optional<String> await(Duration timeout) {
        String[] found = new String[1];
        boolean one = Poll.until(timeout, () -> {
            List<String> leaders = cluster.healerNames().stream().filter(cluster::isRunning).filter(this::leads).toList();
            found[0] = leaders.size() == 1 ? leaders.get(0) : null;
            return found[0] != null;
        });
        return one ? Optional.of(found[0]) : Optional.empty();
    }

    private boolean leads(String healer) {
        HttpRequest request = HttpRequest.newBuilder(cluster.url(healer).resolve("/status")).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && JSON.readTree(response.body()).path("leader").asBoolean();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
