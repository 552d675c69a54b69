package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The shared secret of one cluster: random, created with its base dir and kept there, so a restart keeps it. */
final class ClusterToken {
    private static final String FILE = "cluster-token";

    private ClusterToken() {
    }

    static String loadOrCreate(Path baseDir) {
        Path file = baseDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            String token = generate();
            Files.createDirectories(baseDir);
            Path temp = Files.createTempFile(baseDir, FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the token stays readable by whoever reads the base dir.
            }
            Files.writeString(temp, token + "\n");
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new LocalClusterException("cannot read or create " + file, e);
        }
    }

    /** 256 random bits, URL-safe base64: fits an HTTP header and a shell variable unquoted. */
    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
