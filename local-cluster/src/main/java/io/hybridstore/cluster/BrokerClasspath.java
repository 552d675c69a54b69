package io.hybridstore.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kafka broker's classpath, written at build time by maven-dependency-plugin into two resources
 * (see local-cluster/pom.xml); the broker runs on their union, in its own JVM, so its jars never meet
 * the apps' kafka-clients.
 */
final class BrokerClasspath {
    private static final List<String> RESOURCES = List.of("kafka-broker.classpath", "launcher.classpath");

    private BrokerClasspath() {
    }

    static String resolve() {
        Set<String> entries = new LinkedHashSet<>();
        for (String resource : RESOURCES) {
            entries.addAll(split(read(resource)));
        }
        // This module's own code, for BrokerMain.
        entries.add(ownLocation());
        List<String> missing = entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
        if (!missing.isEmpty()) {
            throw new LocalClusterException("the Kafka broker classpath names jars that are gone (local Maven repository "
                    + "cleaned?); rebuild: ./mvnw -pl local-cluster install. Missing: " + missing);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String ownLocation() {
        try {
            return Path.of(BrokerClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new LocalClusterException("cannot locate the local-cluster classes", e);
        }
    }

    static List<String> split(String classpath) {
        return Stream.of(classpath.trim().split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    private static String read(String resource) {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalClusterException("resource io/hybridstore/cluster/" + resource + " is missing: local-cluster "
                        + "must be built by Maven (it writes the broker classpath at generate-resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalClusterException("cannot read " + resource, e);
        }
    }
}
