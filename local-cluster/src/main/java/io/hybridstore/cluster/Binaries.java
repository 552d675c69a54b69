package io.hybridstore.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the executables the cluster runs come from. */
final class Binaries {
    private Binaries() {
    }

    /** The java of the JVM running the launcher: it is new enough (21+), since it runs this code. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** etcd: system property {@code hybridstore.etcd}, env {@code ETCD_BIN}, or the PATH. */
    static Path etcd() {
        String explicit = Optional.ofNullable(System.getProperty("hybridstore.etcd")).orElse(System.getenv("ETCD_BIN"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "etcd"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new LocalClusterException("etcd is not on the PATH: install it with "
                        + "`sudo apt-get install -y etcd-server` (etcd 3.4+), or set ETCD_BIN"));
    }
}
