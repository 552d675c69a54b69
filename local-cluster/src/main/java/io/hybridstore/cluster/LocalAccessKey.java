package io.hybridstore.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access key of a local cluster, so {@code aws}, {@code rclone} and {@code s3cmd} work after
 * {@code . .run/cluster.env}: created through the gateway's admin endpoint once the gateway is up,
 * kept in the base dir (mode 600, like the cluster token), and reused on the next start while etcd
 * still lists it (a wiped etcd gets a new one).
 */
record LocalAccessKey(String id, String secret) {

    static final String FILE = "access-key";
    static final String OWNER = "local";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Z0-9]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    @Override
    public String toString() {
        return "LocalAccessKey[" + id + "]"; // no secret
    }

    /** The saved key if the gateway still knows it, else a new one; empty when the gateway has no key endpoint. */
    static Optional<LocalAccessKey> ensure(Path baseDir, URI gateway, String clusterToken) {
        Path file = baseDir.resolve(FILE);
        try {
            Optional<LocalAccessKey> saved = load(file);
            if (saved.isPresent() && listed(gateway, clusterToken, saved.get().id())) {
                return saved;
            }
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/access-keys"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + clusterToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + OWNER + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() == 404 || created.statusCode() == 405) {
                return Optional.empty(); // a gateway built before access keys
            }
            if (created.statusCode() != 201) {
                throw new LocalClusterException("creating the local access key answered " + created.statusCode() + ": " + created.body());
            }
            LocalAccessKey key = parse(created.body());
            save(baseDir, file, key);
            return Optional.of(key);
        } catch (IOException e) {
            throw new LocalClusterException("cannot create the local access key through " + gateway, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while creating the local access key", e);
        }
    }

    static LocalAccessKey parse(String json) {
        Matcher id = ID.matcher(json);
        Matcher secret = SECRET.matcher(json);
        if (!id.find() || !secret.find()) {
            throw new LocalClusterException("the gateway's new access key has no id or secret: " + json.replaceAll("\"secret\"[^,}]*", "\"secret\":…"));
        }
        return new LocalAccessKey(id.group(1), secret.group(1));
    }

    private static boolean listed(URI gateway, String clusterToken, String id) throws IOException, InterruptedException {
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/access-keys"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + clusterToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return list.statusCode() == 200 && list.body().contains("\"" + id + "\"");
    }

    private static Optional<LocalAccessKey> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file).strip().split(":", 2);
        return parts.length == 2 ? Optional.of(new LocalAccessKey(parts[0], parts[1])) : Optional.empty();
    }

    private static void save(Path baseDir, Path file, LocalAccessKey key) throws IOException {
        Path temp = Files.createTempFile(baseDir, FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the key stays readable by whoever reads the base dir.
        }
        Files.writeString(temp, key.id() + ":" + key.secret() + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
