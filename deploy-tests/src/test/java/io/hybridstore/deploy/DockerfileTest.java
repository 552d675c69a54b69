package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each app's src/main/docker/Dockerfile.jvm: the Quarkus fast-jar on a pinned JDK 21+ base, non-root, its port. */
class DockerfileTest {
    private static final Pattern JDK = Pattern.compile("(?:openjdk|jdk|jre|java)-?(\\d+)");

    /** Instructions with their continuation lines joined, comments dropped. */
    static List<String[]> instructions(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().split("\\s+", 2);
            out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
            current.setLength(0);
        }
        return out;
    }

    @Test
    void eachAppHasAQuarkusJvmDockerfile() throws IOException {
        int instructions = 0;
        for (App app : App.values()) {
            Path file = Repo.path(app.module + "/src/main/docker/Dockerfile.jvm");
            assertTrue(Files.isRegularFile(file), file + " exists");
            List<String[]> all = instructions(file);
            instructions += all.size();
            String where = app.module + " Dockerfile.jvm";

            List<String> from = values(all, "FROM");
            assertEquals(1, from.size(), where + ": one stage, the fast-jar is built by Maven");
            Images.assertPinned(from.get(0), where);
            Matcher jdk = JDK.matcher(from.get(0));
            assertTrue(jdk.find() && Integer.parseInt(jdk.group(1)) >= 21, where + ": a Java 21+ base, not " + from.get(0));

            List<String> users = values(all, "USER");
            String finalUser = users.get(users.size() - 1);
            assertFalse(finalUser.equals("root") || finalUser.equals("0") || finalUser.startsWith("0:"), where + ": runs as root");

            assertEquals(List.of("8080"), values(all, "EXPOSE"), where + ": the QUARKUS_HTTP_PORT compose and k8s set");
            String env = String.join(" ", values(all, "ENV"));
            assertTrue(env.matches(".*JAVA_OPTS_APPEND=\"[^\"]*" + Pattern.quote(EnvRules.VECTOR_FLAG) + ".*"),
                    where + ": the codec's Vector API flag in the JVM options");
            assertTrue(env.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""), where + ": runs the fast-jar");
            List<String> copies = values(all, "COPY");
            for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
                assertTrue(copies.stream().anyMatch(c -> c.contains("target/quarkus-app/" + part)), where + ": copies " + part);
            }
            assertTrue(values(all, "ENTRYPOINT").get(0).contains("run-java.sh"), where + ": run-java.sh applies JAVA_* env");

            List<String> ignore = Files.readAllLines(Repo.path(app.module + "/.dockerignore"));
            assertTrue(ignore.contains("*") && ignore.stream().anyMatch(l -> l.startsWith("!target/quarkus-app")),
                    app.module + "/.dockerignore sends only the fast-jar");
        }
        assertTrue(instructions >= 3 * 9, "instructions read: " + instructions);
    }

    @Test
    void theStorageNodeImageHasAWritableDataDir() throws IOException {
        List<String[]> all = instructions(Repo.path("storage-node/src/main/docker/Dockerfile.jvm"));
        String run = String.join(" ", values(all, "RUN"));
        assertTrue(run.contains("mkdir -p /data") && run.contains("chown 185"),
                "a named volume on /data starts owned by the runtime user");
    }

    private static List<String> values(List<String[]> all, String instruction) {
        return all.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }
}
