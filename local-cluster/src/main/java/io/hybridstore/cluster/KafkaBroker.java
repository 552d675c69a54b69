package io.hybridstore.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM), on 127.0.0.1,
 * with topic {@value #WAL_TOPIC} created once it is up.
 *
 * <p>Standalone use: {@code try (var kafka = KafkaBroker.start(tempDir)) { kafka.bootstrapServers() ... }}.
 * Starting takes 5-10 s on this machine, mostly JVM warm-up.
 */
public final class KafkaBroker extends OneProcessMember implements AutoCloseable {
    public static final String WAL_TOPIC = "wal-events";
    public static final int DEFAULT_WAL_PARTITIONS = 3;
    static final String NAME = "kafka";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int walPartitions;
    private final ManagedProcess process;

    KafkaBroker(Path dir, int port, int controllerPort, int walPartitions, Path logFile, Path pidFile) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.walPartitions = walPartitions;
        this.process = new ManagedProcess(NAME, logFile, pidFile, marker());
    }

    /** Starts a broker on free ports with data and log under {@code dir}; stopped at JVM exit at the latest. */
    public static KafkaBroker start(Path dir) {
        Path absolute = dir.toAbsolutePath();
        KafkaBroker kafka = new KafkaBroker(absolute, Ports.free(), Ports.free(), DEFAULT_WAL_PARTITIONS,
                absolute.resolve("kafka.log"), null);
        Reaper.register(kafka);
        try {
            kafka.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** e.g. {@code 127.0.0.1:9092}: the value of {@code KAFKA_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Duration timeout) {
        if (!process.isRunning()) {
            writeConfig();
            process.launch(command(BrokerClasspath.resolve(), configFile(), marker()), Map.of(), env -> { }, dir);
        }
        // The port opens before the broker has registered with its controller: ask for the cluster.
        try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers())) {
            process.awaitReady("serving " + bootstrapServers() + " with topic " + WAL_TOPIC, timeout,
                    () -> Ports.isListening(port) && admin.clusterReady()
                            && admin.ensureTopic(WAL_TOPIC, walPartitions, Map.of("max.message.bytes",
                                    Integer.toString(KafkaConfig.MAX_MESSAGE_BYTES))));
        }
    }

    /** Stops it gracefully and starts it again on the same ports and data. */
    public void restart() {
        stop();
        start(START_TIMEOUT);
    }

    /** Creates a topic (one replica) unless it exists, and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions) {
        try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers())) {
            Wait.until("topic " + topic, Duration.ofSeconds(30), () -> admin.ensureTopic(topic, partitions, Map.of()), () -> "");
        }
    }

    @Override
    public boolean isHealthy() {
        if (!Ports.isListening(port)) {
            return false;
        }
        try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers())) {
            return admin.clusterReady();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    ManagedProcess process() {
        return process;
    }

    @Override
    Duration stopGrace() {
        return STOP_GRACE;
    }

    /** {@code kafka://127.0.0.1:PORT}: Kafka speaks its own protocol, not HTTP. */
    @Override
    public URI url() {
        return URI.create("kafka://" + bootstrapServers());
    }

    @Override
    public Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        stop();
        Reaper.unregister(this);
    }

    private Path configFile() {
        return dir.resolve("server.properties");
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dataDir());
            Files.createDirectories(logFile().getParent());
            Files.writeString(configFile(), KafkaConfig.render(KafkaConfig.properties(dataDir(), port, controllerPort, Map.of())));
        } catch (IOException e) {
            throw new LocalClusterException("cannot write " + configFile(), e);
        }
    }

    /** Marks the command line as this broker's; early in it, since /proc cuts long command lines (the classpath). */
    private String marker() {
        return dir + "/";
    }

    static List<String> command(String classpath, Path configFile, String marker) {
        return List.of(Binaries.java().toString(), "-Dhybridstore.member.dir=" + marker,
                // Measured: ~350 MB resident once started.
                "-Xmx512m", "-Xms64m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                // Kafka ships no SLF4J binding; slf4j-simple (on this classpath) writes to stderr = the log file.
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn",
                "-cp", classpath, BrokerMain.class.getName(), configFile.toString(), Uuid.randomUuid().toString());
    }
}
