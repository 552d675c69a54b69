package io.hybridstore.io;

import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The network transport a Vert.x instance runs on, said once at an app's start.
 *
 * <p>Why say it: the apps ask for Netty's native epoll transport ({@code quarkus.vertx.prefer-native-transport},
 * fewer syscalls and less kernel time per request than Java NIO; docs/benchmarks.md, session 27), but
 * Vert.x falls back to NIO without a word when the native library cannot load (not Linux, another
 * CPU, a temp directory mounted noexec). That fallback is a warning here, with its cause.
 *
 * <p>What this does not cover: jetcd builds a Vert.x of its own for its gRPC channel, always on NIO
 * (it takes no options), and the Kafka client has its own NIO selector.
 *
 * @param name             {@code epoll} (or {@code kqueue}) for a native transport, {@code nio} for Java NIO
 * @param preferred        whether the app asked for the native transport
 * @param unavailableCause why the native transport could not load, when asked for and not running; else null
 */
public record NetworkTransport(String name, boolean preferred, Throwable unavailableCause) {

    /** The environment variable that turns the native transport off (Quarkus's name for the setting). */
    public static final String SWITCH = "QUARKUS_VERTX_PREFER_NATIVE_TRANSPORT";
    public static final String NIO = "nio";

    public static NetworkTransport of(Vertx vertx, boolean preferred) {
        if (!vertx.isNativeTransportEnabled()) {
            return new NetworkTransport(NIO, preferred, preferred ? vertx.unavailableNativeTransportCause() : null);
        }
        // Vert.x 4 names the transport only in its internal API: EpollTransport, KQueueTransport.
        String type = ((VertxInternal) vertx).transport().getClass().getSimpleName();
        return new NetworkTransport(type.replace("Transport", "").toLowerCase(Locale.ROOT), preferred, null);
    }

    public boolean isNative() {
        return !NIO.equals(name);
    }

    /** The native transport was asked for, and Vert.x runs on NIO all the same. */
    public boolean fellBack() {
        return preferred && !isNative();
    }

    public String describe() {
        if (isNative()) {
            return "network transport: " + name + " (Netty's native transport; " + SWITCH + "=false selects Java NIO)";
        }
        if (!preferred) {
            return "network transport: Java NIO (" + SWITCH + "=false)";
        }
        return "network transport: Java NIO, because the native transport asked for is unavailable here: "
                + (unavailableCause == null ? "no cause given" : unavailableCause);
    }

    /** Logs {@link #describe()}: a fallback as a warning, anything else as information. */
    public NetworkTransport log(Logger log) {
        if (fellBack()) {
            log.warn(describe());
        } else {
            log.info(describe());
        }
        return this;
    }
}
