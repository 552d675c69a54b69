package io.hybridstore.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the broker JVM: formats the KRaft log dir on first start, then runs {@code kafka.Kafka}.
 * One JVM instead of a separate {@code kafka-storage format} JVM: under load (eight nodes starting
 * beside it) that extra JVM alone took ~25 s here.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}; the id is used only by the first format.
 */
final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        String config = args[0];
        String clusterId = args[1];
        // Formatting again would wipe the metadata (and refuses another cluster id): only a fresh dir.
        if (!Files.exists(logDir(config).resolve("meta.properties"))) {
            int code = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config}, System.out);
            if (code != 0) {
                System.err.println("kafka storage format failed with code " + code);
                System.exit(code);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static Path logDir(String config) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(config))) {
            properties.load(in);
        }
        return Path.of(properties.getProperty("log.dirs"));
    }
}
