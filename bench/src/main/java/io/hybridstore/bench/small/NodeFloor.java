package io.hybridstore.bench.small;

import io.hybridstore.io.http.ChunkApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The storage floors: a chunk PUT straight to one node (with the SHA-256 and CRC32C headers the
 * gateway sends, so the node does the same checks) and a GET of a chunk stored that way. Each
 * client its own HTTP/1.1 connection, as in {@link GatewayClient}.
 */
final class NodeFloor {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final URI node;
    private final String token;
    private final int chunkBytes;
    private final String idPrefix;
    private final KeyPool stored = new KeyPool(1_000_000);

    NodeFloor(URI node, String token, int chunkBytes, String idPrefix) {
        this.node = node;
        this.token = token;
        this.chunkBytes = chunkBytes;
        this.idPrefix = idPrefix;
    }

    Operation put(int client) {
        HttpClient http = client();
        SplittableRandom random = new SplittableRandom(client);
        return () -> {
            byte[] chunk = new byte[chunkBytes];
            random.nextBytes(chunk);
            CRC32C crc = new CRC32C();
            crc.update(chunk);
            String id = idPrefix + "-" + SEQUENCE.incrementAndGet();
            HttpRequest request = request(id)
                    .header(ChunkApi.SHA256_HEADER, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk)))
                    .header(ChunkApi.CRC32C_HEADER, Long.toHexString(crc.getValue()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                return Operation.Outcome.failed(Integer.toString(status));
            }
            stored.add(id);
            return Operation.Outcome.OK;
        };
    }

    Operation get(int client) {
        HttpClient http = client();
        SplittableRandom random = new SplittableRandom(client);
        return () -> {
            String id = stored.any(random);
            if (id == null) {
                return Operation.Outcome.failed("no-chunk-yet");
            }
            HttpResponse<byte[]> response = http.send(request(id).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 && response.body().length == chunkBytes
                    ? Operation.Outcome.OK : Operation.Outcome.failed(Integer.toString(response.statusCode()));
        };
    }

    private HttpRequest.Builder request(String id) {
        return HttpRequest.newBuilder(node.resolve("/chunks/" + id)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }
}
