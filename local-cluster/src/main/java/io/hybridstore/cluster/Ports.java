package io.hybridstore.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/** Loopback port helpers: every process of a local cluster listens on 127.0.0.1 only. */
public final class Ports {
    /** Ports handed out by this JVM: the OS may offer a just-closed port again before its new owner binds it. */
    private static final Set<Integer> handedOut = new HashSet<>();

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new LocalClusterException("cannot allocate a free port on 127.0.0.1", e);
            }
        }
        throw new LocalClusterException("no fresh free port on 127.0.0.1 after 100 attempts");
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming the owner we wanted when 127.0.0.1:port cannot be bound. */
    static void requireFree(int port, String wantedBy) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new LocalClusterException("port " + port + " (for " + wantedBy + ") is already in use on 127.0.0.1: "
                    + "is another cluster running? Try `make status` / `make down`.");
        }
    }
}
