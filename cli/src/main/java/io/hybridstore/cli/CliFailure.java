package io.hybridstore.cli;

/** A failure the command reports in one line and exits with {@link #exitCode()} (see {@link ExitCode}). */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliFailure notFound(String message) {
        return new CliFailure(ExitCode.NOT_FOUND, message);
    }

    public static CliFailure unreachable(String message) {
        return new CliFailure(ExitCode.UNREACHABLE, message);
    }

    public static CliFailure failed(String message) {
        return new CliFailure(ExitCode.FAILED, message);
    }
}
