package io.hybridstore.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** A member that is one {@link ManagedProcess}: stopping, killing, its pid and its log are that process's. */
abstract class OneProcessMember implements Member {

    abstract ManagedProcess process();

    /** How long a graceful stop may take before the process is killed. */
    abstract Duration stopGrace();

    @Override
    public void stop() {
        process().stop(stopGrace());
    }

    @Override
    public void kill() {
        process().kill();
    }

    @Override
    public boolean isRunning() {
        return process().isRunning();
    }

    @Override
    public OptionalLong pid() {
        return process().pid();
    }

    @Override
    public Path logFile() {
        return process().logFile();
    }
}
