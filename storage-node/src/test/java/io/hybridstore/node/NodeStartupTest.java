package io.hybridstore.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start-up validation lists every problem at once, in the operators' names. */
class NodeStartupTest {

    @Test
    void acceptsTheDefaults() {
        NodeStartup.validate(node("node-1", Duration.ofSeconds(3), Duration.ofSeconds(10), 64L << 20), () -> "secret");
    }

    @Test
    void listsEveryProblemWithItsEnvironmentName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NodeStartup.validate(node("bad/id", Duration.ofSeconds(6), Duration.ofSeconds(10), 2L << 30), () -> " "));
        for (String name : new String[] {"NODE_ID", "NODE_HEARTBEAT_INTERVAL", "NODE_MAX_CHUNK_SIZE", "NODE_SEGMENT_SIZE",
                "NODE_COMPACTION_LIVE_RATIO", "NODE_LOOP_READ_WINDOW", "CLUSTER_TOKEN"}) {
            assertTrue(e.getMessage().contains(name), name + " in " + e.getMessage());
        }
    }

    private static NodeConfig.Node node(String id, Duration heartbeat, Duration timeout, long maxChunk) {
        boolean bad = maxChunk > NodeStartup.MAX_CHUNK_SIZE_CEILING; // the case with every setting wrong
        return new NodeConfig.Node() {
            public String id() {
                return id;
            }

            public Path dataDir() {
                return Path.of("/data");
            }

            public Optional<String> zone() {
                return Optional.empty();
            }

            public Optional<String> url() {
                return Optional.empty();
            }

            public Duration heartbeatInterval() {
                return heartbeat;
            }

            public Duration timeout() {
                return timeout;
            }

            public MemorySize maxChunkSize() {
                return new MemorySize(BigInteger.valueOf(maxChunk));
            }

            public MemorySize reserve() {
                return new MemorySize(BigInteger.ZERO);
            }

            @Override
            public boolean directIo() {
                return true;
            }

            public MemorySize smallChunkMax() {
                return new MemorySize(BigInteger.valueOf(128 << 10));
            }

            public MemorySize segmentSize() {
                return new MemorySize(BigInteger.valueOf(bad ? 1024 : 256 << 20)); // bad: below the 1M minimum
            }

            public MemorySize batchMaxBytes() {
                return new MemorySize(BigInteger.valueOf(64 << 20));
            }

            public int batchMaxCount() {
                return 1000;
            }

            public double compactionLiveRatio() {
                return bad ? 1.5 : 0.5; // bad: not a fraction
            }

            public MemorySize compactionRate() {
                return new MemorySize(BigInteger.valueOf(32 << 20));
            }

            public Duration compactionInterval() {
                return Duration.ofSeconds(30);
            }

            public MemorySize loopReadWindow() {
                return new MemorySize(BigInteger.valueOf(bad ? -1 : 256 << 20)); // bad: negative
            }
        };
    }
}
