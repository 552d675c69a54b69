package io.hybridstore.io;

import io.hybridstore.io.etcd.EtcdConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every app builds its backend (the gateway's and the healer's {@code BackendProducer} name the
 * adapters; this is the part they share). The in-memory backend keeps its state only in this process,
 * so it is refused outside tests and dev mode; the real one is built adapter by adapter into a
 * {@link Closer}, so that an adapter that fails to build closes those built before it.
 */
public final class BackendAssembly {

    /** Connecting to a node is quick or never: fail over to another node after a second, not the full node timeout. */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private BackendAssembly() {
    }

    /**
     * The in-memory backend, if this launch may have it.
     *
     * @param setting the environment variable that chose it, e.g. {@code GATEWAY_BACKEND}
     * @param risk what the fake does in place of the real thing, e.g. "keeps acknowledged writes only in this process's memory"
     * @param devOrTest whether this is a test or dev-mode launch (the app asks its framework)
     * @param launchMode the launch mode's name, for the refusal
     */
    public static <B> B memory(String setting, String risk, boolean devOrTest, Object launchMode, Supplier<B> memory) {
        if (!devOrTest) {
            throw new IllegalStateException(setting + "=memory " + risk + " and is for tests and dev mode only (launch mode "
                    + launchMode + "); unset it or set " + setting + "=real");
        }
        return memory.get();
    }

    /** The real backend; {@code built} collects its adapters as they are built, and if one throws the earlier ones are closed. */
    public static <B> B real(Closer built, Function<Closer, B> real) {
        try {
            return real.apply(built);
        } catch (RuntimeException | Error e) {
            built.closeAfter(e);
            throw e;
        }
    }

    /** The etcd connection every real backend starts with, added to {@code built}. */
    public static EtcdConnection etcd(Closer built, Optional<List<String>> endpoints, String prefix, Duration requestTimeout) {
        return built.add(EtcdConnection.connect(required(endpoints, "ETCD_ENDPOINTS"), prefix, requestTimeout));
    }

    /** A setting with no default that the real backend cannot do without. */
    public static <T> T required(Optional<T> value, String name) {
        return value.orElseThrow(() -> new IllegalStateException(name + " is required"));
    }

    /** How long to wait for a connection to a storage node: the node timeout, at most a second. */
    public static Duration connectTimeout(Duration nodeTimeout) {
        return nodeTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? nodeTimeout : MAX_CONNECT_TIMEOUT;
    }
}
