package io.hybridstore.bench.small;

import io.hybridstore.io.http.ChunkApi;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.hc.core5.http.ContentType;

/**
 * The storage floors: a chunk PUT straight to one node (with the SHA-256 and CRC32C headers the
 * gateway sends, so the node does the same checks) and a GET of a chunk stored that way. Each
 * client its own HTTP/1.1 connection through the same client as {@link GatewayClient} ({@link BenchHttp}).
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
        BenchHttp http = new BenchHttp(TIMEOUT);
        SplittableRandom random = new SplittableRandom(client);
        return Operation.closing(http, () -> {
            byte[] chunk = new byte[chunkBytes];
            random.nextBytes(chunk);
            CRC32C crc = new CRC32C();
            crc.update(chunk);
            String id = idPrefix + "-" + SEQUENCE.incrementAndGet();
            int status = http.put(uri(id), chunk, ContentType.APPLICATION_OCTET_STREAM, Map.of("Authorization", "Bearer " + token,
                    ChunkApi.SHA256_HEADER, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk)),
                    ChunkApi.CRC32C_HEADER, Long.toHexString(crc.getValue()))).status();
            if (status != 200) {
                return Operation.Outcome.failed(Integer.toString(status));
            }
            stored.add(id);
            return Operation.Outcome.OK;
        });
    }

    Operation get(int client) {
        BenchHttp http = new BenchHttp(TIMEOUT);
        SplittableRandom random = new SplittableRandom(client);
        return Operation.closing(http, () -> {
            String id = stored.any(random);
            if (id == null) {
                return Operation.Outcome.failed("no-chunk-yet");
            }
            BenchHttp.Response response = http.get(uri(id), Map.of("Authorization", "Bearer " + token));
            return response.status() == 200 && response.bodyBytes() == chunkBytes
                    ? Operation.Outcome.OK : Operation.Outcome.failed(Integer.toString(response.status()));
        });
    }

    private URI uri(String id) {
        return node.resolve("/chunks/" + id);
    }
}
