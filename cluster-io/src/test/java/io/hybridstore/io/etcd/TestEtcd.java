package io.hybridstore.io.etcd;

import io.hybridstore.cluster.EtcdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd server for a test class, and the connections its tests open to it, all closed after
 * the class. Register it on a static field:
 *
 * <pre>{@code @RegisterExtension static final TestEtcd etcd = new TestEtcd("/dead");}</pre>
 *
 * <p>{@link #connection()} is the class's own connection on its prefix; {@link #freshConnection()}
 * opens one on a prefix no other test used, so tests on one server do not see each other's keys.
 */
public final class TestEtcd implements BeforeAllCallback, AfterAllCallback {

    /** Long enough for a loaded machine; the tests that time a failure set their own. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String prefix;
    private final AtomicInteger fresh = new AtomicInteger();
    private final List<EtcdConnection> connections = new CopyOnWriteArrayList<>();
    private volatile EtcdServer server;
    private volatile Path dataDir;
    private volatile EtcdConnection connection;
    /** The class that started the server: {@code @Nested} classes inherit the extension and must not stop it. */
    private volatile String owner;

    public TestEtcd(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (server != null) {
            return;
        }
        owner = context.getUniqueId();
        dataDir = Files.createTempDirectory("etcd" + prefix.replace('/', '-'));
        server = EtcdServer.start(dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            connections.forEach(EtcdConnection::close);
            server.close();
        } finally {
            server = null;
            connection = null;
            connections.clear();
            deleteRecursively(dataDir);
        }
    }

    public EtcdServer server() {
        if (server == null) {
            throw new IllegalStateException("etcd is not running: register TestEtcd with @RegisterExtension on a static field");
        }
        return server;
    }

    /** The class's connection on its own prefix, opened on first use. */
    public synchronized EtcdConnection connection() {
        if (connection == null) {
            connection = connect(prefix);
        }
        return connection;
    }

    /** A connection on a prefix of its own ({@code <prefix>-1}, {@code -2}, ...), closed after the class. */
    public EtcdConnection freshConnection() {
        return connect(prefix + "-" + fresh.incrementAndGet());
    }

    /** A connection on {@code keyPrefix}, closed after the class. */
    public EtcdConnection connect(String keyPrefix) {
        return connect(keyPrefix, REQUEST_TIMEOUT);
    }

    public EtcdConnection connect(String keyPrefix, Duration requestTimeout) {
        EtcdConnection etcd = EtcdConnection.connect(List.of(server().endpoint()), keyPrefix, requestTimeout);
        connections.add(etcd);
        return etcd;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
