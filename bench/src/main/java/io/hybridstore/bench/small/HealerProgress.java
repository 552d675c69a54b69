package io.hybridstore.bench.small;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The healers' own counters from {@code GET /status}, summed over every healer (each counts only
 * what it did, and the leadership may move): copies repaired, and passes completed (a completed
 * pass is when the heal bench runs an exact check), and which of them leads.
 */
final class HealerProgress {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final Map<String, URI> healers;

    /** @param healers the healers' URLs by name */
    HealerProgress(Map<String, URI> healers) {
        this.healers = new LinkedHashMap<>(healers);
    }

    /**
     * Copies made and passes completed, summed; a healer that does not answer counts 0 this time.
     * {@code leader} is the name of the healer that said it leads, null when none did.
     */
    record Counters(long repairsDone, long passesCompleted, String leader) {
    }

    Counters read() throws InterruptedException {
        long repairs = 0;
        long passes = 0;
        String leader = null;
        for (Map.Entry<String, URI> healer : healers.entrySet()) {
            JsonNode status = status(healer.getValue());
            if (status != null) {
                repairs += status.path("repairs").path("done").asLong();
                passes += completed(status);
                if (status.path("leader").asBoolean()) {
                    leader = healer.getKey();
                }
            }
        }
        return new Counters(repairs, passes, leader);
    }

    /** Passes this healer finished: its pass number, less the one running now. */
    static long completed(JsonNode status) {
        JsonNode pass = status.path("pass");
        return pass.path("number").asLong() - (pass.path("running").asBoolean() ? 1 : 0);
    }

    private JsonNode status(URI healer) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(healer.resolve("/status")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
