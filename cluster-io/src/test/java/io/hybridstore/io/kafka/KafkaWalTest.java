package io.hybridstore.io.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.KafkaBroker;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WAL adapters against one real broker (started once for the class; ~350 MB, 5-10 s). */
class KafkaWalTest {

    private static final int MAX_RECORD = 17 << 20;
    private static KafkaBroker broker;
    private static KafkaWriteAheadLog wal;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("kafka-wal-test"));
        wal = new KafkaWriteAheadLog(broker.bootstrapServers(), KafkaBroker.WAL_TOPIC, "test", Duration.ofSeconds(10), MAX_RECORD, 5);
    }

    @AfterAll
    static void stopBroker() {
        if (wal != null) {
            wal.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void producerRequestsInFlightOutsideOneToFiveAreRefusedBeforeAnyConnection() {
        for (int refused : new int[] {0, 6}) {
            assertThrows(IllegalArgumentException.class, () -> new KafkaWriteAheadLog(broker.bootstrapServers(), KafkaBroker.WAL_TOPIC,
                    "refused", Duration.ofSeconds(1), MAX_RECORD, refused));
        }
    }

    @Test
    void withOneRequestInFlightConcurrentAppendsEachGetTheirOwnOffsetInOrderPerKey() throws Exception {
        try (KafkaWriteAheadLog one = new KafkaWriteAheadLog(broker.bootstrapServers(), KafkaBroker.WAL_TOPIC, "one-in-flight",
                Duration.ofSeconds(10), MAX_RECORD, 1);
                var threads = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            String prefix = "k1-" + UUID.randomUUID() + "-";
            var appended = new java.util.ArrayList<java.util.concurrent.Future<java.util.List<Version>>>();
            for (int t = 0; t < 16; t++) {
                String key = prefix + t;
                appended.add(threads.submit(() -> {
                    var versions = new java.util.ArrayList<Version>();
                    for (int i = 0; i < 25; i++) {
                        versions.add(one.append(key, text(key + "/" + i)));
                    }
                    return versions;
                }));
            }
            var seen = new java.util.HashSet<Version>();
            for (var f : appended) {
                java.util.List<Version> versions = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (int i = 1; i < versions.size(); i++) {
                    assertTrue(versions.get(i).isNewerThan(versions.get(i - 1)), "one key's appends in order");
                }
                seen.addAll(versions);
            }
            assertEquals(16 * 25, seen.size(), "every append acknowledged at an offset of its own");
        }
    }

    @Test
    void oneKeyKeepsOnePartitionAndIncreasingOffsets() {
        String key = "k-" + UUID.randomUUID();
        Version first = wal.append(key, text("1"));
        Version second = wal.append(key, text("2"));
        assertEquals(first.partition(), second.partition());
        assertTrue(second.isNewerThan(first));
    }

    @Test
    void readerSeesAppendedRecordsCommitsAndRewinds() {
        String group = "g-" + UUID.randomUUID();
        Map<String, Version> appended = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            String key = "r-" + i + "-" + UUID.randomUUID();
            appended.put(key, wal.append(key, text("v" + i)));
        }
        List<WalEntry> mine;
        try (KafkaWalReader reader = reader(group)) {
            mine = readMine(reader, appended, 5);
            for (WalEntry e : mine) {
                assertEquals(appended.get(e.key()), e.version());
            }
            assertTrue(new String(mine.get(0).payload(), StandardCharsets.UTF_8).startsWith("v"));
            // Commit one record; uncommitted ones come back after a rewind.
            WalEntry committed = mine.get(0);
            reader.commit(committed);
            reader.rewind();
            List<WalEntry> again = readMine(reader, appended, 4);
            assertFalse(again.stream().anyMatch(e -> e.version().equals(committed.version())));
            reader.commit(again); // the replay's commit: one offset commit for the batch, across partitions
        }
        try (KafkaWalReader next = reader(group)) {
            // Every one of our records is committed now: a new member of the group sees none of them.
            List<WalEntry> seen = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                next.poll(Duration.ofMillis(500)).stream().filter(e -> appended.containsKey(e.key())).forEach(seen::add);
            }
            assertEquals(List.of(), seen);
        }
    }

    @Test
    void aTenMebibyteRecordFits() {
        byte[] big = new byte[10 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        String key = "big-" + UUID.randomUUID();
        Version v = wal.append(key, big);
        try (KafkaWalReader reader = reader("g-" + UUID.randomUUID())) {
            WalEntry e = readMine(reader, Map.of(key, v), 1).get(0);
            assertArrayEquals(big, e.payload());
        }
    }

    @Test
    void aRecordAboveTheLimitIsPayloadTooLarge() {
        try (KafkaWriteAheadLog small = new KafkaWriteAheadLog(broker.bootstrapServers(), KafkaBroker.WAL_TOPIC, "small",
                Duration.ofSeconds(5), 1 << 20, 5)) {
            StoreException e = assertThrows(StoreException.class, () -> small.append("k", new byte[2 << 20]));
            assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        }
    }

    @Test
    void noBrokerMeansUnavailableWithinTheTimeout() {
        try (KafkaWriteAheadLog dead = new KafkaWriteAheadLog("127.0.0.1:" + Ports.free(), KafkaBroker.WAL_TOPIC, "dead",
                Duration.ofMillis(1500), MAX_RECORD, 5)) {
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> dead.append("k", text("v")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.TIMEOUT, e.code().toString());
            assertTrue(ms < 5_000, "bounded: " + ms + " ms");
        }
        try (KafkaHealth health = new KafkaHealth("127.0.0.1:" + Ports.free(), "h")) {
            assertFalse(health.isReachable(Duration.ofMillis(500)));
        }
        try (KafkaHealth health = new KafkaHealth(broker.bootstrapServers(), "h")) {
            assertTrue(health.isReachable(Duration.ofSeconds(5)));
        }
    }

    private static KafkaWalReader reader(String group) {
        return new KafkaWalReader(broker.bootstrapServers(), KafkaBroker.WAL_TOPIC, group, group, Duration.ofSeconds(10), MAX_RECORD);
    }

    private static List<WalEntry> readMine(WalReader reader, Map<String, Version> mine, int expected) {
        List<WalEntry> seen = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.size() < expected && System.nanoTime() < until) {
            reader.poll(Duration.ofMillis(500)).stream().filter(e -> mine.containsKey(e.key())).forEach(seen::add);
        }
        assertEquals(expected, seen.size(), "records seen: " + seen);
        return seen;
    }
}
