package io.hybridstore.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** What the cluster does with any of its processes, whatever runs inside. */
interface Member {
    String name();

    /** Starts the process on its port and data dir and returns once it is healthy; a no-op if it already runs. */
    void start(Duration timeout);

    /** SIGTERM, then SIGKILL after a grace period; returns once the process has exited. */
    void stop();

    /** SIGKILL; returns once the process has exited. */
    void kill();

    boolean isRunning();

    OptionalLong pid();

    /** Whether the process answers its health check right now. */
    boolean isHealthy();

    URI url();

    Path dataDir();

    Path logFile();
}
